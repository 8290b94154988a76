package builtin

import (
	"bytes"
	"math"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// arith evaluates + - * / % over unwrapped values by their runtime types.
// Any null operand gives null. Integer division truncates toward zero;
// integer modulo is never negative (-7 % 3 == 2, 7 % -3 == 1), as the
// engine computes it; integer division or modulo by zero gives null.
func arith(op string, a, b value.Value) value.Value {
	at, bt := a.Type(), b.Type()
	if a.IsNull() || b.IsNull() {
		if t, ok := arithType(op, at, bt); ok {
			return value.Null(t)
		}
		return value.Null(value.Long)
	}
	D, T := value.DateTime, value.Timespan
	switch {
	case isInteger(at) && isInteger(bt):
		return intArith(op, a.Long(), b.Long())
	case (at == value.Decimal || bt == value.Decimal) && at != value.Real && bt != value.Real &&
		(op == "+" || op == "-" || op == "*"):
		if d, ok := decimalArith(op, a, b); ok {
			return d
		}
		fallthrough
	case at.IsNumeric() && bt.IsNumeric():
		x, _ := a.AsFloat()
		y, _ := b.AsFloat()
		r := realArith(op, x, y)
		if at == value.Decimal || bt == value.Decimal {
			if math.IsNaN(r) || math.IsInf(r, 0) {
				return value.Null(value.Decimal)
			}
			return NewDecimalFloat(r)
		}
		return value.NewReal(r)
	case at == D && bt == T && op == "+", at == T && bt == D && op == "+":
		return addTicks(a.Ticks(), b.Ticks())
	case at == D && bt == T && op == "-":
		return addTicks(a.Ticks(), -b.Ticks())
	case at == D && bt == D && op == "-":
		return value.NewTimespan(a.Ticks() - b.Ticks())
	case at == T && bt == T:
		switch op {
		case "+":
			return value.NewTimespan(a.Ticks() + b.Ticks())
		case "-":
			return value.NewTimespan(a.Ticks() - b.Ticks())
		case "/":
			return value.NewReal(float64(a.Ticks()) / float64(b.Ticks()))
		case "%":
			if b.Ticks() == 0 {
				return value.Null(T)
			}
			return value.NewTimespan(a.Ticks() % b.Ticks())
		}
	case at == T && bt.IsNumeric(), at.IsNumeric() && bt == T:
		span, num := a, b
		if bt == T {
			span, num = b, a
		}
		f, _ := num.AsFloat()
		switch op {
		case "*":
			return spanFromFloat(float64(span.Ticks()) * f)
		case "/":
			if bt == T {
				break
			}
			if isInteger(num.Type()) {
				if num.Long() == 0 {
					return value.Null(T)
				}
				return value.NewTimespan(span.Ticks() / num.Long())
			}
			return spanFromFloat(float64(span.Ticks()) / f)
		case "%":
			if bt == T || f == 0 {
				break
			}
			return value.NewTimespan(span.Ticks() % int64(f))
		}
	}
	if t, ok := arithType(op, at, bt); ok {
		return value.Null(t)
	}
	return value.Null(value.Long)
}

func spanFromFloat(f float64) value.Value {
	if math.IsNaN(f) || math.Abs(f) >= 9.2e18 {
		return value.Null(value.Timespan)
	}
	return value.NewTimespan(int64(math.Round(f)))
}

// addTicks adds to a datetime; out of 0001..9999 gives null.
func addTicks(t, d int64) value.Value {
	s := t + d
	if s < 0 || s > value.MaxDateTimeTicks || (d > 0 && s < t) {
		return value.Null(value.DateTime)
	}
	return value.NewDateTimeTicks(s)
}

func intArith(op string, x, y int64) value.Value {
	switch op {
	case "+":
		return value.NewLong(x + y)
	case "-":
		return value.NewLong(x - y)
	case "*":
		return value.NewLong(x * y)
	case "/":
		if y == 0 || x == math.MinInt64 && y == -1 {
			return value.Null(value.Long)
		}
		return value.NewLong(x / y)
	case "%":
		if y == 0 {
			return value.Null(value.Long)
		}
		m := x % y
		if m < 0 {
			if y < 0 {
				m -= y
			} else {
				m += y
			}
		}
		return value.NewLong(m)
	}
	return value.Null(value.Long)
}

func realArith(op string, x, y float64) float64 {
	switch op {
	case "+":
		return x + y
	case "-":
		return x - y
	case "*":
		return x * y
	case "/":
		return x / y
	case "%":
		m := math.Mod(x, y)
		if m < 0 {
			m += math.Abs(y)
		}
		return m
	}
	return math.NaN()
}

// compareValues orders two non-null unwrapped values of comparable types;
// false when they do not compare (a null, NaN, or unrelated types).
func compareValues(a, b value.Value) (int, bool) {
	if a.IsNull() || b.IsNull() {
		return 0, false
	}
	at, bt := a.Type(), b.Type()
	switch {
	case isInteger(at) && isInteger(bt):
		return cmpInt(a.Long(), b.Long()), true
	case (at == value.Decimal || bt == value.Decimal) && at != value.Real && bt != value.Real:
		if x, ok := decimalRat(a); ok {
			if y, ok := decimalRat(b); ok {
				return x.Cmp(y), true
			}
		}
		fallthrough
	case at.IsNumeric() && bt.IsNumeric():
		x, _ := a.AsFloat()
		y, _ := b.AsFloat()
		if math.IsNaN(x) || math.IsNaN(y) {
			return 0, false
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case at == bt && (at == value.DateTime || at == value.Timespan):
		return cmpInt(a.Ticks(), b.Ticks()), true
	case at == value.String && bt == value.String:
		return strings.Compare(a.Str(), b.Str()), true
	case at == value.Bool && bt == value.Bool:
		return cmpInt(a.Long(), b.Long()), true
	case at == value.Guid && bt == value.Guid:
		x, y := a.GuidBytes(), b.GuidBytes()
		return bytes.Compare(x[:], y[:]), true
	}
	return 0, false
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Compare orders two values for sorting and min/max: it reports false when
// either is null or they do not compare.
func Compare(a, b value.Value) (int, bool) { return compareValues(a.Unwrap(), b.Unwrap()) }

// Equal is ==: null when both sides are null, false when one is; numbers
// compare by value across int, long and real; a string compared with a
// non-string compares with that value's tostring text; dynamic arrays and
// bags compare by their JSON text.
func Equal(l, r value.Value) value.Value {
	eq, ok := equalValues(l, r)
	if !ok {
		return value.Null(value.Bool)
	}
	return value.NewBool(eq)
}

// NotEqual is !=, the negation of == (null when both sides are null).
func NotEqual(l, r value.Value) value.Value {
	eq, ok := equalValues(l, r)
	if !ok {
		return value.Null(value.Bool)
	}
	return value.NewBool(!eq)
}

// equalValues returns equality, and false for ok when both are null.
func equalValues(l, r value.Value) (bool, bool) {
	a, b := l.Unwrap(), r.Unwrap()
	an := a.IsNull() || a.Type() == value.Dynamic && isNullDyn(a)
	bn := b.IsNull() || b.Type() == value.Dynamic && isNullDyn(b)
	if an || bn {
		return false, !(an && bn)
	}
	at, bt := a.Type(), b.Type()
	if at == value.Dynamic || bt == value.Dynamic {
		if at == bt {
			return bytes.Equal(a.AppendJSON(nil), b.AppendJSON(nil)), true
		}
		return false, true
	}
	if at == value.String || bt == value.String {
		return ToString(a) == ToString(b), true
	}
	if at == value.Real || bt == value.Real || at == value.Decimal || bt == value.Decimal {
		if at.IsNumeric() && bt.IsNumeric() {
			x, _ := a.AsFloat()
			y, _ := b.AsFloat()
			return x == y, true
		}
	}
	if at == value.Bool && isInteger(bt) || bt == value.Bool && isInteger(at) {
		return a.Long() == b.Long(), true
	}
	c, ok := compareValues(a, b)
	return ok && c == 0, true
}

func isNullDyn(v value.Value) bool {
	_, isArr := v.Array()
	_, isBag := v.Bag()
	return !isArr && !isBag && v.IsNull()
}
