package builtin

import (
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

// Conditionals, conversions and type functions.

func init() {
	register(bindIff("iff"), "iff")
	register(bindIff("iif"), "iif")
	register(bindCase, "case")
	register(bindCoalesce, "coalesce")
	register(bindExtremum("max_of", 1), "max_of")
	register(bindExtremum("min_of", -1), "min_of")
	def(names("not"), tBool, ks(kBool), 0, func(_ *Env, a []value.Value) value.Value {
		return Not(a[0])
	})
	def(names("gettype"), tString, ks(kAny), 0, func(_ *Env, a []value.Value) value.Value {
		return str(GetType(a[0]))
	})
	def(names("tostring"), tString, ks(kAny), 0, func(_ *Env, a []value.Value) value.Value {
		return str(ToString(a[0]))
	})
	conv := func(t value.Type, f func(value.Value) value.Value, ns ...string) {
		k := kAny
		switch ns[0] {
		case "parse_json", "toguid":
			k = kStrDyn
		case "todynamic":
			k = kStr
		}
		for _, n := range ns {
			kk := k
			if n == "parsejson" {
				kk = kStrDyn
			}
			def(names(n), t, ks(kk), 0, func(_ *Env, a []value.Value) value.Value {
				return f(a[0])
			})
		}
	}
	conv(tInt, ToInt, "toint")
	conv(tLong, ToLong, "tolong")
	conv(tReal, ToReal, "todouble", "toreal")
	conv(tBool, ToBool, "tobool", "toboolean")
	conv(tDate, ToDateTime, "todatetime")
	conv(tSpan, ToTimespan, "totimespan", "totime")
	conv(value.Decimal, ToDecimal, "todecimal")
	conv(value.Guid, ToGuid, "toguid")
	conv(tDyn, ParseJSONValue, "parse_json", "parsejson")
	conv(tDyn, ParseJSONValue, "todynamic", "toobject")
	def(names("ago"), tDate, ks(kSpan), 0, func(env *Env, a []value.Value) value.Value {
		d, ok := argTicks(a[0])
		if !ok {
			return value.Null(tDate)
		}
		return addTicks(env.Now, -d)
	})
	def(names("now"), tDate, ks(kSpan), 1, func(env *Env, a []value.Value) value.Value {
		if len(a) == 0 {
			return value.NewDateTimeTicks(env.Now)
		}
		d, ok := argTicks(a[0])
		if !ok {
			return value.Null(tDate)
		}
		return addTicks(env.Now, d)
	})
}

// GetType is gettype(): the KQL type name, "array" / "dictionary" for
// dynamic arrays and bags, the scalar's type for a dynamic scalar and
// "null" for a dynamic null.
func GetType(v value.Value) string {
	if v.Type() == value.Dynamic {
		if _, ok := v.Array(); ok {
			return "array"
		}
		if _, ok := v.Bag(); ok {
			return "dictionary"
		}
		if s, ok := v.Scalar(); ok {
			if s.Type() == value.Real {
				return "double" // a real inside dynamic is named by its .NET type
			}
			return GetType(s)
		}
		return "null"
	}
	return v.Type().String()
}

// unify returns the common type of branch values (iff, case, coalesce):
// equal types stay, numbers widen, a dynamic beside another type yields
// that type, anything else is dynamic.
func unify(ts ...value.Type) value.Type {
	r := value.Invalid
	for _, t := range ts {
		switch {
		case r == value.Invalid || r == t:
			r = t
		case r.IsNumeric() && t.IsNumeric():
			r = numWiden(r, t)
		case t == value.Dynamic:
		case r == value.Dynamic:
			r = t
		default:
			return value.Dynamic
		}
	}
	return r
}

func numWiden(a, b value.Type) value.Type {
	if a == value.Int && b == value.Int {
		return value.Int
	}
	return numResult(a, b)
}

// coerce converts a branch value to the unified result type.
func coerce(v value.Value, t value.Type) value.Value {
	if v.Type() == t {
		return v
	}
	if t == value.Dynamic {
		return value.ToDynamic(v)
	}
	return ConvertTo(v, t)
}

func bindIff(name string) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs(name, args, ks(kBool, kAny, kAny), 0, false); err != nil {
			return value.Invalid, nil, err
		}
		t := unify(args[1].Type, args[2].Type)
		return t, func(_ *Env, a []value.Value) value.Value {
			if b, _ := argBool(a[0]); b {
				return coerce(a[1], t)
			}
			return coerce(a[2], t)
		}, nil
	}
}

func bindCase(args []Arg) (value.Type, Impl, error) {
	if len(args) < 3 || len(args)%2 == 0 {
		return value.Invalid, nil, errCaseArgs(len(args))
	}
	var ts []value.Type
	for i := 0; i+1 < len(args); i += 2 {
		if !accepts(kBool, args[i].Type) {
			return value.Invalid, nil, errArgType("case", i, "bool", args[i].Type)
		}
		ts = append(ts, args[i+1].Type)
	}
	ts = append(ts, args[len(args)-1].Type)
	t := unify(ts...)
	return t, func(_ *Env, a []value.Value) value.Value {
		for i := 0; i+1 < len(a); i += 2 {
			if b, _ := argBool(a[i]); b {
				return coerce(a[i+1], t)
			}
		}
		return coerce(a[len(a)-1], t)
	}, nil
}

func bindCoalesce(args []Arg) (value.Type, Impl, error) {
	if len(args) < 2 || len(args) > 64 {
		return value.Invalid, nil, errArgCount("coalesce", 2, 64, len(args))
	}
	ts := make([]value.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type
	}
	t := unify(ts...)
	if t == value.Dynamic && !allDynamic(ts) || hasDynamic(ts) && !allDynamic(ts) {
		return value.Invalid, nil, errNoCommonType("coalesce")
	}
	return t, func(_ *Env, a []value.Value) value.Value {
		for _, v := range a {
			if !IsEmpty(v) {
				return coerce(v, t)
			}
		}
		return value.Null(t)
	}, nil
}

// bindExtremum binds max_of (sign 1) and min_of (sign -1): nulls are
// ignored, a NaN argument makes the result NaN.
func bindExtremum(name string, sign int) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if len(args) < 2 || len(args) > 64 {
			return value.Invalid, nil, errArgCount(name, 2, 64, len(args))
		}
		ts := make([]value.Type, len(args))
		for i, a := range args {
			ts[i] = a.Type
		}
		t := unify(ts...)
		if t == value.Dynamic && !allDynamic(ts) || hasDynamic(ts) {
			return value.Invalid, nil, errNoCommonType(name)
		}
		return t, func(_ *Env, a []value.Value) value.Value {
			var best value.Value
			found := false
			for _, v := range a {
				v = coerce(v, t)
				if IsNull(v) {
					continue
				}
				if v.Type() == value.Real && math.IsNaN(v.Real()) {
					return v
				}
				if !found {
					best, found = v, true
					continue
				}
				if c, ok := Compare(v, best); ok && c*sign > 0 {
					best = v
				}
			}
			if !found {
				return value.Null(t)
			}
			return best
		}, nil
	}
}

func hasDynamic(ts []value.Type) bool {
	for _, t := range ts {
		if t == value.Dynamic {
			return true
		}
	}
	return false
}

func allDynamic(ts []value.Type) bool {
	for _, t := range ts {
		if t != value.Dynamic {
			return false
		}
	}
	return true
}
