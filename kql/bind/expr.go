package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// env is what a scalar expression may refer to: let names, the columns of
// the operator's input row, and operator-specific extras.
type env struct {
	sc     *scope
	cols   []Column
	index  map[string]int
	left   *env // join: $left
	right  *env // join: $right
	agg    *aggCtx
	window bool // serialized: row_number, prev, next, row_cumsum allowed
	open   bool // columns are known only at run time: unknown names are dynamic
	// scanSteps are the step names of the scan whose steps are bound:
	// Step.Col reads the step's state.
	scanSteps map[string]bool
}

func rowEnv(sc *scope, cols []Column) *env {
	e := &env{sc: sc, cols: cols, index: make(map[string]int, len(cols))}
	for i, c := range cols {
		if _, dup := e.index[c.Name]; !dup {
			e.index[c.Name] = i
		}
	}
	return e
}

func (e *env) column(name string) (Column, bool) {
	if e == nil || e.index == nil {
		return Column{}, false
	}
	i, ok := e.index[name]
	if !ok {
		return Column{}, false
	}
	return e.cols[i], true
}

// bad is the placeholder for an expression that failed to bind; its
// Invalid type silences follow-on errors.
func bad(pos int) Expr { return &Const{exprBase{value.Invalid, pos}, value.NullDynamic} }

func pos(n syntax.Node) int { return n.Span().Start }

// scalar binds a scalar expression and records its type.
func (b *binder) scalar(e syntax.Expr, en *env) Expr {
	b.depth++
	defer func() { b.depth-- }()
	x := b.scalar1(e, en)
	if id := e.ID(); id > 0 && id < len(b.info.Types) {
		b.info.Types[id] = x.Type()
	}
	return x
}

func (b *binder) scalar1(e syntax.Expr, en *env) Expr {
	p := pos(e)
	switch e := e.(type) {
	case *syntax.Paren:
		return b.scalar(e.X, en)
	case *syntax.StringLit:
		return &Const{exprBase{value.String, p}, value.NewString(e.Value)}
	case *syntax.LongLit:
		return &Const{exprBase{value.Long, p}, value.NewLong(e.Value)}
	case *syntax.RealLit:
		return &Const{exprBase{value.Real, p}, value.NewReal(e.Value)}
	case *syntax.BoolLit:
		return &Const{exprBase{value.Bool, p}, value.NewBool(e.Value)}
	case *syntax.TimespanLit:
		return &Const{exprBase{value.Timespan, p}, value.NewTimespan(e.Ticks)}
	case *syntax.TypedLit:
		v, ok := typedLiteral(e.Type, e.Text)
		if !ok {
			b.errorf(p, msgBadLiteral(e.Type, e.Text))
			return bad(p)
		}
		return &Const{exprBase{v.Type(), p}, v}
	case *syntax.Dynamic:
		v, ok := b.dynamicLiteral(e.Value, en)
		if !ok {
			return bad(p)
		}
		return &Const{exprBase{value.Dynamic, p}, value.ToDynamic(v)}
	case *syntax.Ident:
		return b.ident(e, en)
	case *syntax.Unary:
		return b.unary(e, en)
	case *syntax.Binary:
		return b.binary(e, en)
	case *syntax.InExpr:
		return b.inExpr(e, en)
	case *syntax.Between:
		x, lo, hi := b.scalar(e.X, en), b.scalar(e.Lo, en), b.scalar(e.Hi, en)
		return &Between{exprBase{value.Bool, p}, x, lo, hi, e.Not}
	case *syntax.Call:
		return b.call(e, en)
	case *syntax.TypeOf:
		// typeof(T) as a function argument (extract's fourth): a typed
		// null whose type builtin reads.
		if t, ok := value.ParseType(e.Type); ok && e.Schema == nil {
			return &Const{exprBase{t, p}, value.Null(t)}
		}
	case *syntax.Member:
		return b.member(e, en)
	case *syntax.Index:
		x := b.scalar(e.X, en)
		i := b.scalar(e.Index, en)
		if c, ok := i.(*Const); ok && c.V.Type() == value.String {
			return &Member{exprBase{value.Dynamic, p}, x, c.V.Str()}
		}
		return &Index{exprBase{value.Dynamic, p}, x, i}
	case *syntax.Pipeline, *syntax.Datatable, *syntax.Print, *syntax.Range:
		b.errorf(p, msgNotScalar())
		return bad(p)
	}
	b.errorf(p, msgUnsupported("This expression"))
	return bad(p)
}

func (b *binder) ident(e *syntax.Ident, en *env) Expr {
	p := pos(e)
	if c, ok := en.column(e.Name); ok {
		mark(c)
		return &ColRef{exprBase{c.Type, p}, e.Name}
	}
	if s := en.sc.lookup(e.Name); s != nil && s.scalar != nil {
		return s.scalar
	}
	switch e.Name {
	case "true", "false":
		return &Const{exprBase{value.Bool, p}, value.NewBool(e.Name == "true")}
	}
	if en.open {
		return &ColRef{exprBase{value.Dynamic, p}, e.Name}
	}
	b.errorf(p, msgUnknownName(e.Name))
	return bad(p)
}

func (b *binder) member(e *syntax.Member, en *env) Expr {
	p := pos(e)
	if id, ok := e.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
		side := en.left
		if id.Name == "$right" {
			side = en.right
		}
		if side == nil {
			b.errorf(p, msgUnknownName(id.Name))
			return bad(p)
		}
		c, ok := side.column(e.Name.Name)
		if !ok {
			b.errorf(pos(e.Name), msgUnknownName(e.Name.Name))
			return bad(p)
		}
		mark(c)
		return &ColRef{exprBase{c.Type, p}, e.Name.Name}
	}
	if id, ok := e.X.(*syntax.Ident); ok && en.scanSteps[id.Name] {
		return b.scanStateRef(e, id.Name, en)
	}
	x := b.scalar(e.X, en)
	if x.Type() != value.Dynamic && x.Type() != value.Invalid {
		b.errorf(p, msgExpectedType("dynamic"))
		return bad(p)
	}
	return &Member{exprBase{value.Dynamic, p}, x, e.Name.Name}
}

func (b *binder) unary(e *syntax.Unary, en *env) Expr {
	x := b.scalar(e.X, en)
	p := pos(e)
	t := x.Type()
	if t == value.Invalid {
		return x
	}
	if !t.IsNumeric() && t != value.Timespan && t != value.Dynamic {
		b.errorf(p, msgOperandType(e.Op.String(), t))
		return bad(p)
	}
	if e.Op == syntax.OpPos {
		return x
	}
	if c, ok := x.(*Const); ok {
		return &Const{exprBase{t, p}, negate(c.V)}
	}
	zero := &Const{exprBase{value.Long, p}, value.NewLong(0)}
	if t == value.Timespan {
		zero = &Const{exprBase{value.Timespan, p}, value.NewTimespan(0)}
	}
	_, fn, _ := builtin.BindBinary("-", zero.T, t)
	return &Binary{exprBase{t, p}, "-", zero, x, fn}
}

func negate(v value.Value) value.Value {
	if v.IsNull() {
		return v
	}
	switch v.Type() {
	case value.Int:
		return value.NewInt(int32(-v.Long()))
	case value.Long:
		return value.NewLong(-v.Long())
	case value.Real:
		return value.NewReal(-v.Real())
	case value.Timespan:
		return value.NewTimespan(-v.Ticks())
	}
	return v
}

// dynamicLiteral builds the value of dynamic(...) contents.
func (b *binder) dynamicLiteral(e syntax.Expr, en *env) (value.Value, bool) {
	switch e := e.(type) {
	case *syntax.NullLit:
		return value.NullDynamic, true
	case *syntax.DynArray:
		arr := value.Array{}
		for _, x := range e.Elems {
			v, ok := b.dynamicLiteral(x, en)
			if !ok {
				return v, false
			}
			arr = append(arr, v.Unwrap())
		}
		return value.NewArray(arr), true
	case *syntax.DynBag:
		bag := &value.Bag{}
		for _, kv := range e.Entries {
			v, ok := b.dynamicLiteral(kv.Value, en)
			if !ok {
				return v, false
			}
			bag.Set(kv.Key, v.Unwrap())
		}
		return value.NewBag(bag), true
	}
	x := b.scalar(e, en)
	c, ok := x.(*Const)
	if !ok {
		if x.Type() != value.Invalid {
			b.errorf(pos(e), msgNotConstant())
		}
		return value.NullDynamic, false
	}
	if c.V.Type() == value.String {
		return value.ToDynamic(c.V), true
	}
	return value.ToDynamic(c.V), true
}
