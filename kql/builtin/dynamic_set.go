package builtin

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// Set operations over dynamic arrays, and bag and zip helpers.

// setOp combines arrays as sets, keeping first-seen order; keep decides
// from whether an element is in all arrays, in the first, and in how many.
func setOp(a []value.Value, keep func(inAll, inFirst bool, n int) bool) value.Value {
	var arrs []value.Array
	for _, v := range a {
		arr, ok := v.Array()
		if !ok {
			return value.NullDynamic
		}
		arrs = append(arrs, arr)
	}
	count := map[setKey]int{}
	first := map[setKey]bool{}
	var order []value.Value
	seen := map[setKey]bool{}
	for i, arr := range arrs {
		local := map[setKey]bool{}
		for _, e := range arr {
			k := elemKey(e)
			if local[k] {
				continue
			}
			local[k] = true
			count[k]++
			if i == 0 {
				first[k] = true
			}
			if !seen[k] {
				seen[k] = true
				order = append(order, e)
			}
		}
	}
	out := value.Array{}
	for _, e := range order {
		k := elemKey(e)
		if keep(count[k] == len(arrs), first[k], count[k]) {
			out = append(out, e)
		}
	}
	return value.NewArray(out)
}

func implBagRemoveKeys(_ *Env, a []value.Value) value.Value {
	_, ok := a[0].Bag()
	keys, ok2 := arrOf(a[1])
	if !ok || !ok2 {
		return value.NullDynamic
	}
	out := a[0]
	for _, k := range keys {
		out = removePath(out, keyPath(ToString(k)))
	}
	return out
}

func implBagZip(_ *Env, a []value.Value) value.Value {
	keys, ok := arrOf(a[0])
	vals, ok2 := arrOf(a[1])
	if !ok || !ok2 {
		return value.NullDynamic
	}
	out := &value.Bag{}
	for i, k := range keys {
		if k.Type() != value.String {
			continue
		}
		v := value.NullDynamic
		if i < len(vals) {
			v = vals[i]
		}
		out.Set(k.Str(), v)
	}
	return value.NewBag(out)
}

func implZip(a []value.Value) value.Value {
	arrs := make([]value.Array, len(a))
	n := 0
	for i, v := range a {
		arr, ok := v.Array()
		if !ok {
			return value.NullDynamic
		}
		arrs[i] = arr
		if len(arr) > n {
			n = len(arr)
		}
	}
	out := make(value.Array, n)
	for i := range out {
		row := make(value.Array, len(arrs))
		for j, arr := range arrs {
			row[j] = value.NullDynamic
			if i < len(arr) {
				row[j] = arr[i]
			}
		}
		out[i] = value.NewArray(row)
	}
	return value.NewArray(out)
}
