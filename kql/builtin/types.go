package builtin

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// Operator typing, as Kusto's analyzer types the binary operators.

// BinaryFunc evaluates a bound binary operator over two values of the
// static types it was bound for.
type BinaryFunc func(l, r value.Value) value.Value

// isInteger reports int or long.
func isInteger(t value.Type) bool { return t == value.Int || t == value.Long }

// numResult is the result type of arithmetic between two numeric types:
// int and long give long, real wins over them, decimal over everything.
func numResult(l, r value.Type) value.Type {
	switch {
	case l == value.Decimal || r == value.Decimal:
		return value.Decimal
	case l == value.Real || r == value.Real:
		return value.Real
	}
	return value.Long
}

// BinaryResultType returns the type of l op r, or the error Kusto reports.
// op is one of + - * / % < <= > >= == !=.
func BinaryResultType(op string, l, r value.Type) (value.Type, error) {
	t, _, err := BindBinary(op, l, r)
	return t, err
}

func arithType(op string, l, r value.Type) (value.Type, bool) {
	dyn := l == value.Dynamic || r == value.Dynamic
	if dyn {
		other := l
		if l == value.Dynamic {
			other = r
		}
		switch {
		case other == value.Dynamic:
			return value.Dynamic, true
		case other.IsNumeric():
			return numResult(other, value.Long), true
		case other == value.DateTime || other == value.Timespan:
			return other, true
		}
		return value.Invalid, false
	}
	if l.IsNumeric() && r.IsNumeric() {
		return numResult(l, r), true
	}
	D, T := value.DateTime, value.Timespan
	switch op {
	case "+":
		switch {
		case l == D && r == T, l == T && r == D:
			return D, true
		case l == T && r == T:
			return T, true
		}
	case "-":
		switch {
		case l == D && r == T:
			return D, true
		case l == D && r == D, l == T && r == T:
			return T, true
		}
	case "*":
		if l == T && r.IsNumeric() || l.IsNumeric() && r == T {
			return T, true
		}
	case "/":
		switch {
		case l == T && r == T:
			return value.Real, true
		case l == T && r.IsNumeric():
			return T, true
		}
	case "%":
		if l == T && (r == T || r.IsNumeric()) {
			return T, true
		}
	}
	return value.Invalid, false
}

// orderable reports whether < <= > >= are defined between l and r.
func orderable(l, r value.Type) bool {
	if l == value.Dynamic || r == value.Dynamic {
		return true
	}
	switch {
	case l.IsNumeric() && r.IsNumeric():
		return true
	case l == value.DateTime && r == value.DateTime, l == value.Timespan && r == value.Timespan:
		return true
	}
	return false
}

// opKey indexes opTypes (optable.go).
type opKey struct {
	op   string
	l, r value.Type
}

// BindBinary types l op r as Kusto's analyzer does (the table in
// optable.go) and returns its implementation. Operand pairs the analyzer
// accepts but that have no meaningful value (datetime * long, bool < long,
// ...) evaluate to null.
func BindBinary(op string, l, r value.Type) (value.Type, BinaryFunc, error) {
	if l == value.Invalid || r == value.Invalid {
		return value.Invalid, nil, errOperator(op, l, r)
	}
	var t value.Type
	switch op {
	case "+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!=":
		var ok bool
		if t, ok = opTypes[opKey{op, l, r}]; !ok {
			return value.Invalid, nil, errOperator(op, l, r)
		}
	}
	switch op {
	case "+", "-", "*", "/", "%":
		return t, func(a, b value.Value) value.Value {
			v := arith(op, a.Unwrap(), b.Unwrap())
			if v.Type() != t {
				return ConvertTo(v, t)
			}
			return v
		}, nil
	case "<", "<=", ">", ">=":
		return value.Bool, func(a, b value.Value) value.Value {
			a, b = a.Unwrap(), b.Unwrap()
			if a.IsNull() || b.IsNull() {
				return value.Null(value.Bool)
			}
			c, ok := compareValues(a, b)
			if !ok {
				return value.NewBool(false) // NaN, or values that do not order
			}
			return value.NewBool(orderHolds(op, c))
		}, nil
	case "==":
		return value.Bool, Equal, nil
	case "!=":
		return value.Bool, NotEqual, nil
	case "=~", "!~":
		neg := op == "!~"
		return value.Bool, func(a, b value.Value) value.Value {
			return value.NewBool(EqualFold(ToString(a), ToString(b)) != neg)
		}, nil
	}
	return value.Invalid, nil, errUnknownOperator(op)
}

func orderHolds(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

// EvalBinary evaluates l op r, typing it by the operands' own types. It is
// a convenience for tests and constant folding; evaluators should bind once
// with BindBinary.
func EvalBinary(op string, l, r value.Value) (value.Value, error) {
	_, f, err := BindBinary(op, l.Type(), r.Type())
	if err != nil {
		return value.Value{}, err
	}
	return f(l, r), nil
}

// BetweenType checks x between (lo .. hi): numbers, datetimes and
// timespans; for a datetime x the upper bound may be a timespan, meaning
// lo + hi.
func BetweenType(x, lo, hi value.Type) error {
	if x == value.DateTime && lo == value.DateTime && hi == value.Timespan {
		return nil
	}
	for _, b := range []value.Type{lo, hi} {
		if !orderable(x, b) || x == value.String {
			return errOperator("between", x, b)
		}
	}
	return nil
}

// Between evaluates x between (lo .. hi), inclusive on both ends; null
// when any operand is null.
func Between(x, lo, hi value.Value) value.Value {
	x, lo, hi = x.Unwrap(), lo.Unwrap(), hi.Unwrap()
	if x.IsNull() || lo.IsNull() || hi.IsNull() {
		return value.Null(value.Bool)
	}
	if x.Type() == value.DateTime && hi.Type() == value.Timespan {
		hi = value.NewDateTimeTicks(lo.Ticks() + hi.Ticks())
	}
	c1, ok1 := compareValues(x, lo)
	c2, ok2 := compareValues(x, hi)
	if !ok1 || !ok2 {
		return value.Null(value.Bool)
	}
	return value.NewBool(c1 >= 0 && c2 <= 0)
}

// And is the and operator: false wins over null, null over true.
func And(l, r value.Value) value.Value {
	if l.Type() == value.Bool && !l.IsNull() && !l.Bool() ||
		r.Type() == value.Bool && !r.IsNull() && !r.Bool() {
		return value.NewBool(false)
	}
	if l.IsNull() || r.IsNull() {
		return value.Null(value.Bool)
	}
	return value.NewBool(l.Bool() && r.Bool())
}

// Or is the or operator: true wins over null, null over false.
func Or(l, r value.Value) value.Value {
	if l.Bool() || r.Bool() {
		return value.NewBool(true)
	}
	if l.IsNull() || r.IsNull() {
		return value.Null(value.Bool)
	}
	return value.NewBool(false)
}

// Not is not(): null stays null.
func Not(v value.Value) value.Value {
	v = ToBool(v)
	if v.IsNull() {
		return v
	}
	return value.NewBool(!v.Bool())
}

// Negate is unary minus over numbers and timespans.
func Negate(v value.Value) value.Value {
	v = v.Unwrap()
	if v.IsNull() {
		return v
	}
	switch v.Type() {
	case value.Int:
		return value.NewLong(-v.Long())
	case value.Long:
		return value.NewLong(-v.Long())
	case value.Real:
		return value.NewReal(-v.Real())
	case value.Decimal:
		f, _ := v.AsFloat()
		return NewDecimalFloat(-f)
	case value.Timespan:
		return value.NewTimespan(-v.Ticks())
	}
	return value.Null(v.Type())
}

// NegateType types unary minus.
func NegateType(t value.Type) (value.Type, error) {
	switch t {
	case value.Int, value.Long:
		return value.Long, nil
	case value.Real, value.Decimal, value.Timespan, value.Dynamic:
		return t, nil
	}
	return value.Invalid, errUnaryOperator("-", t)
}
