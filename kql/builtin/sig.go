package builtin

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// kind is what a parameter accepts.
type kind uint8

const (
	kAny      kind = iota // any type
	kText                 // any type; the implementation converts with tostring
	kScalar               // any type but dynamic
	kStr                  // string
	kStrDyn               // string or dynamic
	kInt                  // int or long ("the expression value must be an integer")
	kNum                  // int, long, real, decimal
	kBool                 // bool
	kDate                 // datetime
	kSpan                 // timespan
	kDyn                  // dynamic property bag (a constant array is an error)
	kArr                  // dynamic array (a constant bag is an error)
	kConstStr             // a string constant
	kGuid                 // guid
	kIntArr               // int, long or dynamic (an array of integers)
	kNumDyn               // a number or dynamic (a series or a scalar)
)

// accepts reports whether an argument of type t fits kind k, as Kusto's
// analyzer decides (a dynamic argument fits only the kinds that say so).
func accepts(k kind, t value.Type) bool {
	switch k {
	case kAny, kText:
		return t != value.Invalid
	case kScalar:
		return t != value.Invalid && t != value.Dynamic
	case kStr:
		return t == value.String
	case kStrDyn:
		return t == value.String || t == value.Dynamic
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
		return t == value.Dynamic
	case kConstStr:
		return t == value.String
	case kGuid:
		return t == value.Guid
	case kIntArr:
		return isInteger(t) || t == value.Dynamic
	case kNumDyn:
		return t.IsNumeric() || t == value.Dynamic
	}
	return false
}

var kindNames = [...]string{kAny: "any", kText: "any", kScalar: "scalar", kStr: "string",
	kStrDyn: "string or dynamic", kInt: "long", kNum: "number",
	kBool: "bool", kDate: "datetime", kSpan: "timespan", kDyn: "dynamic", kArr: "dynamic",
	kConstStr: "string", kGuid: "guid", kIntArr: "integer or dynamic array of integers",
	kNumDyn: "number or dynamic"}

// checkArgs validates count and kinds: params lists the kinds, the last
// opt of them optional; with variadic the last kind repeats.
func checkArgs(name string, args []Arg, params []kind, opt int, variadic bool) error {
	min := len(params) - opt
	max := len(params)
	if variadic {
		max = -1
		if len(args) > 64 {
			return errArgCount(name, 0, 64, len(args))
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
		if err := checkArg(name, i, a, k); err != nil {
			return err
		}
	}
	return nil
}

// checkArg validates one argument against its kind.
func checkArg(name string, i int, a Arg, k kind) error {
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
	if a.Const != nil && (k == kDyn || k == kArr) {
		_, isArr := a.Const.Array()
		_, isBag := a.Const.Bag()
		if k == kDyn && isArr {
			return errNotBag(name, i)
		}
		if k == kArr && isBag {
			return errNotArray(name, i)
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
