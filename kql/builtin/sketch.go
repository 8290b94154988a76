package builtin

import (
	"math"
	"sort"

	"github.com/kqlhunt/kqlhunt/value"
)

// hll and tdigest sketches. Both are kept exact: an hll is the dynamic
// array of the distinct values seen, a tdigest the sorted array of
// [value, weight] pairs. dcount_hll and percentile_tdigest therefore give
// exact answers, which equal the engine's estimates on small inputs.

func init() {
	registerAgg(bindHll("hll"), "hll")
	registerAgg(ifVariant("hll_if", bindHll("hll_if"), 1), "hll_if")
	registerAgg(bindTdigest, "tdigest")
	// hll_merge, tdigest_merge and merge_tdigest are also aggregations in
	// Kusto; the binder resolves a name to one table, so only the scalar
	// forms are registered.
	register(bindVariadic("hll_merge", 2, tDyn, kArr, mergeHll), "hll_merge")
	register(bindVariadic("tdigest_merge", 2, tDyn, kArr, mergeTdigest), "tdigest_merge")
	register(bindVariadic("merge_tdigest", 2, tDyn, kArr, mergeTdigest), "merge_tdigest")
	def(names("dcount_hll"), tLong, ks(kArr), 0, func(_ *Env, a []value.Value) value.Value {
		arr, ok := a[0].Array()
		if !ok {
			return value.Null(tLong)
		}
		return value.NewLong(int64(len(arr)))
	})
	register(bindPercentileTdigest, "percentile_tdigest")
	registerAgg(bindPercentilesW("percentilew", false), "percentilew")
	registerAgg(bindPercentilesW("percentilesw", true), "percentilesw")
	def(names("assert"), tBool, ks(kBool, kConstStr), 0,
		func(_ *Env, a []value.Value) value.Value { return a[0] })
}

// bindPercentilesW: percentilew(x, weight, p) and percentilesw(x, weight,
// p1, ...), nearest-rank percentiles over values repeated weight times.
func bindPercentilesW(name string, multi bool) func([]Arg) ([]value.Type, func() State,
	error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if !multi && len(args) != 3 {
			return nil, nil, errArgCount(name, 3, 3, len(args))
		}
		if len(args) < 3 {
			return nil, nil, errArgCount(name, 3, -1, len(args))
		}
		if err := checkArg(name, 1, args[1], kInt); err != nil {
			return nil, nil, err
		}
		ts, _, err := bindPercentiles(name, true)(append([]Arg{args[0]}, args[2:]...))
		if err != nil {
			return nil, nil, err
		}
		var ps []float64
		for _, a := range args[2:] {
			p, _ := argReal(*a.Const)
			ps = append(ps, p)
		}
		return ts, func() State { return &weightedState{t: ts[0], ps: ps} }, nil
	}
}

// weightedState collects [value, weight] pairs for percentilesw.
type weightedState struct {
	tdState
	t  value.Type
	ps []float64
}

func (s *weightedState) Result() []value.Value {
	td := tdigestValue(s.pairs)
	out := make([]value.Value, len(s.ps))
	for i, p := range s.ps {
		out[i] = tdigestPercentile(td, p, s.t)
	}
	return out
}
func (s *weightedState) Merge(o State) {
	s.pairs = append(s.pairs, o.(*weightedState).pairs...)
}

// hllState collects distinct values.
type hllState struct{ set *makeState }

func bindHll(name string) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if err := aggSig(name, args, ks(kAny, kInt), 1); err != nil {
			return nil, nil, err
		}
		return one(tDyn), func() State {
			return &hllState{set: &makeState{set: true, max: 1 << 20, seen: map[setKey]struct{}{}}}
		}, nil
	}
}
func (s *hllState) Add(a []value.Value)   { s.set.Add(a[:1]) }
func (s *hllState) Result() []value.Value { return s.set.Result() }
func (s *hllState) Merge(o State)         { s.set.Merge(o.(*hllState).set) }

// mergeHll unions hll sketches.
func mergeHll(a []value.Value) value.Value {
	return setOp(a, func(bool, bool, int) bool { return true })
}

// tdState collects values with weights.
type tdState struct{ pairs []tdPair }

type tdPair struct {
	v value.Value
	w int64
}

func bindTdigest(args []Arg) ([]value.Type, func() State, error) {
	if err := aggSig("tdigest", args, ks(kAny, kInt), 1); err != nil {
		return nil, nil, err
	}
	return one(tDyn), func() State { return &tdState{} }, nil
}
func (s *tdState) Add(a []value.Value) {
	v := a[0].Unwrap()
	if isAbsent(v) {
		return
	}
	w := int64(1)
	if len(a) > 1 {
		var ok bool
		if w, ok = argLong(a[1]); !ok || w <= 0 {
			return
		}
	}
	s.pairs = append(s.pairs, tdPair{v, w})
}
func (s *tdState) Result() []value.Value { return []value.Value{tdigestValue(s.pairs)} }
func (s *tdState) Merge(o State)         { s.pairs = append(s.pairs, o.(*tdState).pairs...) }

func tdigestValue(ps []tdPair) value.Value {
	sort.SliceStable(ps, func(i, j int) bool {
		c, ok := Compare(ps[i].v, ps[j].v)
		return ok && c < 0
	})
	out := make(value.Array, len(ps))
	for i, p := range ps {
		out[i] = value.NewArray(value.Array{elemOf(p.v), value.NewLong(p.w)})
	}
	return value.NewArray(out)
}

func tdPairs(v value.Value) []tdPair {
	arr, _ := v.Array()
	var out []tdPair
	for _, e := range arr {
		pair, ok := e.Array()
		if !ok || len(pair) != 2 {
			continue
		}
		w, _ := argLong(pair[1])
		out = append(out, tdPair{pair[0], w})
	}
	return out
}

func mergeTdigest(a []value.Value) value.Value {
	var all []tdPair
	for _, v := range a {
		all = append(all, tdPairs(v)...)
	}
	return tdigestValue(all)
}

// bindPercentileTdigest: percentile_tdigest(sketch, p [, typeof(T)]), the
// nearest-rank weighted percentile; dynamic unless a type is given.
func bindPercentileTdigest(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("percentile_tdigest", args, ks(kArr, kNum, kAny), 1, false); err != nil {
		return value.Invalid, nil, err
	}
	t := tDyn
	if len(args) == 3 {
		t = args[2].Type
	}
	return t, func(_ *Env, a []value.Value) value.Value {
		p, ok := argReal(a[1])
		if !ok {
			return value.Null(t)
		}
		return tdigestPercentile(a[0], p, t)
	}, nil
}

// tdigestPercentile is the nearest-rank percentile p of a sketch, as t.
func tdigestPercentile(td value.Value, p float64, t value.Type) value.Value {
	ps := tdPairs(td)
	if len(ps) == 0 || p < 0 || p > 100 {
		return value.Null(t)
	}
	var total int64
	for _, x := range ps {
		total += x.w
	}
	rank := max(int64(math.Ceil(p/100*float64(total))), 1)
	for _, x := range ps {
		if rank -= x.w; rank <= 0 {
			return coerce(x.v, t)
		}
	}
	return coerce(ps[len(ps)-1].v, t)
}
