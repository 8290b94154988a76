package builtin

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// kind is what a parameter accepts.
type kind uint8

const (
	kAny      kind = iota // any type
	kStr                  // any type; the implementation converts with tostring
	kInt                  // int or long ("the expression value must be an integer")
	kNum                  // int, long, real, decimal
	kBool                 // bool
	kDate                 // datetime
	kSpan                 // timespan
	kDyn                  // dynamic (array or bag expected)
	kArr                  // dynamic array
	kConstStr             // a string constant
)

// accepts reports whether an argument of type t fits kind k. Dynamic
// arguments fit every kind but the constant ones, since their runtime
// value may hold anything.
func accepts(k kind, t value.Type) bool {
	if t == value.Dynamic && k != kConstStr {
		return true
	}
	switch k {
	case kAny, kStr:
		return t != value.Invalid
	case kInt:
		return isInteger(t)
	case kNum:
		return t.IsNumeric()
	case kBool:
		return t == value.Bool
	case kDate:
		return t == value.DateTime
	case kSpan:
		return t == value.Timespan
	case kDyn, kArr:
		return false
	case kConstStr:
		return t == value.String
	}
	return false
}

var kindNames = [...]string{kAny: "any", kStr: "string", kInt: "long", kNum: "number",
	kBool: "bool", kDate: "datetime", kSpan: "timespan", kDyn: "dynamic", kArr: "dynamic",
	kConstStr: "string"}

// checkArgs validates count and kinds: params lists the kinds, the last
// opt of them optional; with variadic the last kind repeats.
func checkArgs(name string, args []Arg, params []kind, opt int, variadic bool) error {
	min := len(params) - opt
	max := len(params)
	if variadic {
		max = -1
		if len(args) > 64 {
			return errf("function '%s' expects at most 64 arguments, got %d", name, len(args))
		}
	}
	if len(args) < min || max >= 0 && len(args) > max {
		return errArgCount(name, min, max, len(args))
	}
	for i, a := range args {
		k := params[len(params)-1]
		if i < len(params) {
			k = params[i]
		}
		if !accepts(k, a.Type) {
			switch k {
			case kInt:
				if a.Type.IsNumeric() {
					return errNotInteger(name, i)
				}
			case kArr:
				return errNotArray(name, i)
			}
			return errArgType(name, i, kindNames[k], a.Type)
		}
		if k == kConstStr && a.Const == nil {
			return errNotConst(name, i)
		}
	}
	return nil
}

// fixed returns a Bind for a function with a fixed result type.
func fixed(name string, ret value.Type, params []kind, opt int, impl Impl) func(
	[]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs(name, args, params, opt, false); err != nil {
			return value.Invalid, nil, err
		}
		return ret, impl, nil
	}
}

// def registers a fixed-result function under one or more names.
func def(names []string, ret value.Type, params []kind, opt int, impl Impl) {
	for _, n := range names {
		register(fixed(n, ret, params, opt, impl), n)
	}
}

// names is shorthand for a list of names.
func names(n ...string) []string { return n }

// ks is shorthand for a parameter list.
func ks(k ...kind) []kind { return k }

// Argument readers used by implementations. Each reports false for null or
// for a value that does not convert.

func argStr(v value.Value) string { return ToString(v) }

func argLong(v value.Value) (int64, bool) { return toInt64(v) }

func argReal(v value.Value) (float64, bool) { return toFloat(v) }

func argTicks(v value.Value) (int64, bool) {
	v = v.Unwrap()
	if v.IsNull() || v.Type() != value.DateTime && v.Type() != value.Timespan {
		if v.Type() == value.String {
			if t, ok := ParseDateTime(v.Str()); ok {
				return t, true
			}
		}
		return 0, false
	}
	return v.Ticks(), true
}

func argBool(v value.Value) (bool, bool) {
	b := ToBool(v)
	return b.Bool(), !b.IsNull()
}

// constStr returns a constant string argument's text.
func constStr(a Arg) (string, bool) {
	if a.Const == nil {
		return "", false
	}
	return ToString(*a.Const), true
}

// constLong returns a constant integer argument.
func constLong(a Arg) (int64, bool) {
	if a.Const == nil {
		return 0, false
	}
	return toInt64(*a.Const)
}
