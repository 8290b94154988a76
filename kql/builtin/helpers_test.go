package builtin

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

// Test helpers: literal constructors and a one-call evaluator.

func L(n int64) value.Value      { return value.NewLong(n) }
func I(n int32) value.Value      { return value.NewInt(n) }
func R(f float64) value.Value    { return value.NewReal(f) }
func S(s string) value.Value     { return value.NewString(s) }
func B(b bool) value.Value       { return value.NewBool(b) }
func N(t value.Type) value.Value { return nullOf(t) }

// D parses a datetime literal.
func D(s string) value.Value {
	t, ok := ParseDateTime(s)
	if !ok {
		panic("bad datetime literal " + s)
	}
	return value.NewDateTimeTicks(t)
}

// T parses a timespan literal.
func T(s string) value.Value {
	t, ok := ParseTimespan(s)
	if !ok {
		panic("bad timespan literal " + s)
	}
	return value.NewTimespan(t)
}

// J parses a dynamic literal from JSON.
func J(s string) value.Value {
	v, err := value.ParseJSON(s)
	if err != nil {
		panic(err)
	}
	return v
}

// typeOf is a marker for typeof(T) arguments.
type typeOf value.Type

// call binds name over constant arguments and evaluates it.
func call(name string, args ...any) (value.Value, value.Type, error) {
	f, ok := Lookup(name)
	if !ok {
		return value.Value{}, 0, errf("no function %s", name)
	}
	bargs := make([]Arg, len(args))
	vals := make([]value.Value, len(args))
	for i, a := range args {
		switch x := a.(type) {
		case value.Value:
			v := x
			bargs[i] = Arg{Type: v.Type(), Const: &v}
			vals[i] = v
		case typeOf:
			bargs[i] = Arg{Type: value.Type(x)}
			vals[i] = value.Null(value.Type(x))
		}
	}
	t, impl, err := f.Bind(bargs)
	if err != nil {
		return value.Value{}, 0, err
	}
	env := &Env{Now: D("2024-01-01 00:00:00").Ticks()}
	return impl(env, vals), t, nil
}

// show renders a value for comparison: null as "null", dynamic as JSON,
// strings quoted.
func show(v value.Value) string {
	if !v.Valid() {
		return "<invalid>"
	}
	if v.Type() == value.Dynamic {
		return string(v.AppendJSON(nil))
	}
	if v.IsNull() {
		return "null"
	}
	if v.Type() == value.String {
		return `"` + v.Str() + `"`
	}
	return v.Text()
}

type fnCase struct {
	fn   string
	args []any
	want string // show() of the result, or "error"
	typ  value.Type
}

func a(args ...any) []any { return args }

func runFnCases(t *testing.T, cases []fnCase) {
	t.Helper()
	for _, c := range cases {
		v, typ, err := call(c.fn, c.args...)
		if c.want == "error" {
			if err == nil {
				t.Errorf("%s%v: no error, got %s", c.fn, c.args, show(v))
			}
			continue
		}
		if err != nil {
			t.Errorf("%s%v: %v", c.fn, c.args, err)
			continue
		}
		if got := show(v); got != c.want {
			t.Errorf("%s%v = %s, want %s", c.fn, showArgs(c.args), got, c.want)
		}
		if c.typ != value.Invalid && typ != c.typ {
			t.Errorf("%s%v: type %s, want %s", c.fn, showArgs(c.args), typ, c.typ)
		}
		if v.Valid() && v.Type() != typ && !(v.Type() == value.String && typ == value.String) {
			t.Errorf("%s%v: value of type %s, bound type %s", c.fn, showArgs(c.args),
				v.Type(), typ)
		}
	}
}

func showArgs(args []any) []string {
	out := make([]string, len(args))
	for i, x := range args {
		if v, ok := x.(value.Value); ok {
			out[i] = show(v)
		} else {
			out[i] = "typeof"
		}
	}
	return out
}
