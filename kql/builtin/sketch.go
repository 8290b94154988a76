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
		ps := tdPairs(a[0])
		if !ok || len(ps) == 0 || p < 0 || p > 100 {
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
	}, nil
}
