package eval

import (
	"context"
	"fmt"
	"sync"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// Run is one evaluation of a bound query: Push rows into it (from any
// number of goroutines), then Finish.
type Run struct {
	ctx   context.Context
	now   int64
	query *bind.Query
	scans map[string][]*scanLeaf
	root  node
	out   *layout
	// openOut is the output layout found at run time (bag_unpack).
	openOut *layout

	// deferred marks a run compiled only to find the now-free filters of
	// each table read (Deferred).
	deferred bool

	mu       sync.Mutex
	subs     map[*bind.Tabular]*subResult
	mats     map[int]*subResult
	finished bool
}

// subResult caches the rows of a sub-query evaluated at most once.
type subResult struct {
	node    node
	l       *layout
	once    sync.Once
	rows    []Row
	err     error
	scalar  value.Value
	column  []value.Value
	matcher *builtin.TermMatcher
}

// Start compiles q for one run with now() fixed at now (ticks).
func Start(ctx context.Context, q *bind.Query, now int64) (*Run, error) {
	r := &Run{ctx: ctx, now: now, query: q, scans: map[string][]*scanLeaf{},
		subs: map[*bind.Tabular]*subResult{}, mats: map[int]*subResult{}}
	root, out, err := r.compileTabular(q.Body)
	if err != nil {
		return nil, err
	}
	r.root, r.out = root, out
	return r, nil
}

// tableLayout is the layout rows of a table arrive in: the narrow columns
// the query declared.
func (r *Run) tableLayout(name string) (*layout, bool) {
	for _, t := range r.query.Tables {
		if t.Name == name {
			names := make([]string, len(t.Columns))
			types := make([]value.Type, len(t.Columns))
			for i, c := range t.Columns {
				names[i], types[i] = c.Name, c.Type
			}
			return newLayout(names, types), true
		}
	}
	return nil, false
}

// Push evaluates the streamable prefix of every scan of table over rows
// and keeps the survivors. Rows must be laid out as the query's table use
// says; Push takes ownership of them. It is safe for concurrent use.
func (r *Run) Push(table string, rows []Row) error {
	leaves := r.scans[table]
	if len(leaves) == 0 || len(rows) == 0 {
		return nil
	}
	f := r.newFrame()
	for _, leaf := range leaves {
		if err := leaf.push(f, rows); err != nil {
			return err
		}
	}
	return nil
}

// Finish runs the blocking rest of the query and returns the result rows,
// laid out as the query's result columns.
func (r *Run) Finish() ([]Row, error) {
	r.mu.Lock()
	if r.finished {
		r.mu.Unlock()
		return nil, errFinished()
	}
	r.finished = true
	r.mu.Unlock()
	f := r.newFrame()
	rows, err := r.root.exec(r, f)
	if err != nil {
		return nil, err
	}
	if r.query.Open {
		return rows, nil
	}
	lay := r.out
	if lay == nil {
		lay = r.openOut
	}
	// Reorder the physical layout to the bound result columns.
	cols := r.query.Body.Columns
	perm := make([]int, len(cols))
	identity := len(cols) == lay.width()
	for i, c := range cols {
		perm[i] = lay.find(c.Name)
		if perm[i] != i {
			identity = false
		}
	}
	if identity {
		return rows, nil
	}
	out := make([]Row, len(rows))
	for k, row := range rows {
		nr := make(Row, len(cols))
		for i, p := range perm {
			if p < 0 {
				nr[i] = value.Null(cols[i].Type)
			} else {
				nr[i] = row[p]
			}
		}
		out[k] = nr
	}
	return out, nil
}

// prepareSub compiles a sub-query at Start, so that its scans receive
// pushed rows; it is evaluated at most once, on first use.
func (r *Run) prepareSub(t *bind.Tabular) error {
	r.mu.Lock()
	_, ok := r.subs[t]
	r.mu.Unlock()
	if ok {
		return nil
	}
	n, l, err := r.compileTabular(t)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.subs[t] = &subResult{node: n, l: l}
	r.mu.Unlock()
	return nil
}

// sub evaluates a prepared sub-query once per run.
func (r *Run) sub(t *bind.Tabular) *subResult {
	r.mu.Lock()
	s := r.subs[t]
	r.mu.Unlock()
	if s == nil {
		return &subResult{err: internalf("sub-query not prepared")}
	}
	s.once.Do(func() {
		s.rows, s.err = s.node.exec(r, r.newFrame())
		if s.err == nil && len(t.Columns) > 0 {
			i := s.l.find(t.Columns[0].Name)
			for _, row := range s.rows {
				if i >= 0 {
					s.column = append(s.column, row[i])
				}
			}
			if len(s.column) > 0 {
				s.scalar = s.column[0]
			}
		}
	})
	return s
}

func (r *Run) subScalar(t *bind.Tabular) value.Value { return r.sub(t).scalar }

func (r *Run) subColumn(t *bind.Tabular) []value.Value { return r.sub(t).column }

// subMatcher returns a term matcher over the first column of t plus
// extra needles; built once.
func (r *Run) subMatcher(t *bind.Tabular, extra []string) *builtin.TermMatcher {
	s := r.sub(t)
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.matcher == nil {
		ns := append([]string(nil), extra...)
		for _, v := range s.column {
			ns = appendNeedles(ns, v)
		}
		s.matcher = builtin.NewTermMatcher(ns, false)
	}
	return s.matcher
}

// node is a compiled tabular expression.
type node interface {
	exec(r *Run, f *Frame) ([]Row, error)
}

// scanLeaf is one read of a source table: the streamable prefix runs in
// Push; survivors are kept for the rest, which runs in Finish.
type scanLeaf struct {
	table  string
	prefix []op
	rest   []op
	// nowFree are the now-independent conjuncts of the leading wheres,
	// compiled for deferred runs only.
	nowFree []Cond

	mu   sync.Mutex
	rows []Row
}

func (s *scanLeaf) push(f *Frame, rows []Row) error {
	var err error
	for _, o := range s.prefix {
		if rows, err = o.apply(f, rows); err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
	}
	s.mu.Lock()
	s.rows = append(s.rows, rows...)
	s.mu.Unlock()
	return nil
}

func (s *scanLeaf) exec(r *Run, f *Frame) ([]Row, error) {
	s.mu.Lock()
	rows := s.rows
	s.mu.Unlock()
	return applyOps(r, f, s.rest, rows)
}

// pipe is a non-scan source followed by operators.
type pipe struct {
	src node
	ops []op
}

func (p *pipe) exec(r *Run, f *Frame) ([]Row, error) {
	rows, err := p.src.exec(r, f)
	if err != nil {
		return nil, err
	}
	return applyOps(r, f, p.ops, rows)
}

func applyOps(r *Run, f *Frame, ops []op, rows []Row) ([]Row, error) {
	var err error
	for _, o := range ops {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		if rows, err = o.apply(f, rows); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// rowsNode is a fixed set of rows (datatable).
type rowsNode struct{ rows []Row }

func (n *rowsNode) exec(*Run, *Frame) ([]Row, error) {
	out := make([]Row, len(n.rows))
	copy(out, n.rows)
	return out, nil
}

// funcNode computes its rows at run time (print, range, union, ...).
type funcNode func(r *Run, f *Frame) ([]Row, error)

func (n funcNode) exec(r *Run, f *Frame) ([]Row, error) { return n(r, f) }

func internalf(format string, args ...any) error {
	return fmt.Errorf("eval: internal error: "+format, args...)
}

// Columns returns the result columns found at run time when the query's
// columns depend on the data (bind.Query.Open), after Finish.
func (r *Run) Columns() ([]string, []value.Type, bool) {
	if r.openOut == nil {
		return nil, nil, false
	}
	return r.openOut.names, r.openOut.types, true
}
