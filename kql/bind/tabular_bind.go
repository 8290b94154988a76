package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// tabular binds a tabular expression.
func (b *binder) tabular(e syntax.Expr, sc *scope) *Tabular {
	p := pos(e)
	if b.depth > 200 {
		b.errorf(p, msgUnsupported("Recursion this deep"))
		return &Tabular{Source: &Literal{}}
	}
	b.depth++
	defer func() { b.depth-- }()
	switch e := e.(type) {
	case *syntax.Paren:
		return b.tabular(e.X, sc)
	case *syntax.Pipeline:
		var t *Tabular
		if e.Source == nil {
			b.errorf(p, msgNotTabular())
			return &Tabular{Source: &Literal{}}
		}
		t = b.tabular(e.Source, sc)
		for _, op := range e.Ops {
			t = b.op(t, op, sc)
		}
		return t
	case *syntax.Ident:
		return b.named(e.Name, p, sc)
	case *syntax.Datatable:
		return b.datatable(e, sc)
	case *syntax.Print:
		return b.print(e, sc)
	case *syntax.Range:
		return b.rangeSrc(e, sc)
	case *syntax.Union:
		return b.union(nil, e, sc)
	case *syntax.Search:
		return b.search(nil, e, sc)
	case *syntax.Find:
		return b.find(e, sc)
	case *syntax.ExternalData:
		return b.externalData(e, sc)
	case *syntax.Call:
		return b.tabularCall(e, sc)
	}
	b.errorf(p, msgUnsupported("This tabular expression ("+e.Kind().String()+")"))
	return &Tabular{Source: &Literal{}}
}

// named binds a table or tabular let by name.
func (b *binder) named(name string, p int, sc *scope) *Tabular {
	if s := sc.lookup(name); s != nil {
		switch {
		case s.bound != nil:
			return s.bound
		case s.tab != nil:
			return b.tabular(s.tab, s.tabSc)
		case s.fn != nil && (s.fn.View || len(s.fn.Params) == 0):
			// A view, or a function without parameters, is called by its
			// name alone (as the analyzer and the engine accept).
			return b.fnBody(s, s.parent, p)
		}
	}
	if t, ok := b.table(name); ok {
		return b.scan(t)
	}
	b.errorf(p, msgUnknownTable(name))
	return &Tabular{Source: &Literal{}}
}

func (b *binder) tabularCall(e *syntax.Call, sc *scope) *Tabular {
	p := pos(e)
	name := e.Name.Name
	switch name {
	case "materialize":
		if len(e.Args) != 1 {
			b.errorf(p, msgArgCount(name, 1, 1))
			return &Tabular{Source: &Literal{}}
		}
		t := b.tabular(e.Args[0], sc)
		b.nextMat++
		return &Tabular{Source: &Materialized{ID: b.nextMat, Sub: t}, Columns: passCols(t.Columns)}
	case "table", "view":
		if len(e.Args) == 1 {
			if s, ok := e.Args[0].(*syntax.StringLit); ok {
				return b.named(s.Value, p, sc)
			}
		}
	}
	if s := sc.lookup(name); s != nil && s.fn != nil {
		fsc, ok := b.bindArgs(e, s, &env{sc: sc})
		if !ok {
			return &Tabular{Source: &Literal{}}
		}
		return b.fnBody(s, fsc, p)
	}
	if f, ok := b.opts.Functions[name]; ok {
		var args []value.Value
		for _, a := range e.Args {
			x := b.scalar(a, &env{sc: sc})
			c, ok := x.(*Const)
			if !ok {
				b.errorf(pos(a), msgNotConstant())
				return &Tabular{Source: &Literal{}}
			}
			args = append(args, c.V)
		}
		cols, rows, err := f(args)
		if err != nil {
			b.errorf(p, msgFuncError(name, err))
			return &Tabular{Source: &Literal{}}
		}
		bc := make([]Column, len(cols))
		for i, c := range cols {
			bc[i] = Column{Name: c.Name, Type: c.Type}
		}
		return &Tabular{Source: &Literal{Columns: bc, Rows: rows}, Columns: bc}
	}
	b.errorf(pos(e.Name), msgUnknownTable(name))
	return &Tabular{Source: &Literal{}}
}

// fnBody binds a user function's or view's body in scope fsc.
func (b *binder) fnBody(s *scope, fsc *scope, p int) *Tabular {
	body := s.fn.Body
	t := b.statementsIn(body, fsc, p)
	return t
}

// statementsIn binds a function body: lets then the final expression.
func (b *binder) statementsIn(stmts []syntax.Statement, sc *scope, p int) *Tabular {
	for i, st := range stmts {
		switch st := st.(type) {
		case *syntax.LetStmt:
			sc = b.let(st, sc)
		case *syntax.ExprStmt:
			if i == len(stmts)-1 {
				return b.tabular(st.X, sc)
			}
		}
	}
	b.errorf(p, msgNotTabular())
	return &Tabular{Source: &Literal{}}
}

func (b *binder) datatable(e *syntax.Datatable, sc *scope) *Tabular {
	cols := make([]Column, len(e.Columns))
	for i, c := range e.Columns {
		t, ok := value.ParseType(c.Type)
		if !ok {
			b.errorf(pos(c), msgBadLiteral("type", c.Type))
		}
		cols[i] = Column{Name: c.Name.Name, Type: t}
	}
	var rows [][]value.Value
	if len(cols) == 0 {
		return &Tabular{Source: &Literal{}, Columns: cols}
	}
	en := &env{sc: sc}
	var row []value.Value
	for _, v := range e.Values {
		x := b.scalar(v, en)
		c, ok := x.(*Const)
		if !ok {
			if x.Type() != value.Invalid {
				b.errorf(pos(v), msgNotConstant())
			}
			c = &Const{V: value.Null(cols[len(row)].Type)}
		}
		row = append(row, convertConst(c.V, cols[len(row)].Type))
		if len(row) == len(cols) {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		b.errorf(pos(e), msgColumnsDiffer([]string{cols[len(row)].Name}))
	}
	return &Tabular{Source: &Literal{Columns: cols, Rows: rows}, Columns: cols}
}

func (b *binder) print(e *syntax.Print, sc *scope) *Tabular {
	en := &env{sc: sc}
	var items []Assign
	var cols []Column
	nm := newNamer(nil)
	for i, it := range e.Items {
		x := b.scalar(it.Value, en)
		name := ""
		if len(it.Names) > 0 {
			name = it.Names[0].Name
		} else {
			// print has no input columns: a let variable's name is not
			// taken (let d = 1; print d gives print_0).
			name = "print_" + itoa(i)
		}
		name = nm.unique(name)
		items = append(items, Assign{Name: name, Expr: x})
		cols = append(cols, Column{Name: name, Type: x.Type()})
	}
	return &Tabular{Source: &Print{Items: items}, Columns: cols}
}

func (b *binder) rangeSrc(e *syntax.Range, sc *scope) *Tabular {
	en := &env{sc: sc}
	from, to, step := b.scalar(e.From, en), b.scalar(e.To, en), b.scalar(e.Step, en)
	t := from.Type()
	if t == value.Int {
		t = value.Long
	}
	col := Column{Name: e.Name.Name, Type: t}
	return &Tabular{Source: &Range{Name: col.Name, From: from, To: to, Step: step},
		Columns: []Column{col}, Serialized: true}
}
