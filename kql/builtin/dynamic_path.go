package builtin

import (
	"sort"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// Bag functions that take a key or a JSONPath ("$.a.b", "$['a']"), and the
// helpers of array_index_of, the multi-array sorts and dynamic_to_json.

func init() {
	def(names("bag_has_key"), tBool, ks(kDyn, kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			_, has := lookupPath(a[0], keyPath(argStr(a[1])))
			return value.NewBool(has)
		})
	def(names("bag_set_key"), tDyn, ks(kDyn, kStr, kAny), 0,
		func(_ *Env, a []value.Value) value.Value {
			if _, ok := a[0].Bag(); !ok {
				return value.NullDynamic
			}
			path := keyPath(argStr(a[1]))
			if len(path) == 0 {
				return value.NullDynamic
			}
			return setPath(a[0], path, elemOf(a[2]))
		})
}

// keyPath splits a bag key into path segments: a JSONPath ($.a.b,
// $['a']["b"]) or a plain key.
func keyPath(k string) []string {
	if !strings.HasPrefix(k, "$") {
		return []string{k}
	}
	var out []string
	rest := k[1:]
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			out = append(out, rest[:end])
			rest = rest[end:]
		case '[':
			if len(rest) < 2 || rest[1] != '\'' && rest[1] != '"' {
				return nil
			}
			end := strings.IndexByte(rest[2:], rest[1])
			if end < 0 || len(rest) < end+4 || rest[end+3] != ']' {
				return nil
			}
			out = append(out, rest[2:end+2])
			rest = rest[end+4:]
		default:
			return nil
		}
	}
	return out
}

// lookupPath follows path through nested bags.
func lookupPath(v value.Value, path []string) (value.Value, bool) {
	if len(path) == 0 {
		return v, false
	}
	for _, k := range path {
		b, ok := v.Bag()
		if !ok {
			return v, false
		}
		if v, ok = b.Get(k); !ok {
			return v, false
		}
	}
	return v, true
}

// setPath returns a copy of bag v with path set to x, creating bags on the
// way.
func setPath(v value.Value, path []string, x value.Value) value.Value {
	b, ok := v.Bag()
	out := &value.Bag{}
	if ok {
		for i, k := range b.Keys {
			out.Set(k, b.Values[i])
		}
	}
	if len(path) == 1 {
		out.Set(path[0], x)
		return value.NewBag(out)
	}
	child, _ := out.Get(path[0])
	out.Set(path[0], setPath(child, path[1:], x))
	return value.NewBag(out)
}

// removePath returns a copy of bag v without path.
func removePath(v value.Value, path []string) value.Value {
	b, ok := v.Bag()
	if !ok || len(path) == 0 {
		return v
	}
	out := &value.Bag{}
	for i, k := range b.Keys {
		switch {
		case k != path[0]:
			out.Set(k, b.Values[i])
		case len(path) > 1:
			out.Set(k, removePath(b.Values[i], path[1:]))
		}
	}
	return value.NewBag(out)
}

// sortedKeys returns v with the keys of every bag in it sorted ordinally.
func sortedKeys(v value.Value) value.Value {
	if arr, ok := v.Array(); ok {
		out := make(value.Array, len(arr))
		for i, e := range arr {
			out[i] = sortedKeys(e)
		}
		return value.NewArray(out)
	}
	b, ok := v.Bag()
	if !ok {
		return v
	}
	keys := append([]string(nil), b.Keys...)
	sort.Strings(keys)
	out := &value.Bag{}
	for _, k := range keys {
		x, _ := b.Get(k)
		out.Set(k, sortedKeys(x))
	}
	return value.NewBag(out)
}

// implArrayIndexOf: array_index_of(arr, x [, start [, length [,
// occurrence]]]); a negative start counts from the end, length -1 means to
// the end, occurrence counts from 1.
func implArrayIndexOf(_ *Env, a []value.Value) value.Value {
	arr, ok := arrOf(a[0])
	if !ok {
		return value.Null(tLong)
	}
	n := int64(len(arr))
	start, length, occ := int64(0), int64(-1), int64(1)
	if len(a) > 2 {
		start, ok = argLong(a[2])
	}
	if ok && len(a) > 3 {
		length, ok = argLong(a[3])
	}
	if ok && len(a) > 4 {
		occ, ok = argLong(a[4])
	}
	if !ok || occ < 1 || length < -1 {
		return value.Null(tLong)
	}
	if start < 0 {
		start = max(start+n, 0)
	}
	end := n
	if length >= 0 && start+length < n {
		end = start + length
	}
	k := elemKey(a[1])
	for i := start; i < end; i++ {
		if elemKey(arr[i]) == k {
			if occ--; occ == 0 {
				return value.NewLong(i)
			}
		}
	}
	return value.NewLong(-1)
}

// bindSort binds array_sort_asc/desc(arr1 [, arr2 ...] [, nulls_last]):
// with several arrays the first is sorted and the others follow its
// permutation; the result is then an array of the sorted arrays.
func bindSort(name string, dir int) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if len(args) < 1 || len(args) > 64 {
			return value.Invalid, nil, errArgCount(name, 1, 64, len(args))
		}
		nArr := len(args)
		if len(args) > 1 && args[len(args)-1].Type != value.Dynamic {
			nArr--
			if err := checkArg(name, nArr, args[nArr], kBool); err != nil {
				return value.Invalid, nil, err
			}
		}
		for i := 0; i < nArr; i++ {
			if err := checkArg(name, i, args[i], kArr); err != nil {
				return value.Invalid, nil, err
			}
		}
		one := sortImpl(dir)
		if nArr == 1 {
			return tDyn, one, nil
		}
		return tDyn, func(env *Env, a []value.Value) value.Value {
			return sortMany(a[:nArr], a[nArr:], dir)
		}, nil
	}
}

// sortMany sorts the first array and applies its permutation to the
// others, returning the sorted arrays in one array.
func sortMany(arrs, opt []value.Value, dir int) value.Value {
	first, ok := arrOf(arrs[0])
	if !ok {
		return value.NullDynamic
	}
	nullsLast := true
	if len(opt) > 0 {
		if b, ok := argBool(opt[0]); ok {
			nullsLast = b
		}
	}
	idx := make([]int, len(first))
	for i := range idx {
		idx[i] = i
	}
	isNull := func(v value.Value) bool { return v.IsNull() && v.Type() != value.String }
	sort.SliceStable(idx, func(i, j int) bool {
		x, y := first[idx[i]], first[idx[j]]
		if isNull(x) || isNull(y) {
			return !isNull(x) == nullsLast && isNull(x) != isNull(y)
		}
		c, ok := Compare(x, y)
		return ok && c*dir < 0
	})
	out := make(value.Array, len(arrs))
	for k, v := range arrs {
		arr, ok := arrOf(v)
		if !ok || len(arr) != len(first) {
			out[k] = value.NullDynamic
			continue
		}
		sorted := make(value.Array, len(arr))
		for i, j := range idx {
			sorted[i] = arr[j]
		}
		out[k] = value.NewArray(sorted)
	}
	return value.NewArray(out)
}
