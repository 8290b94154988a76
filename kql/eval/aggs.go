package eval

import (
	"math"
	"sort"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// Aggregations, by the names bind lists. Stopgap until kql/builtin
// exports its aggregation table (LookupAgg); then newAgg should delegate.

// aggState accumulates one aggregation for one group.
type aggState interface {
	add(args []value.Value)
	result(out []value.Value)
}

// maxSetSize is make_set/make_list's default cap.
const maxSetSize = 1_048_576

// newAgg returns a constructor of per-group states for a.
func newAgg(a *bind.Agg) (func() aggState, error) {
	out := a.Outputs
	t := value.Invalid
	if len(out) > 0 {
		t = out[0].Type
	}
	limit := func(i int) int {
		if i < len(a.Args) {
			if c, ok := a.Args[i].(*bind.Const); ok {
				if f, ok := c.V.Unwrap().AsFloat(); ok && f > 0 {
					return int(f)
				}
			}
		}
		if a.Func == "makeset" || a.Func == "makelist" {
			return 128
		}
		return maxSetSize
	}
	switch a.Func {
	case "count":
		return func() aggState { return &countAgg{pred: -1} }, nil
	case "countif":
		return func() aggState { return &countAgg{pred: 0} }, nil
	case "dcount", "count_distinct":
		return func() aggState { return &dcountAgg{pred: -1, seen: map[string]bool{}} }, nil
	case "dcountif", "count_distinctif":
		return func() aggState { return &dcountAgg{pred: 1, seen: map[string]bool{}} }, nil
	case "make_set", "makeset":
		n := limit(1)
		return func() aggState { return &setAgg{pred: -1, max: n, set: true} }, nil
	case "make_set_if":
		n := limit(2)
		return func() aggState { return &setAgg{pred: 1, max: n, set: true} }, nil
	case "make_list", "makelist":
		n := limit(1)
		return func() aggState { return &setAgg{pred: -1, max: n} }, nil
	case "make_list_if":
		n := limit(2)
		return func() aggState { return &setAgg{pred: 1, max: n} }, nil
	case "make_list_with_nulls":
		n := limit(1)
		return func() aggState { return &setAgg{pred: -1, max: n, nulls: true} }, nil
	case "make_bag":
		return func() aggState { return &bagAgg{pred: -1} }, nil
	case "make_bag_if":
		return func() aggState { return &bagAgg{pred: 1} }, nil
	case "min", "max", "minif", "maxif":
		pred := -1
		if len(a.Func) == 5 {
			pred = 1
		}
		isMax := a.Func[:3] == "max"
		return func() aggState { return &extremeAgg{max: isMax, pred: pred, t: t} }, nil
	case "arg_max", "arg_min":
		isMax := a.Func == "arg_max"
		return func() aggState { return &argAgg{max: isMax, n: len(out)} }, nil
	case "sum", "sumif", "avg", "avgif", "stdev", "stdevif", "stdevp", "variance",
		"varianceif", "variancep":
		pred := -1
		switch a.Func {
		case "sumif", "avgif", "stdevif", "varianceif":
			pred = 1
		}
		fn := a.Func
		return func() aggState { return &numAgg{fn: fn, pred: pred, t: t} }, nil
	case "any", "take_any":
		return func() aggState { return &anyAgg{pred: -1, n: len(out)} }, nil
	case "take_anyif", "anyif":
		return func() aggState { return &anyAgg{pred: 1, n: 1} }, nil
	case "percentile", "percentiles":
		var ps []float64
		for _, x := range a.Args[1:] {
			c, ok := x.(*bind.Const)
			if !ok {
				return nil, errNotConstant("percentile")
			}
			f, _ := c.V.Unwrap().AsFloat()
			ps = append(ps, f)
		}
		return func() aggState { return &pctAgg{ps: ps, t: t} }, nil
	}
	return nil, errUnknownAgg(a.Func)
}

func predOK(args []value.Value, i int) bool {
	return i < 0 || i < len(args) && triOf(args[i]) == True
}

type countAgg struct {
	n    int64
	pred int
}

func (c *countAgg) add(args []value.Value) {
	if predOK(args, c.pred) {
		c.n++
	}
}
func (c *countAgg) result(out []value.Value) { out[0] = value.NewLong(c.n) }

type dcountAgg struct {
	pred int
	seen map[string]bool
	kb   []byte
}

func (d *dcountAgg) add(args []value.Value) {
	if !predOK(args, d.pred) || args[0].IsNull() {
		return
	}
	d.kb = appendKey(d.kb[:0], args[0])
	d.seen[string(d.kb)] = true
}
func (d *dcountAgg) result(out []value.Value) { out[0] = value.NewLong(int64(len(d.seen))) }

type setAgg struct {
	pred  int
	max   int
	set   bool
	nulls bool
	seen  map[string]bool
	vals  value.Array
	kb    []byte
}

func (s *setAgg) add(args []value.Value) {
	if !predOK(args, s.pred) || len(s.vals) >= s.max {
		return
	}
	v := args[0]
	// A dynamic null is kept by make_list (the real engine does).
	if v.IsNull() && !s.nulls && (s.set || v.Type() != value.Dynamic) {
		return
	}
	if arr, ok := v.Array(); ok {
		for _, e := range arr {
			s.add1(e)
		}
		return
	}
	s.add1(v)
}

func (s *setAgg) add1(v value.Value) {
	if len(s.vals) >= s.max {
		return
	}
	if s.set {
		if s.seen == nil {
			s.seen = map[string]bool{}
		}
		s.kb = appendKey(s.kb[:0], v.Unwrap())
		if s.seen[string(s.kb)] {
			return
		}
		s.seen[string(s.kb)] = true
	}
	s.vals = append(s.vals, v.Unwrap())
}

func (s *setAgg) result(out []value.Value) {
	out[0] = value.NewArray(append(value.Array{}, s.vals...))
}

type bagAgg struct {
	pred int
	bag  value.Bag
}

func (b *bagAgg) add(args []value.Value) {
	if !predOK(args, b.pred) {
		return
	}
	if bg, ok := args[0].Bag(); ok {
		for i, k := range bg.Keys {
			if _, dup := b.bag.Get(k); !dup {
				b.bag.Set(k, bg.Values[i])
			}
		}
	}
}

func (b *bagAgg) result(out []value.Value) {
	nb := &value.Bag{Keys: append([]string(nil), b.bag.Keys...),
		Values: append([]value.Value(nil), b.bag.Values...)}
	out[0] = value.NewBag(nb)
}

type extremeAgg struct {
	max  bool
	pred int
	t    value.Type
	best value.Value
	has  bool
}

func (e *extremeAgg) add(args []value.Value) {
	v := args[0]
	if !predOK(args, e.pred) || v.IsNull() {
		return
	}
	if !e.has {
		e.best, e.has = v, true
		return
	}
	if isNaN(e.best) {
		return
	}
	if isNaN(v) {
		e.best = v
		return
	}
	c := Compare(v, e.best)
	if e.max && c > 0 || !e.max && c < 0 {
		e.best = v
	}
}

func (e *extremeAgg) result(out []value.Value) {
	if !e.has {
		out[0] = value.Null(e.t)
		return
	}
	out[0] = e.best
}

type argAgg struct {
	max  bool
	n    int
	best []value.Value
}

func (a *argAgg) add(args []value.Value) {
	v := args[0]
	if v.IsNull() {
		if a.best == nil {
			a.best = append([]value.Value(nil), args[:a.n]...)
		}
		return
	}
	if a.best != nil && !a.best[0].IsNull() {
		// NaN wins, as in the real engine, and then stays.
		if isNaN(a.best[0]) {
			return
		}
		if isNaN(v) {
			a.best = append(a.best[:0], args[:a.n]...)
			return
		}
		c := Compare(v, a.best[0])
		if a.max && c <= 0 || !a.max && c >= 0 {
			return
		}
	}
	a.best = append(a.best[:0], args[:a.n]...)
}

func (a *argAgg) result(out []value.Value) {
	if a.best == nil {
		for i := range out {
			out[i] = value.Value{}
		}
		return
	}
	copy(out, a.best)
}

type anyAgg struct {
	pred int
	n    int
	vals []value.Value
	good bool
}

func (a *anyAgg) add(args []value.Value) {
	if a.good || !predOK(args, a.pred) {
		return
	}
	v := args[0]
	if a.vals == nil || !v.IsNull() && !(v.Type() == value.String && v.Str() == "") {
		a.vals = append(a.vals[:0], args[:a.n]...)
		a.good = !v.IsNull() && !(v.Type() == value.String && v.Str() == "")
	}
}

func (a *anyAgg) result(out []value.Value) {
	if a.vals == nil {
		for i := range out {
			out[i] = value.Value{}
		}
		return
	}
	copy(out, a.vals)
}

type pctAgg struct {
	ps   []float64
	t    value.Type
	vals []value.Value
}

func (p *pctAgg) add(args []value.Value) {
	if !args[0].IsNull() {
		p.vals = append(p.vals, args[0].Unwrap())
	}
}

func (p *pctAgg) result(out []value.Value) {
	sort.SliceStable(p.vals, func(i, j int) bool { return Compare(p.vals[i], p.vals[j]) < 0 })
	for i, pc := range p.ps {
		if len(p.vals) == 0 {
			out[i] = value.Null(p.t)
			continue
		}
		idx := int(math.Ceil(pc/100*float64(len(p.vals)))) - 1
		idx = min(max(idx, 0), len(p.vals)-1)
		out[i] = p.vals[idx]
	}
}

func isNaN(v value.Value) bool {
	v = v.Unwrap()
	return v.Type() == value.Real && !v.IsNull() && math.IsNaN(v.Real())
}
