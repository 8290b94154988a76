package builtin

import (
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

func init() {
	registerAgg(bindCount, "count")
	registerAgg(bindCountif, "countif")
	registerAgg(bindDcount("dcount"), "dcount", "count_distinct")
	registerAgg(ifVariant("dcountif", bindDcount("dcountif"), 1), "dcountif")
	registerAgg(ifVariant("count_distinctif", bindDcount("count_distinctif"), 1),
		"count_distinctif")
	registerAgg(bindMake("make_set", true, 1<<20), "make_set")
	registerAgg(bindMake("makeset", true, 128), "makeset")
	registerAgg(ifVariant("make_set_if", bindMake("make_set_if", true, 1<<20), 1),
		"make_set_if")
	registerAgg(bindMake("make_list", false, 1<<20), "make_list")
	registerAgg(bindMake("makelist", false, 128), "makelist")
	registerAgg(ifVariant("make_list_if", bindMake("make_list_if", false, 1<<20), 1),
		"make_list_if")
	registerAgg(bindListWithNulls, "make_list_with_nulls")
	registerAgg(bindMakeBag, "make_bag")
	registerAgg(ifVariant("make_bag_if", bindMakeBag, 1), "make_bag_if")
	registerAgg(bindExtreme("max", 1), "max")
	registerAgg(bindExtreme("min", -1), "min")
	registerAgg(ifVariant("maxif", bindExtreme("maxif", 1), 1), "maxif")
	registerAgg(ifVariant("minif", bindExtreme("minif", -1), 1), "minif")
	registerAgg(bindSum, "sum")
	registerAgg(ifVariant("sumif", bindSum, 1), "sumif")
	registerAgg(bindAvg, "avg")
	registerAgg(ifVariant("avgif", bindAvg, 1), "avgif")
	for _, m := range []struct {
		name     string
		sqrt     bool
		sample   bool
		ifSuffix string
	}{{"stdev", true, true, "stdevif"}, {"stdevp", true, false, "stdevpif"},
		{"variance", false, true, "varianceif"}, {"variancep", false, false, "variancepif"}} {
		b := bindMoments(m.name, m.sqrt, m.sample)
		registerAgg(b, m.name)
		registerAgg(ifVariant(m.ifSuffix, b, 1), m.ifSuffix)
	}
	registerAgg(bindAny, "any", "take_any")
	registerAgg(ifVariant("take_anyif", bindAny, 1), "take_anyif", "anyif")
	registerAgg(bindArg("arg_max", 1), "arg_max")
	registerAgg(bindArg("arg_min", -1), "arg_min")
	registerAgg(bindPercentiles("percentile", false), "percentile")
	registerAgg(bindPercentiles("percentiles", true), "percentiles")
}

// count() and count(x) count rows, nulls included, as the engine does.
type countState struct{ n int64 }

func (s *countState) Add([]value.Value)     { s.n++ }
func (s *countState) Result() []value.Value { return []value.Value{value.NewLong(s.n)} }
func (s *countState) Merge(o State)         { s.n += o.(*countState).n }
func bindCount(args []Arg) ([]value.Type, func() State, error) {
	if len(args) > 1 {
		return nil, nil, errArgCount("count", 0, 1, len(args))
	}
	return one(tLong), func() State { return &countState{} }, nil
}

type countifState struct{ n int64 }

func (s *countifState) Add(a []value.Value) {
	if predTrue(a[0]) {
		s.n++
	}
}
func (s *countifState) Result() []value.Value { return []value.Value{value.NewLong(s.n)} }
func (s *countifState) Merge(o State)         { s.n += o.(*countifState).n }
func bindCountif(args []Arg) ([]value.Type, func() State, error) {
	if err := aggSig("countif", args, ks(kBool), 0); err != nil {
		return nil, nil, err
	}
	return one(tLong), func() State { return &countifState{} }, nil
}

// dcount is exact: for the cardinalities tests observe, the engine's
// HyperLogLog estimate equals the exact count.
type dcountState struct{ seen map[setKey]struct{} }

func (s *dcountState) Add(a []value.Value) {
	if isAbsent(a[0].Unwrap()) {
		return
	}
	s.seen[elemKey(a[0])] = struct{}{}
}
func (s *dcountState) Result() []value.Value {
	return []value.Value{value.NewLong(int64(len(s.seen)))}
}
func (s *dcountState) Merge(o State) {
	for k := range o.(*dcountState).seen {
		s.seen[k] = struct{}{}
	}
}
func bindDcount(name string) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if err := aggSig(name, args, ks(kAny, kInt), 1); err != nil {
			return nil, nil, err
		}
		return one(tLong), func() State { return &dcountState{seen: map[setKey]struct{}{}} },
			nil
	}
}

// makeState serves make_set and make_list (nulls skipped) and
// make_list_with_nulls.
type makeState struct {
	set, nulls bool
	max        int
	seen       map[setKey]struct{}
	out        value.Array
}

func (s *makeState) Add(a []value.Value) {
	v := a[0].Unwrap()
	// The elements of an array value are added, not the array (kustainer
	// r1-aggregation-0034, r3-aggregation-0039, docs make-set L84); a null
	// of a dynamic column is a value make_list keeps (r3-aggregation-0039).
	if arr, ok := v.Array(); ok {
		for _, e := range arr {
			s.addOne(e)
		}
		return
	}
	if v.IsNull() && !s.nulls && (a[0].Type() != value.Dynamic || s.set) {
		return
	}
	s.addOne(v)
}

// addOne appends one element, deduplicating for make_set.
func (s *makeState) addOne(v value.Value) {
	if len(s.out) >= s.max {
		return
	}
	if s.set {
		k := elemKey(v)
		if _, dup := s.seen[k]; dup {
			return
		}
		s.seen[k] = struct{}{}
	}
	s.out = append(s.out, elemOf(v))
}
func (s *makeState) Result() []value.Value {
	return []value.Value{value.NewArray(append(value.Array{}, s.out...))}
}
func (s *makeState) Merge(o State) {
	for _, v := range o.(*makeState).out {
		s.addOne(v)
	}
}

func bindMake(name string, set bool, def int) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if err := aggSig(name, args, ks(kAny, kInt), 1); err != nil {
			return nil, nil, err
		}
		max := def
		if len(args) > 1 {
			if n, ok := constLong(args[1]); ok && n > 0 && n < int64(def) {
				max = int(n)
			}
		}
		return one(tDyn), func() State {
			return &makeState{set: set, max: max, seen: map[setKey]struct{}{}}
		}, nil
	}
}

func bindListWithNulls(args []Arg) ([]value.Type, func() State, error) {
	if err := aggSig("make_list_with_nulls", args, ks(kAny), 0); err != nil {
		return nil, nil, err
	}
	return one(tDyn), func() State { return &makeState{nulls: true, max: 1 << 20} }, nil
}

// make_bag merges bags; the first value seen for a key wins.
type bagState struct {
	max int
	bag value.Bag
}

func (s *bagState) Add(a []value.Value) {
	b, ok := a[0].Bag()
	if !ok {
		return
	}
	for i, k := range b.Keys {
		if _, dup := s.bag.Get(k); !dup && s.bag.Len() < s.max {
			s.bag.Set(k, b.Values[i])
		}
	}
}
func (s *bagState) Result() []value.Value {
	b := &value.Bag{Keys: append([]string{}, s.bag.Keys...),
		Values: append([]value.Value{}, s.bag.Values...)}
	return []value.Value{value.NewBag(b)}
}
func (s *bagState) Merge(o State) {
	ob := o.(*bagState).bag
	s.Add([]value.Value{value.NewBag(&ob)})
}
func bindMakeBag(args []Arg) ([]value.Type, func() State, error) {
	if err := aggSig("make_bag", args, ks(kDyn, kInt), 1); err != nil {
		return nil, nil, err
	}
	max := 1 << 20
	if len(args) > 1 {
		if n, ok := constLong(args[1]); ok && n > 0 {
			max = int(n)
		}
	}
	return one(tDyn), func() State { return &bagState{max: max} }, nil
}

// extremeState serves min and max; nulls and empty strings are skipped.
type extremeState struct {
	sign  int
	t     value.Type
	best  value.Value
	found bool
}

func (s *extremeState) Add(a []value.Value) {
	v := a[0]
	if isAbsent(v.Unwrap()) {
		return
	}
	if !s.found {
		s.best, s.found = v, true
		return
	}
	if c, ok := Compare(v, s.best); ok && c*s.sign > 0 || isNaNValue(v) {
		s.best = v
	}
}

// isNaNValue reports a real NaN. In max, min, arg_max and arg_min a NaN
// replaces the current extreme and no number replaces a NaN, as in the
// engine (kustainer r3-aggregation-0001 and -0023).
func isNaNValue(v value.Value) bool {
	v = v.Unwrap()
	return v.Type() == value.Real && !v.IsNull() && math.IsNaN(v.Real())
}
func (s *extremeState) Result() []value.Value {
	if !s.found {
		return []value.Value{nullOf(s.t)}
	}
	return []value.Value{coerce(s.best, s.t)}
}
func (s *extremeState) Merge(o State) {
	if os := o.(*extremeState); os.found {
		s.Add([]value.Value{os.best})
	}
}
func bindExtreme(name string, sign int) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if err := aggSig(name, args, ks(kAny), 0); err != nil {
			return nil, nil, err
		}
		t := args[0].Type
		return one(t), func() State { return &extremeState{sign: sign, t: t} }, nil
	}
}

// nullOf returns the null of t (dynamic null for dynamic).
func nullOf(t value.Type) value.Value {
	if t == value.Dynamic {
		return value.NullDynamic
	}
	return value.Null(t)
}

// sumState adds integers with wrap-around, reals, timespans or decimals;
// nulls are skipped and an empty sum is 0.
type sumState struct {
	t value.Type
	i int64
	f float64
}

func (s *sumState) Add(a []value.Value) {
	v := a[0].Unwrap()
	if v.IsNull() {
		return
	}
	switch s.t {
	case tLong, tSpan:
		n, ok := argLong(v)
		if ok {
			s.i += n
		}
	default:
		if f, ok := argReal(v); ok {
			s.f += f
		}
	}
}
func (s *sumState) Result() []value.Value {
	switch s.t {
	case tLong:
		return []value.Value{value.NewLong(s.i)}
	case tSpan:
		return []value.Value{value.NewTimespan(s.i)}
	case value.Decimal:
		return []value.Value{NewDecimalFloat(s.f)}
	}
	return []value.Value{value.NewReal(s.f)}
}
func (s *sumState) Merge(o State) {
	os := o.(*sumState)
	s.i += os.i
	s.f += os.f
}
func bindSum(args []Arg) ([]value.Type, func() State, error) {
	if len(args) != 1 {
		return nil, nil, errArgCount("sum", 1, 1, len(args))
	}
	t := args[0].Type
	if !t.IsNumeric() && t != tSpan && t != tDyn && t != value.Bool {
		return nil, nil, errArgType("sum", 0, "number", t)
	}
	rt := sumType(t)
	return one(rt), func() State { return &sumState{t: rt} }, nil
}
