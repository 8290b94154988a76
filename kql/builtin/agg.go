package builtin

import (
	"sort"

	"github.com/kqlhunt/kqlhunt/value"
)

// State accumulates one aggregation over the rows of one group.
type State interface {
	// Add takes one row's argument values (the same arity as at Bind).
	Add(args []value.Value)
	// Result returns one value per output column of the aggregation.
	Result() []value.Value
}

// Merger is implemented by states that can absorb another state of the
// same aggregation (for parallel evaluation). Merge keeps the receiver's
// rows first, so take_any and arg_max ties still favour earlier rows when
// the receiver holds the earlier part of the input.
type Merger interface {
	Merge(other State)
}

// Agg is one aggregation function.
type Agg struct {
	Name string
	// Bind checks the arguments and returns one type per output column
	// (one for most aggregations; arg_max / arg_min: the extremum, then the
	// other arguments; percentiles: one per percentage; take_any with
	// several arguments: one per argument) and a constructor of per-group
	// state.
	Bind func(args []Arg) ([]value.Type, func() State, error)
}

var aggs = map[string]*Agg{}

func registerAgg(bind func(args []Arg) ([]value.Type, func() State, error), names ...string) {
	for _, n := range names {
		if _, dup := aggs[n]; dup {
			panic("builtin: duplicate aggregation " + n)
		}
		aggs[n] = &Agg{Name: n, Bind: bind}
	}
}

// LookupAgg returns the aggregation called name (aliases included).
func LookupAgg(name string) (*Agg, bool) {
	a, ok := aggs[name]
	return a, ok
}

// AggNames returns the names of all aggregations, sorted.
func AggNames() []string {
	out := make([]string, 0, len(aggs))
	for n := range aggs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// one is shorthand for a single output type.
func one(t value.Type) []value.Type { return []value.Type{t} }

// aggSig checks an aggregation's argument count and kinds.
func aggSig(name string, args []Arg, params []kind, opt int) error {
	return checkArgs(name, args, params, opt, false)
}

// sumType is the result type of sum / sumif over t.
func sumType(t value.Type) value.Type {
	switch {
	case isInteger(t), t == value.Bool:
		return value.Long
	case t == value.Decimal, t == value.Timespan:
		return t
	}
	return value.Real
}

// isAbsent reports a value aggregations skip: null, and the empty string
// (strings have no null).
func isAbsent(v value.Value) bool {
	if v.Type() == value.String {
		return v.Str() == ""
	}
	return v.IsNull()
}

// predTrue reports a predicate argument that is exactly true.
func predTrue(v value.Value) bool {
	b := ToBool(v)
	return !b.IsNull() && b.Bool()
}

// ifWrap adapts a State so that it only sees rows whose predicate (the
// argument at index pred) is true, with that argument removed.
type ifState struct {
	inner State
	pred  int
	buf   []value.Value
}

func (s *ifState) Add(args []value.Value) {
	if pred := args[s.pred]; !predTrue(pred) {
		return
	}
	s.buf = append(s.buf[:0], args[:s.pred]...)
	s.buf = append(s.buf, args[s.pred+1:]...)
	s.inner.Add(s.buf)
}

func (s *ifState) Result() []value.Value { return s.inner.Result() }

func (s *ifState) Merge(o State) {
	if m, ok := s.inner.(Merger); ok {
		m.Merge(o.(*ifState).inner)
	}
}

// ifVariant binds name_if(args..., pred, rest...) through the base
// aggregation's bind with the predicate removed.
func ifVariant(name string, base func([]Arg) ([]value.Type, func() State, error),
	pred int) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if len(args) <= pred {
			return nil, nil, errArgCount(name, pred+1, pred+2, len(args))
		}
		if !accepts(kBool, args[pred].Type) {
			return nil, nil, errArgType(name, pred, "bool", args[pred].Type)
		}
		rest := append(append([]Arg{}, args[:pred]...), args[pred+1:]...)
		ts, mk, err := base(rest)
		if err != nil {
			return nil, nil, err
		}
		return ts, func() State { return &ifState{inner: mk(), pred: pred} }, nil
	}
}
