package bind

import (
	"strings"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// starTerm expands `* op R` (where * has "x") into a test on every column:
// any column for positive operators, all columns for negated ones.
func (b *binder) starTerm(op string, r Expr, en *env, p int) Expr {
	neg := len(op) > 0 && op[0] == '!'
	var args []Expr
	for _, c := range en.cols {
		mark(c)
		args = append(args, &Binary{exprBase{value.Bool, p}, BinOp(op),
			&ColRef{exprBase{c.Type, p}, c.Name}, r, nil})
	}
	if len(args) == 0 {
		return &Const{exprBase{value.Bool, p}, value.NewBool(neg)}
	}
	return &Logic{exprBase{value.Bool, p}, neg, args}
}

// searchPred binds a search predicate: a bare string is a has test over
// every column.
func (b *binder) searchPred(e syntax.Expr, en *env, cs bool) Expr {
	p := pos(e)
	switch x := e.(type) {
	case *syntax.Paren:
		return b.searchPred(x.X, en, cs)
	case *syntax.StringLit:
		// A * at the end (start) of the term asks for a prefix (suffix).
		term, op := x.Value, "has"
		pre, suf := strings.HasSuffix(term, "*"), strings.HasPrefix(term, "*")
		term = strings.Trim(term, "*")
		switch {
		case pre && suf:
			op = "contains"
		case pre:
			op = "hasprefix"
		case suf:
			op = "hassuffix"
		}
		if cs {
			op += "_cs"
		}
		return b.starTerm(op, &Const{exprBase{value.String, p}, value.NewString(term)}, en, p)
	case *syntax.Binary:
		if x.Op == syntax.OpAnd || x.Op == syntax.OpOr {
			l, r := b.searchPred(x.Left, en, cs), b.searchPred(x.Right, en, cs)
			return &Logic{exprBase{value.Bool, p}, x.Op == syntax.OpAnd, []Expr{l, r}}
		}
	case *syntax.Call:
		if x.Name.Name == "not" && len(x.Args) == 1 {
			return &Not{exprBase{value.Bool, p}, b.searchPred(x.Args[0], en, cs)}
		}
	}
	return b.scalar(e, en)
}

// search binds `T | search pred` (t set) or `search [in (T, ...)] pred`.
func (b *binder) search(t *Tabular, o *syntax.Search, sc *scope) *Tabular {
	kind, _ := paramValue(o.Params, "kind")
	cs := kind == "case_sensitive"
	if t == nil {
		if len(o.Tables) == 0 {
			b.errorf(pos(o), msgUnsupported("search over every table"))
			return &Tabular{Source: &Literal{}}
		}
		u := b.union(nil, &syntax.Union{Tables: o.Tables,
			Params: []*syntax.OpParam{{Name: "withsource", Value: &syntax.Ident{Name: "$table"}}}}, sc)
		en := rowEnv(sc, u.Columns[1:])
		return with(u, &Where{Pred: b.searchPred(o.Pred, en, cs)}, u.Columns)
	}
	en := rowEnv(sc, t.Columns)
	w := with(t, &Where{Pred: b.searchPred(o.Pred, en, cs)}, t.Columns)
	items := []Assign{{Name: "$table", Expr: &Const{exprBase{value.String, pos(o)},
		value.NewString("search_arg0")}}}
	cols := []Column{{Name: "$table", Type: value.String}}
	for _, c := range t.Columns {
		items = append(items, Assign{Name: c.Name, Expr: &ColRef{exprBase{c.Type, 0}, c.Name}})
		cols = append(cols, c)
	}
	return with(w, &Project{Items: items}, cols)
}

// dataTypeNames are getschema's DataType column.
var dataTypeNames = map[value.Type]string{
	value.String: "System.String", value.Long: "System.Int64", value.Int: "System.Int32",
	value.Real: "System.Double", value.Bool: "System.SByte", value.DateTime: "System.DateTime",
	value.Timespan: "System.TimeSpan", value.Guid: "System.Guid", value.Dynamic: "System.Object",
	value.Decimal: "System.Data.SqlTypes.SqlDecimal",
}

// getschema replaces the input by one row per input column.
func (b *binder) getschema(t *Tabular) *Tabular {
	cols := []Column{{Name: "ColumnName", Type: value.String},
		{Name: "ColumnOrdinal", Type: value.Long}, {Name: "DataType", Type: value.String},
		{Name: "ColumnType", Type: value.String}}
	var rows [][]value.Value
	for i, c := range t.Columns {
		rows = append(rows, []value.Value{value.NewString(c.Name), value.NewLong(int64(i)),
			value.NewString(dataTypeNames[c.Type]), value.NewString(c.Type.String())})
	}
	return &Tabular{Source: &Literal{Columns: cols, Rows: rows}, Columns: cols}
}

// invoke binds `T | invoke f(args)`: T is f's first (tabular) argument.
func (b *binder) invoke(t *Tabular, o *syntax.Invoke, sc *scope) *Tabular {
	s := sc.lookup(o.Call.Name.Name)
	if s == nil || s.fn == nil || len(s.fn.Params) == 0 {
		b.errorf(pos(o.Call), msgUnknownFunction(o.Call.Name.Name))
		return t
	}
	first := &scope{parent: s.parent, name: s.fn.Params[0].Name.Name, bound: t}
	rest := &scope{parent: first, fn: &syntax.FuncDecl{Params: s.fn.Params[1:], Body: s.fn.Body}}
	fsc, ok := b.bindArgs(o.Call, rest, &env{sc: sc})
	if !ok {
		return t
	}
	return b.fnBody(rest, fsc, pos(o))
}

// find binds `find in (T, ...) where pred project cols`: the rows of the
// tables that match, as source_ (the table) and the projected columns
// (null where a table lacks one). find over every table and its default
// output (predicate columns, common columns and a pack_ bag) are not
// supported.
func (b *binder) find(o *syntax.Find, sc *scope) *Tabular {
	p := pos(o)
	switch {
	case len(o.Tables) == 0:
		b.errorf(p, msgUnsupported("find over every table"))
		return &Tabular{Source: &Literal{}}
	case o.Project == nil:
		b.errorf(p, msgUnsupported("find without project"))
		return &Tabular{Source: &Literal{}}
	}
	u := b.union(nil, &syntax.Union{Tables: o.Tables,
		Params: []*syntax.OpParam{{Name: "withsource", Value: &syntax.Ident{Name: "source_"}}}}, sc)
	en := rowEnv(sc, u.Columns)
	t := with(u, &Where{Pred: b.searchPred(o.Pred, rowEnv(sc, u.Columns[1:]), false)}, u.Columns)
	src := u.Columns[0]
	items := []Assign{{Name: src.Name, Expr: &ColRef{exprBase{src.Type, p}, src.Name}}}
	cols := []Column{src}
	for _, x := range o.Project {
		id, ok := unparen(x).(*syntax.Ident)
		if !ok {
			b.errorf(pos(x), msgUnsupported("find project of an expression"))
			continue
		}
		c, ok := en.column(id.Name)
		if !ok {
			b.errorf(pos(x), msgUnknownName(id.Name))
			continue
		}
		mark(c)
		items = append(items, Assign{Name: c.Name, Expr: &ColRef{exprBase{c.Type, p}, c.Name}})
		cols = append(cols, c)
	}
	return with(t, &Project{Items: items}, cols)
}
