package eval

import (
	"fmt"
	"sort"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// layout is the physical schema of rows at one point of a pipeline: the
// columns actually carried (a subset of the bound columns, since source
// tables are read narrow), by name.
type layout struct {
	names []string
	types []value.Type
	index map[string]int
}

func newLayout(names []string, types []value.Type) *layout {
	l := &layout{names: names, types: types, index: make(map[string]int, len(names))}
	for i, n := range names {
		l.index[n] = i
	}
	return l
}

func (l *layout) find(name string) int {
	if l == nil {
		return -1
	}
	if i, ok := l.index[name]; ok {
		return i
	}
	return -1
}

func (l *layout) width() int {
	if l == nil {
		return 0
	}
	return len(l.names)
}

// cexpr is a compiled expression; konst marks a value known at plan time.
type cexpr struct {
	fn    Scalar
	konst bool
	val   value.Value
	typ   value.Type
	cost  int
	col   int // column index+1 when the expression is a plain column read
}

// colIndex returns the column a plain column read reads.
func (x cexpr) colIndex() (int, bool) { return x.col - 1, x.col > 0 }

func konst(v value.Value, t value.Type) cexpr {
	return cexpr{fn: func(*Frame, Row) value.Value { return v }, konst: true, val: v, typ: t}
}

// compiler compiles bound expressions against a layout for one run.
type compiler struct {
	run *Run
	win *winState // set inside a serialized extend
}

func (c *compiler) expr(e bind.Expr, l *layout) (cexpr, error) {
	switch e := e.(type) {
	case *bind.Const:
		return konst(e.V, e.T), nil
	case *bind.ColRef:
		i := l.find(e.Name)
		if i < 0 {
			// Only a schema that depends on the data (evaluate pivot or
			// bag_unpack) gets here: the column was not produced.
			return cexpr{}, fmt.Errorf("column '%s' does not exist in this data: the "+
				"columns before it come from the data (evaluate pivot or bag_unpack), "+
				"which gave no such column", e.Name)
		}
		return cexpr{fn: func(_ *Frame, r Row) value.Value { return r[i] }, typ: e.T, col: i + 1}, nil
	case *bind.Call:
		return c.call(e, l)
	case *bind.Binary:
		return c.binary(e, l)
	case *bind.Logic, *bind.Not, *bind.In, *bind.HasAny, *bind.Between:
		cc, err := c.cond(e, l)
		if err != nil {
			return cexpr{}, err
		}
		if cc.konst {
			return konst(cc.val, value.Bool), nil
		}
		fn := cc.fn
		return cexpr{fn: func(f *Frame, r Row) value.Value {
			return boolValue(fn(f, r))
		}, typ: value.Bool, cost: cc.cost}, nil
	case *bind.Member:
		return c.member(e, l)
	case *bind.Index:
		return c.index(e, l)
	case *bind.Cond:
		return c.condExpr(e, l)
	case *bind.ToScalar:
		return c.toScalar(e)
	case *bind.WindowFn:
		return c.windowFn(e, l)
	case *bind.OpenCol:
		if i := l.find(e.Name); i >= 0 {
			return cexpr{fn: func(_ *Frame, r Row) value.Value { return r[i] }, typ: l.types[i],
				col: i + 1}, nil
		}
		return c.expr(e.Default, l)
	case *bind.Cast:
		x, err := c.expr(e.X, l)
		if err != nil {
			return cexpr{}, err
		}
		return c.fold(mapOne(x, func(v value.Value) value.Value { return castTo(v, e.T) }), e.T), nil
	}
	return cexpr{}, fmt.Errorf("eval: unsupported expression %T", e)
}

// fold evaluates an expression with constant inputs once.
func (c *compiler) fold(x cexpr, t value.Type) cexpr {
	if x.konst {
		return x
	}
	x.typ = t
	return x
}

// mapOne applies a function to one compiled operand, folding constants.
func mapOne(x cexpr, op func(value.Value) value.Value) cexpr {
	if x.konst {
		return konst(op(x.val), x.typ)
	}
	fn := x.fn
	return cexpr{fn: func(f *Frame, r Row) value.Value { return op(fn(f, r)) }, cost: x.cost + 1}
}

func (c *compiler) call(e *bind.Call, l *layout) (cexpr, error) {
	args := make([]cexpr, len(e.Args))
	allConst := true
	cost := 5
	for i, a := range e.Args {
		x, err := c.expr(a, l)
		if err != nil {
			return cexpr{}, err
		}
		args[i] = x
		allConst = allConst && x.konst
		cost += x.cost
	}
	impl, env := e.Impl, &builtin.Env{Now: c.run.now}
	if allConst {
		vals := make([]value.Value, len(args))
		for i, a := range args {
			vals[i] = a.val
		}
		return konst(impl(env, vals), e.T), nil
	}
	fns := make([]Scalar, len(args))
	for i, a := range args {
		fns[i] = a.fn
	}
	var fn Scalar
	switch len(fns) {
	case 1:
		a0 := fns[0]
		fn = func(f *Frame, r Row) value.Value {
			base := len(f.stack)
			f.stack = append(f.stack, a0(f, r))
			v := impl(&f.env, f.stack[base:])
			f.stack = f.stack[:base]
			return v
		}
	case 2:
		a0, a1 := fns[0], fns[1]
		fn = func(f *Frame, r Row) value.Value {
			base := len(f.stack)
			f.stack = append(f.stack, a0(f, r))
			f.stack = append(f.stack, a1(f, r))
			v := impl(&f.env, f.stack[base:])
			f.stack = f.stack[:base]
			return v
		}
	default:
		fn = func(f *Frame, r Row) value.Value {
			base := len(f.stack)
			for _, a := range fns {
				f.stack = append(f.stack, a(f, r))
			}
			v := impl(&f.env, f.stack[base:])
			f.stack = f.stack[:base]
			return v
		}
	}
	return cexpr{fn: fn, typ: e.T, cost: cost}, nil
}

// condExpr compiles iff/case: conditions in order, the first true wins.
func (c *compiler) condExpr(e *bind.Cond, l *layout) (cexpr, error) {
	conds := make([]ccond, len(e.Conds))
	vals := make([]Scalar, len(e.Vals))
	for i, x := range e.Conds {
		cc, err := c.cond(x, l)
		if err != nil {
			return cexpr{}, err
		}
		conds[i] = cc
	}
	for i, x := range e.Vals {
		v, err := c.expr(x, l)
		if err != nil {
			return cexpr{}, err
		}
		t := e.T
		if v.typ != t && t == value.Dynamic {
			v = mapOne(v, value.ToDynamic)
		}
		vals[i] = v.fn
	}
	return cexpr{fn: func(f *Frame, r Row) value.Value {
		for i, cc := range conds {
			if cc.fn(f, r) == True {
				return vals[i](f, r)
			}
		}
		return vals[len(conds)](f, r)
	}, typ: e.T, cost: 5}, nil
}

// ccond is a compiled predicate.
type ccond struct {
	fn    Cond
	konst bool
	val   value.Value
	cost  int
}

func konstCond(t Tri) ccond {
	return ccond{fn: func(*Frame, Row) Tri { return t }, konst: true, val: boolValue(t)}
}

func (c *compiler) cond(e bind.Expr, l *layout) (ccond, error) {
	switch e := e.(type) {
	case *bind.Logic:
		return c.logic(e, l)
	case *bind.Not:
		x, err := c.cond(e.X, l)
		if err != nil {
			return ccond{}, err
		}
		if x.konst {
			return konstCond(notTri(triOf(x.val))), nil
		}
		fn := x.fn
		return ccond{fn: func(f *Frame, r Row) Tri { return notTri(fn(f, r)) }, cost: x.cost}, nil
	case *bind.In:
		return c.in(e, l)
	case *bind.HasAny:
		return c.hasAny(e, l)
	case *bind.Between:
		return c.between(e, l)
	case *bind.Binary:
		if cc, ok, err := c.binaryCond(e, l); ok || err != nil {
			return cc, err
		}
	}
	x, err := c.expr(e, l)
	if err != nil {
		return ccond{}, err
	}
	if x.konst {
		return konstCond(triOf(x.val)), nil
	}
	fn := x.fn
	return ccond{fn: func(f *Frame, r Row) Tri { return triOf(fn(f, r)) }, cost: x.cost}, nil
}

func notTri(t Tri) Tri {
	switch t {
	case True:
		return False
	case False:
		return True
	}
	return Null
}

// logic compiles an and/or chain. Conjuncts (disjuncts) are reordered by
// estimated cost, cheapest first: and/or are commutative in KQL and
// expressions have no side effects.
func (c *compiler) logic(e *bind.Logic, l *layout) (ccond, error) {
	var parts []ccond
	cost := 0
	for _, a := range e.Args {
		x, err := c.cond(a, l)
		if err != nil {
			return ccond{}, err
		}
		if x.konst {
			t := triOf(x.val)
			if e.And && t == False || !e.And && t == True {
				return konstCond(t), nil
			}
			if e.And && t == True || !e.And && t == False {
				continue
			}
		}
		parts = append(parts, x)
		cost += x.cost
	}
	if len(parts) == 0 {
		return konstCond(triBool(e.And)), nil
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].cost < parts[j].cost })
	fns := make([]Cond, len(parts))
	for i, p := range parts {
		fns[i] = p.fn
	}
	if len(fns) == 1 {
		return ccond{fn: fns[0], cost: cost}, nil
	}
	stop, keep := False, True
	if !e.And {
		stop, keep = True, False
	}
	if len(fns) == 2 {
		a, b := fns[0], fns[1]
		return ccond{fn: func(f *Frame, r Row) Tri {
			x := a(f, r)
			if x == stop {
				return stop
			}
			y := b(f, r)
			if y == stop {
				return stop
			}
			if x == keep && y == keep {
				return keep
			}
			return Null
		}, cost: cost}, nil
	}
	return ccond{fn: func(f *Frame, r Row) Tri {
		res := keep
		for _, p := range fns {
			switch p(f, r) {
			case stop:
				return stop
			case Null:
				res = Null
			}
		}
		return res
	}, cost: cost}, nil
}
