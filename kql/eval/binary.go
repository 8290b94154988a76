package eval

import (
	"math"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// binary compiles a binary operator as a value-returning expression.
func (c *compiler) binary(e *bind.Binary, l *layout) (cexpr, error) {
	if isPredicateOp(e.Op) {
		cc, _, err := c.binaryCond(e, l)
		if err != nil {
			return cexpr{}, err
		}
		if cc.konst {
			return konst(cc.val, value.Bool), nil
		}
		fn := cc.fn
		return cexpr{fn: func(f *Frame, r Row) value.Value { return boolValue(fn(f, r)) },
			typ: value.Bool, cost: cc.cost}, nil
	}
	a, err := c.expr(e.L, l)
	if err != nil {
		return cexpr{}, err
	}
	b, err := c.expr(e.R, l)
	if err != nil {
		return cexpr{}, err
	}
	op, t := e.Op, e.T
	impl := func(x, y value.Value) value.Value { return arith(op, x, y, t) }
	if e.Fn != nil {
		impl = e.Fn
	}
	return pair(a, b, t, impl), nil
}

// pair combines two compiled operands, folding constants.
func pair(a, b cexpr, t value.Type, op func(x, y value.Value) value.Value) cexpr {
	if a.konst && b.konst {
		return konst(op(a.val, b.val), t)
	}
	fa, fb := a.fn, b.fn
	if b.konst {
		bv := b.val
		return cexpr{fn: func(f *Frame, r Row) value.Value { return op(fa(f, r), bv) },
			typ: t, cost: a.cost + 1}
	}
	return cexpr{fn: func(f *Frame, r Row) value.Value { return op(fa(f, r), fb(f, r)) },
		typ: t, cost: a.cost + b.cost + 1}
}

func isPredicateOp(op bind.BinOp) bool {
	switch op {
	case "+", "-", "*", "/", "%":
		return false
	}
	return true
}

// binaryCond compiles comparison and string operators as predicates; ok
// is false for arithmetic.
func (c *compiler) binaryCond(e *bind.Binary, l *layout) (ccond, bool, error) {
	if !isPredicateOp(e.Op) {
		return ccond{}, false, nil
	}
	a, err := c.expr(e.L, l)
	if err != nil {
		return ccond{}, true, err
	}
	b, err := c.expr(e.R, l)
	if err != nil {
		return ccond{}, true, err
	}
	if so, ok := stringOps[e.Op]; ok {
		cc, err := c.stringOp(e, so, a, b)
		return cc, true, err
	}
	var op func(x, y value.Value) Tri
	cost := 1
	switch e.Op {
	case "==":
		op = equalTri
	case "!=":
		op = func(x, y value.Value) Tri { return notTri(equalTri(x, y)) }
	case "<", "<=", ">", ">=":
		op = orderOp(e.Op)
		if fast, ok := fastOrder(e.Op, a, b); ok {
			return fast, true, nil
		}
	default:
		if e.Fn == nil {
			return ccond{}, true, errUnsupportedOp(string(e.Op))
		}
		bf := e.Fn
		op = func(x, y value.Value) Tri { return triOf(bf(x, y)) }
		cost = 20
	}
	return condPair(a, b, op, cost), true, nil
}

// condPair combines two operands into a predicate, folding constants.
func condPair(a, b cexpr, op func(x, y value.Value) Tri, cost int) ccond {
	if a.konst && b.konst {
		return konstCond(op(a.val, b.val))
	}
	fa, fb := a.fn, b.fn
	if b.konst {
		bv := b.val
		return ccond{fn: func(f *Frame, r Row) Tri { return op(fa(f, r), bv) }, cost: a.cost + cost}
	}
	return ccond{fn: func(f *Frame, r Row) Tri { return op(fa(f, r), fb(f, r)) },
		cost: a.cost + b.cost + cost}
}

// fastOrder specialises datetime/timespan/long comparisons with a
// constant right side (Timestamp > ago(1d)).
func fastOrder(op bind.BinOp, a, b cexpr) (ccond, bool) {
	if !b.konst || b.val.IsNull() || a.konst {
		return ccond{}, false
	}
	bt := b.val.Type()
	if a.typ != bt || (bt != value.DateTime && bt != value.Timespan && bt != value.Long) {
		return ccond{}, false
	}
	k, fa := b.val.Long(), a.fn
	test := map[bind.BinOp]func(x int64) bool{
		"<":  func(x int64) bool { return x < k },
		"<=": func(x int64) bool { return x <= k },
		">":  func(x int64) bool { return x > k },
		">=": func(x int64) bool { return x >= k },
	}[op]
	return ccond{fn: func(f *Frame, r Row) Tri {
		v := fa(f, r)
		if v.IsNull() || v.Type() != bt {
			return Null
		}
		return triBool(test(v.Long()))
	}, cost: a.cost + 1}, true
}

func orderOp(op bind.BinOp) func(x, y value.Value) Tri {
	return func(x, y value.Value) Tri {
		if x.IsNull() || y.IsNull() {
			return Null
		}
		x, y = x.Unwrap(), y.Unwrap()
		if x.IsNull() || y.IsNull() || !comparable(x.Type(), y.Type()) {
			return Null
		}
		if x.Type() == value.Real || y.Type() == value.Real {
			a, _ := x.AsFloat()
			b, _ := y.AsFloat()
			if math.IsNaN(a) || math.IsNaN(b) {
				return False
			}
		}
		c := Compare(x, y)
		switch op {
		case "<":
			return triBool(c < 0)
		case "<=":
			return triBool(c <= 0)
		case ">":
			return triBool(c > 0)
		}
		return triBool(c >= 0)
	}
}

func comparable(a, b value.Type) bool {
	return a == b || a.IsNumeric() && b.IsNumeric()
}

// equalTri is ==: null against non-null is false, two nulls are null;
// a string against a dynamic scalar compares with its text.
func equalTri(x, y value.Value) Tri {
	xn, yn := x.IsNull(), y.IsNull()
	if xn || yn {
		if xn && yn {
			return Null
		}
		return False
	}
	return triBool(valuesEqual(x, y))
}

// valuesEqual compares two non-null values.
func valuesEqual(x, y value.Value) bool {
	if x.Type() == value.Dynamic && y.Type() == value.Dynamic {
		if _, ok := x.Scalar(); !ok {
			return string(x.AppendJSON(nil)) == string(y.AppendJSON(nil))
		}
	}
	x, y = x.Unwrap(), y.Unwrap()
	if x.IsNull() || y.IsNull() {
		return false
	}
	tx, ty := x.Type(), y.Type()
	switch {
	case tx == value.String || ty == value.String:
		return x.Text() == y.Text()
	case tx == value.Bool && ty.IsNumeric() || ty == value.Bool && tx.IsNumeric():
		a, _ := boolNum(x).AsFloat()
		b, _ := boolNum(y).AsFloat()
		return a == b
	case tx.IsNumeric() && ty.IsNumeric():
		if tx == value.Real || ty == value.Real {
			a, _ := x.AsFloat()
			b, _ := y.AsFloat()
			return a == b // NaN equals nothing
		}
		return Compare(x, y) == 0
	case tx != ty:
		return false
	case tx == value.Dynamic:
		return string(x.AppendJSON(nil)) == string(y.AppendJSON(nil))
	}
	return Compare(x, y) == 0
}

// arith implements + - * / % for numbers, datetimes and timespans; the
// result type t was decided by the binder. Nulls and invalid operands
// give null.
func arith(op bind.BinOp, x, y value.Value, t value.Type) value.Value {
	x, y = x.Unwrap(), y.Unwrap()
	if x.IsNull() || y.IsNull() {
		return value.Null(t)
	}
	tx, ty := x.Type(), y.Type()
	isInt := func(t value.Type) bool { return t == value.Int || t == value.Long }
	switch {
	case isInt(tx) && isInt(ty):
		a, b := x.Long(), y.Long()
		var r int64
		switch op {
		case "+":
			r = a + b
		case "-":
			r = a - b
		case "*":
			r = a * b
		case "/":
			if b == 0 {
				return value.Null(t)
			}
			r = a / b
		case "%":
			if b == 0 {
				return value.Null(t)
			}
			r = a % b
		}
		return intResult(r, t)
	case tx.IsNumeric() && ty.IsNumeric():
		a, _ := x.AsFloat()
		b, _ := y.AsFloat()
		return realResult(floatOp(op, a, b), t)
	case tx == value.DateTime && ty == value.Timespan:
		switch op {
		case "+":
			return value.NewDateTimeTicks(x.Ticks() + y.Ticks())
		case "-":
			return value.NewDateTimeTicks(x.Ticks() - y.Ticks())
		}
	case tx == value.Timespan && ty == value.DateTime && op == "+":
		return value.NewDateTimeTicks(x.Ticks() + y.Ticks())
	case tx == value.DateTime && ty == value.DateTime && op == "-":
		return value.NewTimespan(x.Ticks() - y.Ticks())
	case tx == value.Timespan && ty == value.Timespan:
		switch op {
		case "+":
			return value.NewTimespan(x.Ticks() + y.Ticks())
		case "-":
			return value.NewTimespan(x.Ticks() - y.Ticks())
		case "/":
			return value.NewReal(float64(x.Ticks()) / float64(y.Ticks()))
		case "%":
			if y.Ticks() == 0 {
				return value.Null(t)
			}
			return value.NewTimespan(x.Ticks() % y.Ticks())
		}
	case tx == value.Timespan && ty.IsNumeric():
		f, _ := y.AsFloat()
		switch op {
		case "*":
			return value.NewTimespan(int64(math.Round(float64(x.Ticks()) * f)))
		case "/":
			if f == 0 {
				return value.Null(t)
			}
			return value.NewTimespan(int64(float64(x.Ticks()) / f))
		}
	case tx.IsNumeric() && ty == value.Timespan && op == "*":
		f, _ := x.AsFloat()
		return value.NewTimespan(int64(math.Round(float64(y.Ticks()) * f)))
	}
	return value.Null(t)
}

func floatOp(op bind.BinOp, a, b float64) float64 {
	switch op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	case "/":
		return a / b
	}
	return math.Mod(a, b)
}

func intResult(r int64, t value.Type) value.Value {
	switch t {
	case value.Int:
		return value.NewInt(int32(r))
	case value.Real:
		return value.NewReal(float64(r))
	}
	return value.NewLong(r)
}

func realResult(f float64, t value.Type) value.Value {
	switch t {
	case value.Long:
		return value.NewLong(int64(f))
	case value.Int:
		return value.NewInt(int32(f))
	}
	return value.NewReal(f)
}

// boolNum reads a bool as 0 or 1 (bool == 0 is accepted by Kusto).
func boolNum(v value.Value) value.Value {
	if v.Type() != value.Bool {
		return v
	}
	if v.Bool() {
		return value.NewLong(1)
	}
	return value.NewLong(0)
}
