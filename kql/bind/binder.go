// Package bind resolves a parsed KQL query against table schemas: it finds
// tables, columns, let names and functions, gives every expression a type,
// rejects what Kusto rejects with positioned errors, and computes the
// result columns with the names Kusto generates. Its output is a bound
// query (ir.go, tabular.go) for package eval, plus a side table of types
// keyed by syntax node ID; the syntax tree is never changed.
package bind

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Options configures binding.
type Options struct {
	// Schemas are the tables queries may read.
	Schemas *schema.Set
	// Tables are extra tables, found before Schemas.
	Tables []*schema.Table
	// Functions are caller-declared tabular functions, such as Sentinel's
	// _GetWatchlist('name'); they are called at bind time with constant
	// arguments and their rows become a literal source.
	Functions map[string]TableFunc
	// ReadFile reads an externaldata URL; nil refuses externaldata.
	ReadFile func(url string) ([]byte, error)
}

// TableFunc returns the columns and rows of a caller-declared tabular
// function for constant arguments.
type TableFunc func(args []value.Value) ([]schema.Column, [][]value.Value, error)

// Info is the binder's side table: the type of every expression node,
// indexed by syntax node ID (Invalid for nodes that are not scalar
// expressions).
type Info struct {
	Types []value.Type
}

// Bind binds a parsed query. The error, when not nil, is a
// syntax.ErrorList of positioned diagnostics.
func Bind(q *syntax.Query, src string, opts Options) (*Query, *Info, error) {
	b := &binder{src: src, opts: opts, reads: map[string]*tableRead{},
		info: &Info{Types: make([]value.Type, q.MaxID+1)}}
	body := b.statements(q.Stmts, nil, q.Span().Start)
	if len(b.errs) > 0 {
		return nil, b.info, b.errorList()
	}
	markAll(body.Columns)
	out := &Query{Body: body, Lookback: b.lookback, HasLookback: b.hasLookback, Open: body.Open,
		Warnings: b.warns.Normalize()}
	for _, name := range b.readOrder {
		tr := b.reads[name]
		var cols []schema.Column
		for i, c := range tr.table.Columns {
			if tr.cols[i].used {
				cols = append(cols, c)
			}
		}
		out.Tables = append(out.Tables, TableUse{Name: name, Columns: cols})
	}
	return out, b.info, nil
}

// binder holds the state of one binding.
type binder struct {
	src         string
	opts        Options
	errs        syntax.ErrorList
	warns       syntax.ErrorList // diagnostics that do not stop binding
	info        *Info
	reads       map[string]*tableRead
	readOrder   []string
	lookback    int64
	hasLookback bool
	nextMat     int
	sawWindow   bool
	depth       int
}

// tableRead is a source table and which of its columns the query uses.
type tableRead struct {
	table *schema.Table
	cols  []*srcCol
}

// scope is a chain of let bindings.
type scope struct {
	parent *scope
	name   string
	scalar Expr             // a scalar let (or a function argument)
	tab    syntax.Expr      // a tabular let, bound again at each use
	tabSc  *scope           // the scope tab is bound in
	bound  *Tabular         // a tabular value bound once (materialize, tabular args)
	fn     *syntax.FuncDecl // a user function or view
}

func (s *scope) lookup(name string) *scope {
	for ; s != nil; s = s.parent {
		if s.name == name {
			return s
		}
	}
	return nil
}

// errorf records a diagnostic at byte offset pos.
func (b *binder) errorf(pos int, msg string) {
	line, col := lineCol(b.src, pos)
	b.errs = append(b.errs, &syntax.Error{Pos: pos, Line: line, Col: col, Msg: msg})
}

// warnf records a warning: the query still binds.
func (b *binder) warnf(pos int, msg string) {
	line, col := lineCol(b.src, pos)
	b.warns = append(b.warns, &syntax.Error{Pos: pos, Line: line, Col: col, Msg: msg})
}

func (b *binder) errorList() error {
	sort.SliceStable(b.errs, func(i, j int) bool { return b.errs[i].Pos < b.errs[j].Pos })
	out := b.errs[:0]
	for _, e := range b.errs {
		if n := len(out); n > 0 && out[n-1].Pos == e.Pos && out[n-1].Msg == e.Msg {
			continue
		}
		out = append(out, e)
	}
	if len(out) > syntax.MaxErrors {
		out = out[:syntax.MaxErrors]
	}
	return out
}

func lineCol(src string, pos int) (int, int) {
	pos = min(max(pos, 0), len(src))
	line := 1 + strings.Count(src[:pos], "\n")
	start := strings.LastIndexByte(src[:pos], '\n') + 1
	return line, 1 + utf8.RuneCountInString(src[start:pos])
}

// statements binds let/declare statements and returns the last tabular
// expression statement.
func (b *binder) statements(stmts []syntax.Statement, sc *scope, pos int) *Tabular {
	var body *Tabular
	for _, st := range stmts {
		switch st := st.(type) {
		case *syntax.LetStmt:
			sc = b.let(st, sc)
		case *syntax.DeclareStmt:
			for _, p := range st.Params {
				var v Expr = &Const{exprBase{value.String, p.Span().Start}, value.NewString("")}
				if t, ok := value.ParseType(p.Type); ok {
					v = &Const{exprBase{t, p.Span().Start}, value.Null(t)}
				}
				if p.Default != nil {
					v = b.scalar(p.Default, &env{sc: sc})
				}
				sc = &scope{parent: sc, name: p.Name.Name, scalar: v}
			}
		case *syntax.ExprStmt:
			if !b.isTabular(st.X, sc) {
				b.errorf(st.Span().Start, msgNotTabular())
				continue
			}
			body = b.tabular(st.X, sc)
		}
	}
	if body == nil {
		if len(b.errs) == 0 {
			b.errorf(pos, msgNoQuery())
		}
		return &Tabular{Source: &Literal{}}
	}
	return body
}

func (b *binder) let(st *syntax.LetStmt, sc *scope) *scope {
	name := st.Name.Name
	switch v := st.Value.(type) {
	case *syntax.FuncDecl:
		return &scope{parent: sc, name: name, fn: v}
	}
	if call, ok := unparen(st.Value).(*syntax.Call); ok && call.Name.Name == "materialize" &&
		len(call.Args) == 1 {
		t := b.tabular(call.Args[0], sc)
		b.nextMat++
		mt := &Tabular{Source: &Materialized{ID: b.nextMat, Sub: t}, Columns: passCols(t.Columns)}
		return &scope{parent: sc, name: name, bound: mt}
	}
	if b.isTabular(st.Value, sc) {
		return &scope{parent: sc, name: name, tab: st.Value, tabSc: sc}
	}
	return &scope{parent: sc, name: name, scalar: b.scalar(st.Value, &env{sc: sc})}
}

func unparen(e syntax.Expr) syntax.Expr {
	for {
		p, ok := e.(*syntax.Paren)
		if !ok {
			return e
		}
		e = p.X
	}
}

// isTabular decides whether an expression denotes a table.
func (b *binder) isTabular(e syntax.Expr, sc *scope) bool {
	switch e := e.(type) {
	case *syntax.Pipeline, *syntax.Datatable, *syntax.Print, *syntax.Range,
		*syntax.ExternalData, *syntax.Union, *syntax.Evaluate, *syntax.Search, *syntax.Find:
		return true
	case *syntax.Paren:
		return b.isTabular(e.X, sc)
	case *syntax.Ident:
		if s := sc.lookup(e.Name); s != nil {
			return s.tab != nil || s.bound != nil || s.fn != nil && s.fn.View
		}
		_, ok := b.table(e.Name)
		return ok
	case *syntax.Call:
		name := e.Name.Name
		if name == "materialize" || name == "view" {
			return true
		}
		if _, ok := b.opts.Functions[name]; ok {
			return true
		}
		if s := sc.lookup(name); s != nil && s.fn != nil {
			return b.fnIsTabular(s)
		}
		if name == "table" {
			return true
		}
	}
	return false
}

// fnIsTabular reports whether a user function's body ends in a tabular
// expression (parameters count as scalars for this test).
func (b *binder) fnIsTabular(s *scope) bool {
	body := s.fn.Body
	if len(body) == 0 {
		return false
	}
	last, ok := body[len(body)-1].(*syntax.ExprStmt)
	if !ok {
		return false
	}
	fsc := s.parent
	for _, p := range s.fn.Params {
		if p.Tabular {
			fsc = &scope{parent: fsc, name: p.Name.Name, bound: &Tabular{}}
		} else {
			fsc = &scope{parent: fsc, name: p.Name.Name, scalar: &Const{}}
		}
	}
	for _, st := range body[:len(body)-1] {
		if l, ok := st.(*syntax.LetStmt); ok {
			fsc = &scope{parent: fsc, name: l.Name.Name, tab: l.Value, tabSc: fsc}
			if !b.isTabular(l.Value, fsc.parent) {
				fsc.tab, fsc.scalar = nil, &Const{}
			}
		}
	}
	return b.isTabular(last.X, fsc)
}

// table finds a table by name: caller tables first, then the schemas.
func (b *binder) table(name string) (*schema.Table, bool) {
	for _, t := range b.opts.Tables {
		if t.Name == name {
			return t, true
		}
	}
	if b.opts.Schemas != nil {
		return b.opts.Schemas.Lookup(name)
	}
	return nil, false
}

// scan binds a read of a source table.
func (b *binder) scan(t *schema.Table) *Tabular {
	tr, ok := b.reads[t.Name]
	if !ok {
		tr = &tableRead{table: t, cols: make([]*srcCol, len(t.Columns))}
		for i := range tr.cols {
			tr.cols[i] = &srcCol{}
		}
		b.reads[t.Name] = tr
		b.readOrder = append(b.readOrder, t.Name)
	}
	cols := make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = Column{Name: c.Name, Type: c.Type, srcs: []*srcCol{tr.cols[i]}}
	}
	return &Tabular{Source: &Scan{Table: t.Name}, Columns: cols}
}

// markAll marks columns as needed.
func markAll(cols []Column) {
	for _, c := range cols {
		mark(c)
	}
}

func mark(c Column) {
	for _, s := range c.srcs {
		s.used = true
	}
}

// passCols copies columns, keeping their sources.
func passCols(cols []Column) []Column { return append([]Column(nil), cols...) }
