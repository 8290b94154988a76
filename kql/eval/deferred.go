package eval

import (
	"context"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// nowFuncs are the functions whose value depends on the run's now.
var nowFuncs = map[string]bool{"now": true, "ago": true}

// Deferred is a run whose now() is not known when rows arrive. Push
// applies, per read of a table, the conjuncts of its leading where
// operators that do not depend on now, and keeps the rows that pass for at
// least one read, as they arrived. Finish starts an ordinary run with the
// real now, pushes the kept rows into it and finishes it, so the result is
// exactly that of a run started with that now. Rows passing the now-free
// filters are held in memory until Finish.
type Deferred struct {
	ctx   context.Context
	query *bind.Query
	pre   *Run // the run the filters were compiled in
	// filters holds, per table, one filter per read of the table; a read
	// with no now-free filter keeps every row (nil entry).
	filters map[string][][]Cond
	// keepAll marks tables one of whose reads has no now-free filter.
	keepAll map[string]bool

	mu       sync.Mutex
	kept     map[string][]Row
	finished bool
}

// StartDeferred compiles q for a run whose now is given to Finish.
func StartDeferred(ctx context.Context, q *bind.Query) (*Deferred, error) {
	// Compiling the whole query finds every read of every table; the
	// placeholder now is never used by the now-free filters kept.
	r := &Run{ctx: ctx, now: value.TimeToTicks(time.Now().UTC()), query: q,
		scans: map[string][]*scanLeaf{}, subs: map[*bind.Tabular]*subResult{},
		mats: map[int]*subResult{}, deferred: true}
	if _, _, err := r.compileTabular(q.Body); err != nil {
		return nil, err
	}
	d := &Deferred{ctx: ctx, query: q, pre: r, filters: map[string][][]Cond{},
		keepAll: map[string]bool{}, kept: map[string][]Row{}}
	for table, leaves := range r.scans {
		for _, leaf := range leaves {
			if len(leaf.nowFree) == 0 {
				d.keepAll[table] = true
			}
			d.filters[table] = append(d.filters[table], leaf.nowFree)
		}
	}
	return d, nil
}

// Push filters rows of table by the now-free filters and keeps the
// survivors. It takes ownership of rows and is safe for concurrent use.
func (d *Deferred) Push(table string, rows []Row) error {
	filters, ok := d.filters[table]
	if !ok || len(rows) == 0 {
		return nil
	}
	if !d.keepAll[table] {
		f := d.pre.newFrame()
		pass := make([]bool, len(rows))
		for _, ops := range filters {
			for i, row := range rows {
				if !pass[i] && passes(f, ops, row) {
					pass[i] = true
				}
			}
		}
		n := 0
		for i, row := range rows {
			if pass[i] {
				rows[n] = row
				n++
			}
		}
		rows = rows[:n]
	}
	if len(rows) == 0 {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.finished {
		return errFinished()
	}
	d.kept[table] = append(d.kept[table], rows...)
	return nil
}

// passes tells whether row passes every filter.
func passes(f *Frame, conds []Cond, row Row) bool {
	for _, c := range conds {
		if c(f, row) != True {
			return false
		}
	}
	return true
}

// Finish starts the run with now (ticks), gives it the kept rows and runs
// it to the end.
func (d *Deferred) Finish(now int64) (*Run, []Row, error) {
	d.mu.Lock()
	if d.finished {
		d.mu.Unlock()
		return nil, nil, errFinished()
	}
	d.finished = true
	kept := d.kept
	d.kept = nil
	d.mu.Unlock()
	r, err := Start(d.ctx, d.query, now)
	if err != nil {
		return nil, nil, err
	}
	for table, rows := range kept {
		if err := r.Push(table, rows); err != nil {
			return nil, nil, err
		}
	}
	rows, err := r.Finish()
	return r, rows, err
}

// nowFreeFilters compiles, for a read of a table, the conjuncts of its
// leading where operators that do not depend on now. Filters commute, so
// applying them early drops only rows the full query drops too.
func (r *Run) nowFreeFilters(ops []bind.Op, l *layout) ([]Cond, error) {
	var out []Cond
	for _, o := range ops {
		w, ok := o.(*bind.Where)
		if !ok {
			break
		}
		for _, x := range conjuncts(w.Pred) {
			if !nowFree(x) {
				continue
			}
			c := &compiler{run: r}
			cc, err := c.cond(x, l)
			if err != nil {
				return nil, err
			}
			out = append(out, cc.fn)
		}
	}
	return out, nil
}

// conjuncts splits e at its top-level ands.
func conjuncts(e bind.Expr) []bind.Expr {
	if lg, ok := e.(*bind.Logic); ok && lg.And {
		var out []bind.Expr
		for _, a := range lg.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []bind.Expr{e}
}

// nowFree reports whether e's value cannot depend on now: no now() or
// ago(), no sub-query, no window function, and only expression kinds
// known here (anything else counts as dependent).
func nowFree(e bind.Expr) bool {
	free := true
	walkExpr(e, func(x bind.Expr) {
		switch x := x.(type) {
		case *bind.Call:
			free = free && !nowFuncs[x.Name]
		case *bind.In:
			free = free && x.Sub == nil
		case *bind.HasAny:
			free = free && x.Sub == nil
		case *bind.Const, *bind.ColRef, *bind.Logic, *bind.Not, *bind.Binary,
			*bind.Between, *bind.Member, *bind.Index, *bind.Cond, *bind.Cast:
		default:
			free = false
		}
	})
	return free
}
