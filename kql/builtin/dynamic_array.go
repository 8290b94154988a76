package builtin

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// Array reshaping functions: rotate, shift, split, iff.

func init() {
	rot := func(name string, dir int64) {
		def(names(name), tDyn, ks(kArr, kInt), 0, func(_ *Env, a []value.Value) value.Value {
			arr, ok := arrOf(a[0])
			n, ok2 := argLong(a[1])
			if !ok || !ok2 {
				return value.NullDynamic
			}
			l := int64(len(arr))
			out := make(value.Array, l)
			if l == 0 {
				return value.NewArray(out)
			}
			k := ((n*dir)%l + l) % l // left rotation amount
			for i := range out {
				out[i] = arr[(int64(i)+k)%l]
			}
			return value.NewArray(out)
		})
	}
	rot("array_rotate_left", 1)
	rot("array_rotate_right", -1)
	shift := func(name string, dir int64) {
		def(names(name), tDyn, ks(kArr, kInt, kAny), 1, func(_ *Env, a []value.Value) value.Value {
			arr, ok := arrOf(a[0])
			n, ok2 := argLong(a[1])
			if !ok || !ok2 {
				return value.NullDynamic
			}
			fill := value.NullDynamic
			if len(a) > 2 {
				fill = elemOf(a[2])
			}
			l := int64(len(arr))
			k := n * dir // positive: elements move left
			out := make(value.Array, l)
			for i := range out {
				j := int64(i) + k
				if j >= 0 && j < l {
					out[i] = arr[j]
				} else {
					out[i] = fill
				}
			}
			return value.NewArray(out)
		})
	}
	shift("array_shift_left", 1)
	shift("array_shift_right", -1)
	def(names("array_split"), tDyn, ks(kArr, kIntArr), 0, implArraySplit)
	def(names("array_iff", "array_iif"), tDyn, ks(kArr, kAny, kAny), 0, implArrayIff)
}

// implArraySplit: array_split(arr, index or array of indices).
func implArraySplit(_ *Env, a []value.Value) value.Value {
	arr, ok := arrOf(a[0])
	if !ok {
		return value.NullDynamic
	}
	var idx []int64
	if ia, ok := a[1].Array(); ok {
		for _, e := range ia {
			if n, ok := argLong(e); ok {
				idx = append(idx, n)
			}
		}
	} else if n, ok := argLong(a[1]); ok {
		idx = append(idx, n)
	}
	l := int64(len(arr))
	out := value.Array{}
	prev := int64(0)
	for _, i := range append(idx, l) {
		if i < 0 {
			i += l
		}
		if i < prev {
			i = prev
		}
		if i > l {
			i = l
		}
		out = append(out, value.NewArray(append(value.Array{}, arr[prev:i]...)))
		prev = i
	}
	return value.NewArray(out)
}

// implArrayIff: element-wise iff over a condition array; scalar branches
// apply to every element; a non-bool condition gives null.
func implArrayIff(_ *Env, a []value.Value) value.Value {
	cond, ok := arrOf(a[0])
	if !ok {
		return value.NullDynamic
	}
	pick := func(v value.Value, i int) value.Value {
		if arr, ok := v.Array(); ok {
			if i < len(arr) {
				return arr[i]
			}
			return value.NullDynamic
		}
		return elemOf(v)
	}
	out := make(value.Array, len(cond))
	for i, c := range cond {
		b := ToBool(c)
		switch {
		case c.Type() != value.Bool && !isInteger(c.Type()) || b.IsNull():
			out[i] = value.NullDynamic
		case b.Bool():
			out[i] = pick(a[1], i)
		default:
			out[i] = pick(a[2], i)
		}
	}
	return value.NewArray(out)
}
