package builtin

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// percentiles_array(x, p1 [, p2 ...]) and percentilesw_array(x, weight,
// p1 [, p2 ...]): the percentiles as one dynamic array; the percentages
// may also be given as one dynamic array constant.

func init() {
	registerAgg(bindPercentilesArray("percentiles_array", false), "percentiles_array")
	registerAgg(bindPercentilesArray("percentilesw_array", true), "percentilesw_array")
}

func bindPercentilesArray(name string, weighted bool) func([]Arg) ([]value.Type,
	func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		first := 1
		if weighted {
			first = 2
		}
		if len(args) <= first {
			return nil, nil, errArgCount(name, first+1, -1, len(args))
		}
		if weighted {
			if err := checkArg(name, 1, args[1], kInt); err != nil {
				return nil, nil, err
			}
		}
		var ps []float64
		for i, a := range args[first:] {
			if a.Const == nil {
				return nil, nil, errNotConst(name, first+i)
			}
			vals := []value.Value{*a.Const}
			if arr, ok := a.Const.Array(); ok {
				vals = arr
			}
			for _, v := range vals {
				p, ok := argReal(v)
				if !ok || p < 0 || p > 100 {
					return nil, nil, errBadConst(name, first+i,
						"percentage must be between 0 and 100")
				}
				ps = append(ps, p)
			}
		}
		t := args[0].Type
		if !t.IsNumeric() && t != tDate && t != tSpan && t != tDyn {
			return nil, nil, errArgType(name, 0, "number, datetime or timespan", t)
		}
		if t == value.Int {
			t = tLong
		}
		return one(tDyn), func() State {
			return &arrayPercentiles{weighted: weighted, t: t, ps: ps}
		}, nil
	}
}

// arrayPercentiles collects [value, weight] pairs (weight 1 unless given).
type arrayPercentiles struct {
	tdState
	weighted bool
	t        value.Type
	ps       []float64
}

func (s *arrayPercentiles) Add(a []value.Value) {
	if s.weighted {
		s.tdState.Add(a[:2])
		return
	}
	s.tdState.Add(a[:1])
}
func (s *arrayPercentiles) Result() []value.Value {
	td := tdigestValue(s.pairs)
	out := make(value.Array, len(s.ps))
	for i, p := range s.ps {
		out[i] = elemOf(tdigestPercentile(td, p, s.t))
	}
	return []value.Value{value.NewArray(out)}
}
func (s *arrayPercentiles) Merge(o State) {
	s.pairs = append(s.pairs, o.(*arrayPercentiles).pairs...)
}
