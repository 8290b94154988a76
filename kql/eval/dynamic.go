package eval

import (
	"strconv"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// member compiles d.key and d["key"].
func (c *compiler) member(e *bind.Member, l *layout) (cexpr, error) {
	x, err := c.expr(e.X, l)
	if err != nil {
		return cexpr{}, err
	}
	key := e.Key
	return mapOne(x, func(v value.Value) value.Value { return getKey(v, key) }), nil
}

// getKey returns a bag's property as dynamic; anything else gives null.
func getKey(v value.Value, key string) value.Value {
	if v.Type() == value.String {
		// A string holding JSON is not parsed implicitly.
		return value.NullDynamic
	}
	b, ok := v.Bag()
	if !ok {
		return value.NullDynamic
	}
	got, ok := b.Get(key)
	if !ok {
		return value.NullDynamic
	}
	return value.ToDynamic(got)
}

// index compiles d[i] (array element, negative from the end) and d["k"].
func (c *compiler) index(e *bind.Index, l *layout) (cexpr, error) {
	x, err := c.expr(e.X, l)
	if err != nil {
		return cexpr{}, err
	}
	i, err := c.expr(e.I, l)
	if err != nil {
		return cexpr{}, err
	}
	return pair(x, i, value.Dynamic, getIndex), nil
}

func getIndex(v, i value.Value) value.Value {
	i = i.Unwrap()
	if i.Type() == value.String {
		return getKey(v, i.Str())
	}
	arr, ok := v.Array()
	if !ok || i.IsNull() {
		return value.NullDynamic
	}
	var n int64
	switch i.Type() {
	case value.Int, value.Long:
		n = i.Long()
	case value.Real:
		n = int64(i.Real())
	default:
		return value.NullDynamic
	}
	if n < 0 {
		n += int64(len(arr))
	}
	if n < 0 || n >= int64(len(arr)) {
		return value.NullDynamic
	}
	return value.ToDynamic(arr[n])
}

// castTo converts v to type t where the binder inserted a conversion.
func castTo(v value.Value, t value.Type) value.Value {
	if v.Type() == t {
		return v
	}
	if v.IsNull() {
		return value.Null(t)
	}
	switch t {
	case value.Dynamic:
		return value.ToDynamic(v)
	case value.String:
		return value.NewString(v.Text())
	case value.Real:
		if f, ok := v.Unwrap().AsFloat(); ok {
			return value.NewReal(f)
		}
	case value.Long:
		u := v.Unwrap()
		switch u.Type() {
		case value.Int, value.Long:
			return value.NewLong(u.Long())
		case value.Real:
			return value.NewLong(int64(u.Real()))
		case value.String:
			if n, err := strconv.ParseInt(u.Str(), 10, 64); err == nil {
				return value.NewLong(n)
			}
		}
	default:
		u := v.Unwrap()
		if u.Type() == t {
			return u
		}
	}
	return value.Null(t)
}

// toScalar compiles toscalar(T): computed once per run, on first use.
func (c *compiler) toScalar(e *bind.ToScalar) (cexpr, error) {
	sub, t := e.Sub, e.T
	if err := c.run.prepareSub(sub); err != nil {
		return cexpr{}, err
	}
	return cexpr{fn: func(f *Frame, _ Row) value.Value {
		v := f.run.subScalar(sub)
		if !v.Valid() {
			return value.Null(t)
		}
		return v
	}, typ: t, cost: 5}, nil
}
