package bind

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// Stopgap scalar functions, used only for names builtin's table does not
// (yet) have. To be removed as kql/builtin registers them: lookupFunc
// always prefers builtin.

var fallbackFuncs = map[string]*builtin.Func{}

func fb(name string, min, max int, typ func(args []builtin.Arg) value.Type,
	impl func(env *builtin.Env, args []value.Value) value.Value) {
	fallbackFuncs[name] = &builtin.Func{Name: name, Bind: func(args []builtin.Arg) (
		value.Type, builtin.Impl, error) {
		if len(args) < min || len(args) > max {
			return value.Invalid, nil, fmt.Errorf("%s", msgArgCount(name, min, max))
		}
		return typ(args), impl, nil
	}}
}

func fixed(t value.Type) func([]builtin.Arg) value.Type {
	return func([]builtin.Arg) value.Type { return t }
}

func firstType(args []builtin.Arg) value.Type { return args[0].Type }

func init() {
	fb("now", 0, 1, fixed(value.DateTime), func(env *builtin.Env, a []value.Value) value.Value {
		t := env.Now
		if len(a) == 1 {
			t += a[0].Ticks()
		}
		return value.NewDateTimeTicks(t)
	})
	fb("ago", 1, 1, fixed(value.DateTime), func(env *builtin.Env, a []value.Value) value.Value {
		if a[0].IsNull() {
			return value.Null(value.DateTime)
		}
		return value.NewDateTimeTicks(env.Now - a[0].Unwrap().Ticks())
	})
	binFn := func(_ *builtin.Env, a []value.Value) value.Value { return binValue(a[0], a[1]) }
	fb("bin", 2, 2, firstType, binFn)
	fb("floor", 2, 2, firstType, binFn)
	str := func(f func(string) string) func(*builtin.Env, []value.Value) value.Value {
		return func(_ *builtin.Env, a []value.Value) value.Value {
			return value.NewString(f(builtin.ToString(a[0])))
		}
	}
	fb("tolower", 1, 1, fixed(value.String), str(strings.ToLower))
	fb("toupper", 1, 1, fixed(value.String), str(strings.ToUpper))
	fb("tostring", 1, 1, fixed(value.String), str(func(s string) string { return s }))
	fb("strlen", 1, 1, fixed(value.Long), func(_ *builtin.Env, a []value.Value) value.Value {
		return value.NewLong(int64(utf8.RuneCountInString(builtin.ToString(a[0]))))
	})
	fb("strcat", 1, 64, fixed(value.String), func(_ *builtin.Env, a []value.Value) value.Value {
		var sb strings.Builder
		for _, v := range a {
			sb.WriteString(builtin.ToString(v))
		}
		return value.NewString(sb.String())
	})
	fb("substring", 2, 3, fixed(value.String), substring)
	fb("split", 2, 3, fixed(value.Dynamic), split)
	empty := func(v value.Value) bool {
		if v.IsNull() {
			return true
		}
		return v.Type() == value.String && v.Str() == ""
	}
	fb("isempty", 1, 1, fixed(value.Bool), func(_ *builtin.Env, a []value.Value) value.Value {
		return value.NewBool(empty(a[0]))
	})
	fb("isnotempty", 1, 1, fixed(value.Bool), func(_ *builtin.Env, a []value.Value) value.Value {
		return value.NewBool(!empty(a[0]))
	})
	fb("isnull", 1, 1, fixed(value.Bool), func(_ *builtin.Env, a []value.Value) value.Value {
		return value.NewBool(a[0].IsNull())
	})
	fb("isnotnull", 1, 1, fixed(value.Bool), func(_ *builtin.Env, a []value.Value) value.Value {
		return value.NewBool(!a[0].IsNull())
	})
	conv := func(t value.Type) func(*builtin.Env, []value.Value) value.Value {
		return func(_ *builtin.Env, a []value.Value) value.Value { return builtin.ConvertTo(a[0], t) }
	}
	for name, t := range map[string]value.Type{"toint": value.Int, "tolong": value.Long,
		"todouble": value.Real, "toreal": value.Real, "tobool": value.Bool,
		"toboolean": value.Bool, "todatetime": value.DateTime, "totimespan": value.Timespan,
		"toguid": value.Guid, "todecimal": value.Decimal} {
		fb(name, 1, 1, fixed(t), conv(t))
	}
	pj := func(_ *builtin.Env, a []value.Value) value.Value { return builtin.ParseJSONValue(a[0]) }
	for _, n := range []string{"parse_json", "todynamic", "parsejson", "toobject", "toarray"} {
		fb(n, 1, 1, fixed(value.Dynamic), pj)
	}
	fb("array_length", 1, 1, fixed(value.Long), func(_ *builtin.Env, a []value.Value) value.Value {
		if arr, ok := a[0].Array(); ok {
			return value.NewLong(int64(len(arr)))
		}
		return value.Null(value.Long)
	})
	fb("coalesce", 1, 64, firstType, func(_ *builtin.Env, a []value.Value) value.Value {
		for _, v := range a {
			if !v.IsNull() && !(v.Type() == value.String && v.Str() == "") {
				return v
			}
		}
		return a[len(a)-1]
	})
	fb("pack_array", 0, 64, fixed(value.Dynamic), func(_ *builtin.Env, a []value.Value) value.Value {
		arr := make(value.Array, len(a))
		for i, v := range a {
			arr[i] = v.Unwrap()
		}
		return value.NewArray(arr)
	})
	fb("not", 1, 1, fixed(value.Bool), func(_ *builtin.Env, a []value.Value) value.Value {
		return builtin.Not(a[0])
	})
}

// binValue rounds v down to a multiple of size.
func binValue(v, size value.Value) value.Value {
	v, size = v.Unwrap(), size.Unwrap()
	if v.IsNull() || size.IsNull() {
		return value.Null(v.Type())
	}
	switch v.Type() {
	case value.DateTime, value.Timespan:
		s := size.Ticks()
		if s <= 0 {
			return value.Null(v.Type())
		}
		t := v.Ticks()
		q := t / s * s
		if t < 0 && q != t {
			q -= s
		}
		if v.Type() == value.DateTime {
			return value.NewDateTimeTicks(q)
		}
		return value.NewTimespan(q)
	case value.Int, value.Long:
		s, ok := size.AsFloat()
		if !ok || s <= 0 {
			return value.Null(v.Type())
		}
		n, si := v.Long(), int64(s)
		if si == 0 {
			return value.Null(v.Type())
		}
		q := n / si * si
		if n < 0 && q != n {
			q -= si
		}
		if v.Type() == value.Int {
			return value.NewInt(int32(q))
		}
		return value.NewLong(q)
	case value.Real:
		s, ok := size.AsFloat()
		if !ok || s <= 0 {
			return value.Null(value.Real)
		}
		f := v.Real()
		return value.NewReal(float64(int64(f/s)) * s)
	}
	return value.Null(v.Type())
}

func substring(_ *builtin.Env, a []value.Value) value.Value {
	rs := []rune(builtin.ToString(a[0]))
	start, ok := a[1].Unwrap().AsFloat()
	if !ok {
		return value.NewString("")
	}
	st := int(start)
	if st < 0 {
		st = max(len(rs)+st, 0)
	}
	if st > len(rs) {
		return value.NewString("")
	}
	end := len(rs)
	if len(a) == 3 {
		n, ok := a[2].Unwrap().AsFloat()
		if !ok || n < 0 {
			return value.NewString("")
		}
		end = min(st+int(n), len(rs))
	}
	return value.NewString(string(rs[st:end]))
}

func split(_ *builtin.Env, a []value.Value) value.Value {
	s, d := builtin.ToString(a[0]), builtin.ToString(a[1])
	var parts []string
	if d == "" {
		parts = []string{s}
	} else {
		parts = strings.Split(s, d)
	}
	arr := make(value.Array, len(parts))
	for i, p := range parts {
		arr[i] = value.NewString(p)
	}
	if len(a) == 3 {
		i, ok := a[2].Unwrap().AsFloat()
		if !ok || int(i) < 0 || int(i) >= len(arr) {
			return value.NewArray(nil)
		}
		return value.NewArray(value.Array{arr[int(i)]})
	}
	return value.NewArray(arr)
}
