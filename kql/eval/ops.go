package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// op is a compiled tabular operator over a batch (streaming operators) or
// all rows (blocking ones).
type op interface {
	apply(f *Frame, rows []Row) ([]Row, error)
}

// opFunc adapts a function to op.
type opFunc func(f *Frame, rows []Row) ([]Row, error)

func (o opFunc) apply(f *Frame, rows []Row) ([]Row, error) { return o(f, rows) }

// whereOp keeps rows whose predicate is true (null drops the row).
type whereOp struct{ pred Cond }

func (w *whereOp) apply(f *Frame, rows []Row) ([]Row, error) {
	var out []Row
	for _, r := range rows {
		if w.pred(f, r) == True {
			out = append(out, r)
		}
	}
	return out, nil
}

// extendOp computes columns; set[i] is the target index (an existing
// column to replace, or an appended one).
type extendOp struct {
	exprs []Scalar
	set   []int
	width int
}

func (e *extendOp) apply(f *Frame, rows []Row) ([]Row, error) {
	out := make([]Row, len(rows))
	vals := make([]value.Value, len(e.exprs))
	for k, r := range rows {
		for i, x := range e.exprs {
			vals[i] = x(f, r)
		}
		nr := make(Row, e.width)
		copy(nr, r)
		for i, idx := range e.set {
			nr[idx] = vals[i]
		}
		out[k] = nr
	}
	return out, nil
}

// projectOp computes exactly its expressions.
type projectOp struct{ exprs []Scalar }

func (p *projectOp) apply(f *Frame, rows []Row) ([]Row, error) {
	out := make([]Row, len(rows))
	buf := make([]value.Value, len(rows)*len(p.exprs))
	for k, r := range rows {
		nr := buf[k*len(p.exprs) : (k+1)*len(p.exprs) : (k+1)*len(p.exprs)]
		for i, x := range p.exprs {
			nr[i] = x(f, r)
		}
		out[k] = nr
	}
	return out, nil
}

// selectOp keeps input columns by index.
type selectOp struct{ idx []int }

func (s *selectOp) apply(_ *Frame, rows []Row) ([]Row, error) {
	out := make([]Row, len(rows))
	n := len(s.idx)
	buf := make([]value.Value, len(rows)*n)
	for k, r := range rows {
		nr := buf[k*n : (k+1)*n : (k+1)*n]
		for i, j := range s.idx {
			nr[i] = r[j]
		}
		out[k] = nr
	}
	return out, nil
}

// streamable reports whether a bound operator can run batch by batch in
// Push: row-local and free of sub-queries (which need every table).
func streamable(o bind.Op) bool {
	switch o := o.(type) {
	case *bind.Where:
		return !hasSub(o.Pred)
	case *bind.Extend:
		return !itemsHaveSub(o.Items)
	case *bind.Project:
		return !itemsHaveSub(o.Items)
	case *bind.Select, *bind.Rename:
		return true
	case *bind.Parse:
		return !hasSub(o.X)
	case *bind.ParseKV:
		return !hasSub(o.X)
	}
	return false
}

func itemsHaveSub(items []bind.Assign) bool {
	for _, it := range items {
		if hasSub(it.Expr) {
			return true
		}
	}
	return false
}

// hasSub reports whether an expression contains a tabular sub-query.
func hasSub(e bind.Expr) bool {
	found := false
	walkExpr(e, func(x bind.Expr) {
		switch x := x.(type) {
		case *bind.ToScalar:
			found = true
		case *bind.In:
			found = found || x.Sub != nil
		case *bind.HasAny:
			found = found || x.Sub != nil
		case *bind.WindowFn:
			found = true
		}
	})
	return found
}

// walkExpr visits e and its sub-expressions.
func walkExpr(e bind.Expr, visit func(bind.Expr)) {
	if e == nil {
		return
	}
	visit(e)
	var kids []bind.Expr
	switch e := e.(type) {
	case *bind.Call:
		kids = e.Args
	case *bind.Logic:
		kids = e.Args
	case *bind.Not:
		kids = []bind.Expr{e.X}
	case *bind.Binary:
		kids = []bind.Expr{e.L, e.R}
	case *bind.In:
		kids = append([]bind.Expr{e.X}, e.Exprs...)
	case *bind.HasAny:
		kids = append([]bind.Expr{e.X}, e.Exprs...)
	case *bind.Between:
		kids = []bind.Expr{e.X, e.Lo, e.Hi}
	case *bind.Member:
		kids = []bind.Expr{e.X}
	case *bind.Index:
		kids = []bind.Expr{e.X, e.I}
	case *bind.Cond:
		kids = append(append([]bind.Expr{}, e.Conds...), e.Vals...)
	case *bind.Cast:
		kids = []bind.Expr{e.X}
	case *bind.WindowFn:
		kids = e.Args
	}
	for _, k := range kids {
		walkExpr(k, visit)
	}
}
