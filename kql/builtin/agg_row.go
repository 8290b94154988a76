package builtin

import (
	"math"
	"sort"

	"github.com/kqlhunt/kqlhunt/value"
)

// Aggregations returning values of a chosen row: take_any, arg_max,
// arg_min; and the percentiles.

// anyState keeps the first row (take_any with several arguments) or, with
// one argument, the first non-null, non-empty value.
type anyState struct {
	types []value.Type
	vals  []value.Value
	done  bool
}

func (s *anyState) Add(a []value.Value) {
	if s.done {
		return
	}
	if len(a) == 1 && isAbsent(a[0].Unwrap()) {
		if s.vals == nil {
			s.vals = []value.Value{a[0]}
		}
		return
	}
	s.vals = append(s.vals[:0], a...)
	s.done = true
}
func (s *anyState) Result() []value.Value {
	out := make([]value.Value, len(s.types))
	for i, t := range s.types {
		out[i] = nullOf(t)
		if i < len(s.vals) {
			out[i] = coerce(s.vals[i], t)
		}
	}
	return out
}
func (s *anyState) Merge(o State) {
	if os := o.(*anyState); !s.done && os.vals != nil {
		s.Add(os.vals)
	}
}
func bindAny(args []Arg) ([]value.Type, func() State, error) {
	if len(args) < 1 {
		return nil, nil, errArgCount("take_any", 1, -1, 0)
	}
	ts := make([]value.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type
	}
	return ts, func() State { return &anyState{types: ts} }, nil
}

// argState keeps the row with the greatest (sign 1) or least (sign -1)
// first argument; ties keep the earlier row; while every first argument is
// null the first row is kept.
type argState struct {
	sign  int
	types []value.Type
	vals  []value.Value
	found bool // vals holds a row with a non-null extremum
}

func (s *argState) Add(a []value.Value) {
	key := a[0].Unwrap()
	if isAbsent(key) {
		if s.vals == nil {
			s.vals = append([]value.Value{}, a...)
		}
		return
	}
	if s.found && !isNaNValue(key) {
		c, ok := Compare(key, s.vals[0])
		if !ok || c*s.sign <= 0 {
			return
		}
	}
	s.vals = append(s.vals[:0], a...)
	s.found = true
}
func (s *argState) Result() []value.Value {
	out := make([]value.Value, len(s.types))
	for i, t := range s.types {
		out[i] = nullOf(t)
		if i < len(s.vals) && (i > 0 || s.found) {
			out[i] = coerce(s.vals[i], t)
		}
	}
	return out
}
func (s *argState) Merge(o State) {
	os := o.(*argState)
	if os.vals != nil && (os.found || s.vals == nil) {
		s.Add(os.vals)
	}
}
func bindArg(name string, sign int) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if len(args) < 1 {
			return nil, nil, errArgCount(name, 1, -1, 0)
		}
		ts := make([]value.Type, len(args))
		for i, a := range args {
			ts[i] = a.Type
		}
		return ts, func() State { return &argState{sign: sign, types: ts} }, nil
	}
}

// percentileState collects values and picks by nearest rank: the smallest
// value with at least p percent of the values at or below it.
type percentileState struct {
	t    value.Type
	ps   []float64
	vals []value.Value
}

func (s *percentileState) Add(a []value.Value) {
	if v := a[0].Unwrap(); !isAbsent(v) {
		if f, ok := argReal(v); ok && math.IsNaN(f) {
			return
		}
		s.vals = append(s.vals, v)
	}
}
func (s *percentileState) Result() []value.Value {
	sort.SliceStable(s.vals, func(i, j int) bool {
		c, ok := Compare(s.vals[i], s.vals[j])
		return ok && c < 0
	})
	out := make([]value.Value, len(s.ps))
	for i, p := range s.ps {
		out[i] = nullOf(s.t)
		n := len(s.vals)
		if n == 0 {
			continue
		}
		rank := int(math.Ceil(p / 100 * float64(n)))
		if rank < 1 {
			rank = 1
		}
		if rank > n {
			rank = n
		}
		out[i] = coerce(s.vals[rank-1], s.t)
	}
	return out
}
func (s *percentileState) Merge(o State) {
	s.vals = append(s.vals, o.(*percentileState).vals...)
}

func bindPercentiles(name string, multi bool) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if !multi && len(args) != 2 || multi && len(args) < 2 {
			max := 2
			if multi {
				max = -1
			}
			return nil, nil, errArgCount(name, 2, max, len(args))
		}
		t := args[0].Type
		if !t.IsNumeric() && t != tDate && t != tSpan && t != tDyn {
			return nil, nil, errArgType(name, 0, "number, datetime or timespan", t)
		}
		if t == value.Int {
			t = tLong
		}
		var ps []float64
		for i, a := range args[1:] {
			if a.Const == nil {
				return nil, nil, errNotConst(name, i+1)
			}
			p, ok := argReal(*a.Const)
			if !ok || p < 0 || p > 100 {
				return nil, nil, errBadConst(name, i+1, "percentage must be between 0 and 100")
			}
			ps = append(ps, p)
		}
		ts := make([]value.Type, len(ps))
		for i := range ts {
			ts[i] = t
		}
		return ts, func() State { return &percentileState{t: t, ps: ps} }, nil
	}
}
