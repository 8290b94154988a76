package bind

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

func (b *binder) binary(e *syntax.Binary, en *env) Expr {
	p := pos(e)
	if e.Op == syntax.OpAnd || e.Op == syntax.OpOr {
		and := e.Op == syntax.OpAnd
		var args []Expr
		var collect func(x syntax.Expr)
		collect = func(x syntax.Expr) {
			if bx, ok := unparen(x).(*syntax.Binary); ok && bx.Op == e.Op {
				collect(bx.Left)
				collect(bx.Right)
				return
			}
			a := b.scalar(x, en)
			if t := a.Type(); t != value.Bool && t != value.Dynamic && t != value.Invalid {
				b.errorf(pos(x), msgExpectedType("bool"))
			}
			args = append(args, a)
		}
		collect(e.Left)
		collect(e.Right)
		return &Logic{exprBase{value.Bool, p}, and, args}
	}
	if w, ok := unparen(e.Left).(*syntax.Wildcard); ok && w.Pattern == "*" {
		return b.starTerm(e.Op.String(), b.scalar(e.Right, en), en, p)
	}
	l, r := b.scalar(e.Left, en), b.scalar(e.Right, en)
	lt, rt := l.Type(), r.Type()
	op := e.Op.String()
	if lt == value.Invalid || rt == value.Invalid {
		return bad(p)
	}
	switch e.Op {
	case syntax.OpAdd, syntax.OpSub, syntax.OpMul, syntax.OpDiv, syntax.OpMod:
		if lt == value.Dynamic && rt == value.Dynamic {
			b.errorf(e.OpPos, msgOperandTypes(op, lt, rt))
			return bad(p)
		}
		t, fn, err := builtin.BindBinary(op, lt, rt)
		if err != nil {
			b.errorf(e.OpPos, err.Error())
			return bad(p)
		}
		if lc, ok := l.(*Const); ok {
			if rc, ok := r.(*Const); ok {
				return &Const{exprBase{t, p}, fn(lc.V, rc.V)}
			}
		}
		return &Binary{exprBase{t, p}, BinOp(op), l, r, fn}
	case syntax.OpEq, syntax.OpNe:
		if !equatable(lt, rt) {
			b.errorf(e.OpPos, msgOperandTypes(op, lt, rt))
			return bad(p)
		}
	case syntax.OpLt, syntax.OpLe, syntax.OpGt, syntax.OpGe:
		if _, _, err := builtin.BindBinary(op, lt, rt); err != nil {
			b.errorf(e.OpPos, err.Error())
			return bad(p)
		}
	case syntax.OpLike, syntax.OpNotLike:
		b.errorf(e.OpPos, msgUnsupported("The operator "+op))
		return bad(p)
	default: // string operators
		if rt != value.String && rt != value.Dynamic {
			b.errorf(pos(e.Right), msgExpectedType("string"))
			return bad(p)
		}
	}
	return &Binary{exprBase{value.Bool, p}, BinOp(op), l, r, nil}
}

func equatable(l, r value.Type) bool {
	switch {
	case l == value.Dynamic && r == value.Dynamic:
		return false
	case l == r, l == value.Dynamic, r == value.Dynamic:
		return true
	case l.IsNumeric() && r.IsNumeric():
		return true
	case l == value.Bool && r.IsNumeric(), r == value.Bool && l.IsNumeric():
		return true
	case l == value.String && r.IsNumeric(), r == value.String && l.IsNumeric():
		return true
	case l == value.String && r == value.Guid, l == value.Guid && r == value.String:
		return true
	}
	return false
}

// inExpr binds in, !in, in~, !in~, has_any and has_all.
func (b *binder) inExpr(e *syntax.InExpr, en *env) Expr {
	p := pos(e)
	x := b.scalar(e.X, en)
	var consts []value.Value
	var exprs []Expr
	var sub *Tabular
	for _, it := range e.Items {
		if b.isTabular(it, en.sc) {
			t := b.tabular(it, en.sc)
			if len(t.Columns) > 0 {
				mark(t.Columns[0])
			}
			sub = t
			continue
		}
		v := b.scalar(it, en)
		if c, ok := v.(*Const); ok {
			consts = append(consts, c.V)
			continue
		}
		exprs = append(exprs, v)
	}
	switch e.Op {
	case syntax.OpHasAny, syntax.OpHasAll:
		var needles []string
		for _, c := range consts {
			needles = appendNeedles(needles, c)
		}
		return &HasAny{exprBase{value.Bool, p}, x, e.Op == syntax.OpHasAll, needles, exprs, sub}
	}
	neg := e.Op == syntax.OpNotIn || e.Op == syntax.OpNotInCI
	fold := e.Op == syntax.OpInCI || e.Op == syntax.OpNotInCI
	return &In{exprBase{value.Bool, p}, x, neg, fold, flatten(consts), exprs, sub}
}

// flatten expands dynamic arrays into their elements.
func flatten(vals []value.Value) []value.Value {
	var out []value.Value
	for _, v := range vals {
		if arr, ok := v.Array(); ok {
			out = append(out, flatten(arr)...)
			continue
		}
		out = append(out, v)
	}
	return out
}

func appendNeedles(ns []string, v value.Value) []string {
	if arr, ok := v.Array(); ok {
		for _, e := range arr {
			ns = appendNeedles(ns, e)
		}
		return ns
	}
	if v.IsNull() {
		return ns
	}
	return append(ns, builtin.ToString(v))
}

// typedLiteral reads type(text) literals.
func typedLiteral(typ, text string) (value.Value, bool) {
	t, ok := value.ParseType(typ)
	if !ok {
		return value.Value{}, false
	}
	if text == "null" || text == "" && t != value.String {
		return value.Null(t), true
	}
	if t == value.DateTime && strings.Contains(text, ",") {
		return datetimeParts(text)
	}
	v := builtin.ConvertTo(value.NewString(text), t)
	if v.IsNull() && t != value.String {
		if t == value.Real {
			switch text {
			case "nan", "NaN":
				return v, false
			}
		}
		return v, false
	}
	return v, true
}

// datetimeParts reads the datetime(year, month, day[, hour[, minute[,
// second]]]) literal form.
func datetimeParts(text string) (value.Value, bool) {
	parts := strings.Split(text, ",")
	if len(parts) < 3 || len(parts) > 6 {
		return value.Value{}, false
	}
	var n [6]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f < 0 || i < 5 && f != math.Trunc(f) {
			return value.Value{}, false
		}
		n[i] = f
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] >= 60 {
		return value.Value{}, false
	}
	sec := math.Trunc(n[5])
	ts := time.Date(int(n[0]), time.Month(n[1]), int(n[2]), int(n[3]), int(n[4]), int(sec),
		int(math.Round((n[5]-sec)*1e7))*100, time.UTC)
	if ts.Day() != int(n[2]) {
		return value.Value{}, false
	}
	return value.NewDateTime(ts), true
}
