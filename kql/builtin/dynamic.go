package builtin

import (
	"sort"

	"github.com/kqlhunt/kqlhunt/value"
)

// Dynamic array and property-bag functions.

// elemOf stores a value as an element of a dynamic array or bag: scalars
// unwrapped, nulls as dynamic null.
func elemOf(v value.Value) value.Value {
	v = v.Unwrap()
	if v.IsNull() && v.Type() != value.String {
		return value.NullDynamic
	}
	return v
}

// Member returns d.key (null when d is not a bag or lacks key).
func Member(d value.Value, key string) value.Value {
	if b, ok := d.Bag(); ok {
		if v, ok := b.Get(key); ok {
			return value.ToDynamic(v)
		}
	}
	return value.NullDynamic
}

// Element returns d[i]; a negative index counts from the end.
func Element(d value.Value, i int64) value.Value {
	a, ok := d.Array()
	if !ok {
		return value.NullDynamic
	}
	if i < 0 {
		i += int64(len(a))
	}
	if i < 0 || i >= int64(len(a)) {
		return value.NullDynamic
	}
	return value.ToDynamic(a[i])
}

// elemKey identifies an element for the set functions: type class and
// value (1 and "1" differ; null is an element like any other).
func elemKey(v value.Value) setKey {
	if k, ok := keyOf(v); ok {
		return k
	}
	return setKey{kind: 'z'}
}

func arrays(a []value.Value) ([]value.Array, bool) {
	out := make([]value.Array, 0, len(a))
	for _, v := range a {
		arr, ok := v.Array()
		if !ok {
			if v.IsNull() {
				continue
			}
			return nil, false
		}
		out = append(out, arr)
	}
	return out, true
}

func arrOf(v value.Value) (value.Array, bool) { return v.Array() }

func init() {
	def(names("array_length"), tLong, ks(kArr), 0, func(_ *Env, a []value.Value) value.Value {
		arr, ok := arrOf(a[0])
		if !ok {
			return value.Null(tLong)
		}
		return value.NewLong(int64(len(arr)))
	})
	register(bindVariadic("pack_array", 1, tDyn, kAny, func(a []value.Value) value.Value {
		out := make(value.Array, len(a))
		for i, v := range a {
			out[i] = elemOf(v)
		}
		return value.NewArray(out)
	}), "pack_array")
	register(bindPack("pack"), "pack")
	register(bindPack("bag_pack"), "bag_pack")
	// array_concat skips arguments that are not arrays (bags, nulls).
	register(bindVariadic("array_concat", 1, tDyn, kArr, func(a []value.Value) value.Value {
		out := value.Array{}
		for _, v := range a {
			if arr, ok := v.Array(); ok {
				out = append(out, arr...)
			}
		}
		return value.NewArray(out)
	}), "array_concat")
	register(bindVariadic("set_union", 2, tDyn, kArr, func(a []value.Value) value.Value {
		return setOp(a, func(inAll, inFirst bool, n int) bool { return true })
	}), "set_union")
	register(bindVariadic("set_intersect", 2, tDyn, kArr, func(a []value.Value) value.Value {
		return setOp(a, func(inAll, inFirst bool, n int) bool { return inAll })
	}), "set_intersect")
	register(bindVariadic("set_difference", 2, tDyn, kArr, func(a []value.Value) value.Value {
		return setOp(a, func(inAll, inFirst bool, n int) bool { return inFirst && n == 1 })
	}), "set_difference")
	def(names("set_has_element"), tBool, ks(kArr, kAny), 0,
		func(_ *Env, a []value.Value) value.Value {
			arr, ok := arrOf(a[0])
			if !ok {
				return value.Null(tBool)
			}
			k := elemKey(a[1])
			for _, e := range arr {
				if elemKey(e) == k {
					return value.NewBool(true)
				}
			}
			return value.NewBool(false)
		})
	def(names("array_index_of"), tLong, ks(kArr, kAny, kInt, kInt, kInt), 3, implArrayIndexOf)
	def(names("array_slice"), tDyn, ks(kArr, kInt, kInt), 0, implArraySlice)
	def(names("array_reverse"), tDyn, ks(kArr), 0, func(_ *Env, a []value.Value) value.Value {
		arr, ok := arrOf(a[0])
		if !ok {
			return value.NullDynamic
		}
		out := make(value.Array, len(arr))
		for i, e := range arr {
			out[len(arr)-1-i] = e
		}
		return value.NewArray(out)
	})
	def(names("array_sum"), tReal, ks(kArr), 0, func(_ *Env, a []value.Value) value.Value {
		arr, ok := arrOf(a[0])
		if !ok {
			return value.Null(tReal)
		}
		if len(arr) == 0 {
			return value.Null(tReal)
		}
		s := 0.0
		for _, e := range arr {
			f, ok := argReal(e)
			if !ok {
				return value.Null(tReal)
			}
			s += f
		}
		return value.NewReal(s)
	})
	register(bindSort("array_sort_asc", 1), "array_sort_asc")
	register(bindSort("array_sort_desc", -1), "array_sort_desc")
	def(names("bag_keys"), tDyn, ks(kDyn), 0, func(_ *Env, a []value.Value) value.Value {
		b, ok := a[0].Bag()
		if !ok {
			return value.NullDynamic
		}
		out := make(value.Array, len(b.Keys))
		for i, k := range b.Keys {
			out[i] = str(k)
		}
		return value.NewArray(out)
	})
	register(bindVariadic("bag_merge", 2, tDyn, kDyn, func(a []value.Value) value.Value {
		out := &value.Bag{}
		for _, v := range a {
			b, ok := v.Bag()
			if !ok {
				continue
			}
			for i, k := range b.Keys {
				if _, dup := out.Get(k); !dup {
					out.Set(k, b.Values[i])
				}
			}
		}
		return value.NewBag(out)
	}), "bag_merge")
	def(names("bag_remove_keys"), tDyn, ks(kDyn, kArr), 0, implBagRemoveKeys)
	def(names("bag_zip"), tDyn, ks(kArr, kArr), 0, implBagZip)
	register(bindVariadic("zip", 2, tDyn, kArr, implZip), "zip")
	// The analyzer accepts a dynamic value; the engine rejects it.
	def(names("repeat"), tDyn, ks(kScalar, kInt), 0, func(_ *Env, a []value.Value) value.Value {
		n, ok := argLong(a[1])
		if !ok || n < 0 || n > 1<<20 {
			return value.NullDynamic
		}
		out := make(value.Array, n)
		for i := range out {
			out[i] = elemOf(a[0])
		}
		return value.NewArray(out)
	})
	// The analyzer types jaccard_index as dynamic; the engine returns a real.
	def(names("jaccard_index"), tReal, ks(kArr, kArr), 0,
		func(_ *Env, a []value.Value) value.Value {
			in := setOp(a, func(inAll, _ bool, _ int) bool { return inAll })
			un := setOp(a, func(bool, bool, int) bool { return true })
			x, _ := in.Array()
			y, _ := un.Array()
			if len(y) == 0 {
				return value.NewReal(0)
			}
			return value.NewReal(float64(len(x)) / float64(len(y)))
		})
	def(names("dynamic_to_json"), tString, ks(kAny), 0,
		func(_ *Env, a []value.Value) value.Value {
			return str(string(sortedKeys(value.ToDynamic(a[0])).AppendJSON(nil)))
		})
}

// bindVariadic binds a function of min or more arguments (at most 64),
// each of kind k.
func bindVariadic(name string, min int, ret value.Type, k kind,
	f func([]value.Value) value.Value) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if len(args) < min || len(args) > 64 {
			return value.Invalid, nil, errArgCount(name, min, 64, len(args))
		}
		for i, a := range args {
			if err := checkArg(name, i, a, k); err != nil {
				return value.Invalid, nil, err
			}
		}
		return ret, func(_ *Env, a []value.Value) value.Value { return f(a) }, nil
	}
}

func bindPack(name string) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if len(args)%2 != 0 {
			return value.Invalid, nil, errPairs(name)
		}
		for i := 0; i < len(args); i += 2 {
			if err := checkArg(name, i, args[i], kStr); err != nil {
				return value.Invalid, nil, err
			}
		}
		return tDyn, func(_ *Env, a []value.Value) value.Value {
			b := &value.Bag{}
			for i := 0; i+1 < len(a); i += 2 {
				b.Set(argStr(a[i]), elemOf(a[i+1]))
			}
			return value.NewBag(b)
		}, nil
	}
}

// implArraySlice: array_slice(arr, start, end), end inclusive; negative
// indices count from the end.
func implArraySlice(_ *Env, a []value.Value) value.Value {
	arr, ok := arrOf(a[0])
	s, ok1 := argLong(a[1])
	e, ok2 := argLong(a[2])
	if !ok || !ok1 || !ok2 {
		return value.NullDynamic
	}
	n := int64(len(arr))
	if s < 0 {
		s += n
	}
	if e < 0 {
		e += n
	}
	if s < 0 {
		s = 0
	}
	if e >= n {
		e = n - 1
	}
	if s > e {
		return value.NewArray(value.Array{})
	}
	return value.NewArray(append(value.Array{}, arr[s:e+1]...))
}

// sortImpl sorts by Compare; nulls go last unless the second argument is
// false.
func sortImpl(dir int) Impl {
	return func(_ *Env, a []value.Value) value.Value {
		arr, ok := arrOf(a[0])
		if !ok {
			return value.NullDynamic
		}
		nullsLast := true
		if len(a) > 1 {
			if b, ok := argBool(a[1]); ok {
				nullsLast = b
			}
		}
		var vals, nulls value.Array
		for _, e := range arr {
			if e.IsNull() && e.Type() != value.String {
				nulls = append(nulls, e)
			} else {
				vals = append(vals, e)
			}
		}
		sort.SliceStable(vals, func(i, j int) bool {
			c, ok := Compare(vals[i], vals[j])
			return ok && c*dir < 0
		})
		if nullsLast {
			return value.NewArray(append(vals, nulls...))
		}
		return value.NewArray(append(nulls, vals...))
	}
}
