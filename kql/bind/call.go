package bind

import (
	"errors"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// call binds a function call: special forms first, then user functions,
// then builtin's table.
func (b *binder) call(e *syntax.Call, en *env) Expr {
	p := pos(e)
	name := e.Name.Name
	if x, ok := b.specialCall(e, en); ok {
		return x
	}
	switch name {
	case "iff", "iif":
		if len(e.Args) != 3 {
			b.errorf(p, msgArgCount(name, 3, 3))
			return bad(p)
		}
		return b.cond([]syntax.Expr{e.Args[0]}, []syntax.Expr{e.Args[1], e.Args[2]}, en, p)
	case "case":
		if len(e.Args) < 3 || len(e.Args)%2 == 0 {
			b.errorf(p, msgArgCount(name, 3, 64))
			return bad(p)
		}
		var conds, vals []syntax.Expr
		for i := 0; i+1 < len(e.Args); i += 2 {
			conds = append(conds, e.Args[i])
			vals = append(vals, e.Args[i+1])
		}
		return b.cond(conds, append(vals, e.Args[len(e.Args)-1]), en, p)
	case "toscalar":
		if len(e.Args) != 1 {
			b.errorf(p, msgArgCount(name, 1, 1))
			return bad(p)
		}
		if !b.isTabular(e.Args[0], en.sc) {
			x := b.scalar(e.Args[0], en)
			return x
		}
		t := b.tabular(e.Args[0], en.sc)
		if len(t.Columns) == 0 {
			return bad(p)
		}
		mark(t.Columns[0])
		return &ToScalar{exprBase{t.Columns[0].Type, p}, t}
	case "column_ifexists":
		if len(e.Args) != 2 {
			b.errorf(p, msgArgCount(name, 2, 2))
			return bad(p)
		}
		n := b.scalar(e.Args[0], en)
		c, ok := n.(*Const)
		if !ok || c.V.Type() != value.String {
			b.errorf(pos(e.Args[0]), msgNotConstant())
			return bad(p)
		}
		if col, ok := en.column(c.V.Str()); ok {
			mark(col)
			return &ColRef{exprBase{col.Type, p}, col.Name}
		}
		def := b.scalar(e.Args[1], en)
		if en.open {
			return &OpenCol{exprBase{def.Type(), p}, c.V.Str(), def}
		}
		return def
	case "not":
		if len(e.Args) != 1 {
			b.errorf(p, msgArgCount(name, 1, 1))
			return bad(p)
		}
		return &Not{exprBase{value.Bool, p}, b.scalar(e.Args[0], en)}
	case "row_number", "prev", "next", "row_cumsum", "row_rank_min", "row_rank_dense",
		"row_window_session":
		return b.window(e, en)
	}
	if en.agg != nil {
		if x, ok := en.agg.bind(b, e, en); ok {
			return x
		}
	} else if isAggregate(name) {
		b.errorf(p, msgAggregateHere(name))
		return bad(p)
	}
	if s := en.sc.lookup(name); s != nil && s.fn != nil {
		return b.userCall(e, s, en)
	}
	var args []Expr
	for _, a := range e.Args {
		if w, ok := a.(*syntax.Wildcard); ok && w.Pattern == "*" {
			// f(*): every column of the row (hash_many, estimate_data_size).
			for _, c := range en.cols {
				mark(c)
				args = append(args, &ColRef{exprBase{c.Type, pos(a)}, c.Name})
			}
			continue
		}
		args = append(args, b.scalar(a, en))
	}
	bargs := make([]builtin.Arg, len(args))
	for i := range args {
		if args[i].Type() == value.Invalid {
			return bad(p)
		}
		bargs[i].Type = args[i].Type()
		if c, ok := args[i].(*Const); ok {
			v := c.V
			bargs[i].Const = &v
		}
	}
	if name == "ago" && len(args) == 1 {
		if c, ok := args[0].(*Const); ok && c.V.Type() == value.Timespan && !c.V.IsNull() {
			if !b.hasLookback || c.V.Ticks() > b.lookback {
				b.lookback, b.hasLookback = c.V.Ticks(), true
			}
		}
	}
	f, ok := lookupFunc(name)
	if !ok {
		b.errorf(pos(e.Name), msgUnknownFunction(name))
		return bad(p)
	}
	t, impl, err := f.Bind(bargs)
	if err != nil {
		b.errorf(p, err.Error())
		return bad(p)
	}
	return &Call{exprBase{t, p}, name, args, impl}
}

// lookupFunc finds a scalar function in builtin's table; toarray, which
// builtin lacks, is bound here.
func lookupFunc(name string) (*builtin.Func, bool) {
	if f, ok := builtin.Lookup(name); ok {
		return f, true
	}
	if name == "toarray" {
		return toArray, true
	}
	return nil, false
}

// toArray is toarray(x): x parsed as JSON, a dynamic value.
var toArray = &builtin.Func{Name: "toarray",
	Bind: func(args []builtin.Arg) (value.Type, builtin.Impl, error) {
		if len(args) != 1 {
			return value.Invalid, nil, errors.New(msgArgCount("toarray", 1, 1))
		}
		return value.Dynamic, func(_ *builtin.Env, a []value.Value) value.Value {
			return builtin.ParseJSONValue(a[0])
		}, nil
	}}

// cond binds iff/case: a dynamic result when branch types differ, the
// widest number when all are numbers.
func (b *binder) cond(conds, vals []syntax.Expr, en *env, p int) Expr {
	c := &Cond{exprBase: exprBase{P: p}}
	for _, x := range conds {
		bx := b.scalar(x, en)
		if t := bx.Type(); t != value.Bool && t != value.Dynamic && t != value.Invalid {
			b.errorf(pos(x), msgExpectedType("bool"))
		}
		c.Conds = append(c.Conds, bx)
	}
	for _, x := range vals {
		c.Vals = append(c.Vals, b.scalar(x, en))
	}
	c.T = commonType(c.Vals)
	if c.T == value.Dynamic {
		var ts []value.Type
		for _, v := range c.Vals {
			if t := v.Type(); t != value.Dynamic && t != value.Invalid {
				ts = append(ts, t)
			}
		}
		for _, t := range ts[min(1, len(ts)):] {
			if t != ts[0] {
				b.errorf(p, msgBranchTypes(ts[0], t))
				return bad(p)
			}
		}
	}
	for i, v := range c.Vals {
		if v.Type() != c.T && c.T != value.Dynamic {
			c.Vals[i] = &Cast{exprBase{c.T, v.Pos()}, v}
		}
	}
	return c
}

// commonType is the type of iff/case/coalesce over values.
func commonType(vals []Expr) value.Type {
	t := value.Invalid
	for _, v := range vals {
		vt := v.Type()
		switch {
		case vt == value.Invalid:
		case t == value.Invalid:
			t = vt
		case t == vt:
		case (t == value.Int || t == value.Long) && (vt == value.Int || vt == value.Long):
			t = value.Long
		default:
			return value.Dynamic
		}
	}
	return t
}

// userCall inlines a user function: its parameters become lets bound to
// the arguments.
func (b *binder) userCall(e *syntax.Call, s *scope, en *env) Expr {
	p := pos(e)
	fsc, ok := b.bindArgs(e, s, en)
	if !ok {
		return bad(p)
	}
	body := s.fn.Body
	for _, st := range body[:max(len(body)-1, 0)] {
		if l, ok := st.(*syntax.LetStmt); ok {
			fsc = b.let(l, fsc)
		}
	}
	if len(body) == 0 {
		return bad(p)
	}
	last, ok := body[len(body)-1].(*syntax.ExprStmt)
	if !ok {
		return bad(p)
	}
	inner := *en
	inner.sc = fsc
	return b.scalar(last.X, &inner)
}

// bindArgs binds a user function's arguments to its parameters.
func (b *binder) bindArgs(e *syntax.Call, s *scope, en *env) (*scope, bool) {
	fsc := s.parent
	params := s.fn.Params
	if len(e.Args) > len(params) {
		b.errorf(pos(e), msgArgCount(e.Name.Name, len(params), len(params)))
		return nil, false
	}
	// Named arguments go to their parameters; the others fill the rest
	// in order.
	named := map[string]syntax.Expr{}
	var positional []syntax.Expr
	for _, a := range e.Args {
		if na, ok := a.(*syntax.NamedArg); ok {
			named[na.Name.Name] = na.Value
		} else {
			positional = append(positional, a)
		}
	}
	for _, prm := range params {
		ns := &scope{parent: fsc, name: prm.Name.Name}
		var arg syntax.Expr
		if a, ok := named[prm.Name.Name]; ok {
			arg = a
		} else if len(positional) > 0 {
			arg, positional = positional[0], positional[1:]
		} else if prm.Default != nil {
			arg = prm.Default
		} else {
			b.errorf(pos(e), msgArgCount(e.Name.Name, len(params), len(params)))
			return nil, false
		}
		if prm.Tabular {
			ns.bound = b.tabular(arg, en.sc)
		} else {
			x := b.scalar(arg, en)
			if t, ok := value.ParseType(prm.Type); ok && x.Type() != t &&
				x.Type() != value.Invalid {
				if c, ok := x.(*Const); ok {
					x = &Const{exprBase{t, c.P}, builtin.ConvertTo(c.V, t)}
				} else {
					x = &Cast{exprBase{t, x.Pos()}, x}
				}
			}
			ns.scalar = x
		}
		fsc = ns
	}
	return fsc, true
}
