// Package kql is kqlhunt's KQL engine: it compiles a query against table
// schemas and runs it over rows pushed by the decoders.
//
//	q, err := kql.Compile("rule.kql", text, kql.Options{Schemas: schema.Builtin()})
//	run := q.Start(ctx, kql.RunOptions{Now: now})
//	run.Push("DeviceProcessEvents", rows) // from any goroutine
//	res, err := run.Finish()
//
// When now is known only after the rows (the newest Timestamp of the
// inputs), start with RunOptions{DeferNow: true} and call run.SetNow(t)
// before Finish: Push then applies only the filters that do not depend on
// now and keeps their survivors until Finish.
//
// The pipeline: syntax.ParseQuery, then bind.Bind (names, types, result
// columns, the narrow columns each table must supply), then eval (compiled
// closures; the streamable prefix runs in Push).
package kql

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/eval"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Options configures compilation.
type Options struct {
	// Schemas are the tables queries may read (schema.Builtin() usually).
	Schemas *schema.Set
	// Tables are extra tables, found before Schemas (such as in-memory
	// tables given to Eval).
	Tables []*schema.Table
	// Functions are caller-declared tabular functions, such as Sentinel's
	// _GetWatchlist('name') returning the rows of a local CSV. They are
	// called at compile time with the call's constant arguments.
	Functions map[string]TableFunc
	// ReadFile reads externaldata URLs. Nil reads local files only (a path,
	// or a file:// URL); other URLs are refused: kqlhunt never fetches.
	ReadFile func(url string) ([]byte, error)
}

// readLocal is the default externaldata reader: local files only.
func readLocal(url string) ([]byte, error) {
	if strings.HasPrefix(url, "file://") {
		url = strings.TrimPrefix(url, "file://")
	} else if strings.Contains(url, "://") {
		return nil, fmt.Errorf("%w: %s", bind.ErrNotFetched, url)
	}
	return os.ReadFile(url)
}

// TableFunc returns the columns and rows of a caller-declared tabular
// function for constant arguments.
type TableFunc = bind.TableFunc

// TableUse is a table a query reads and the narrow set of columns it
// needs, in the table's order: Push rows must hold exactly these.
type TableUse struct {
	Name    string
	Columns []schema.Column
}

// Query is a compiled query.
type Query struct {
	file   string
	text   string
	bound  *bind.Query
	info   *bind.Info
	tables []TableUse
	cols   []schema.Column
}

// Compile parses and binds a query. The error is a syntax.ErrorList:
// positioned diagnostics (render them with its Render method).
func Compile(filename, text string, opts Options) (*Query, error) {
	tree, errs := syntax.ParseQuery(filename, text)
	if len(errs) > 0 {
		return nil, errs
	}
	read := opts.ReadFile
	if read == nil {
		read = readLocal
	}
	bq, info, err := bind.Bind(tree, text, bind.Options{Schemas: opts.Schemas,
		Tables: opts.Tables, Functions: opts.Functions, ReadFile: read})
	if err != nil {
		return nil, err
	}
	q := &Query{file: filename, text: text, bound: bq, info: info}
	for _, t := range bq.Tables {
		q.tables = append(q.tables, TableUse{Name: t.Name, Columns: t.Columns})
	}
	for _, c := range bq.Body.Columns {
		q.cols = append(q.cols, schema.Column{Name: c.Name, Type: c.Type})
	}
	return q, nil
}

// Columns returns the result columns, named and typed as Kusto does. When
// they depend on the data (evaluate bag_unpack), it lists those known in
// advance and Result.Columns has them all.
func (q *Query) Columns() []schema.Column { return q.cols }

// Tables returns the source tables and the columns the query needs of
// each (all of them when it needs all).
func (q *Query) Tables() []TableUse { return q.tables }

// MaxLookback returns the widest ago(<constant>) window of the query, to
// warn when inputs span more time; false when it has none.
func (q *Query) MaxLookback() (time.Duration, bool) {
	return time.Duration(q.bound.Lookback) * 100, q.bound.HasLookback
}

// Warnings returns the positioned diagnostics that did not stop the query
// from compiling, such as an externaldata URL kqlhunt does not fetch.
func (q *Query) Warnings() syntax.ErrorList { return q.bound.Warnings }

// Text returns the query text.
func (q *Query) Text() string { return q.text }

// RunOptions configures one run.
type RunOptions struct {
	// Now is now() for the whole run (ago() counts back from it); the zero
	// time means the current time. Ignored when DeferNow is set.
	Now time.Time
	// DeferNow starts a run whose now is not known yet (such as the newest
	// Timestamp of the inputs being pushed): call Run.SetNow before
	// Finish. Push then applies only the conjuncts of each table read's
	// leading where operators that do not depend on now() or ago(), and
	// keeps every row that passes them, as pushed, until Finish, which
	// runs the whole query with the real now. Results are exactly those of
	// a run started with that now; memory holds all rows passing the
	// now-free filters (not just those passing the full streamable prefix).
	DeferNow bool
}

// ErrNowNotSet is returned by Finish on a DeferNow run whose SetNow was
// not called.
var ErrNowNotSet = errors.New("kql: DeferNow run finished before SetNow")

// Run is one evaluation of a query. Push may be called from several
// goroutines; Finish once, after the last Push.
type Run struct {
	q   *Query
	ev  *eval.Run
	err error

	// deferred is set for DeferNow runs; ev is made by Finish.
	deferred *eval.Deferred
	mu       sync.Mutex
	now      time.Time
	nowSet   bool
}

// Start begins a run.
func (q *Query) Start(ctx context.Context, opts RunOptions) *Run {
	if opts.DeferNow {
		d, err := eval.StartDeferred(ctx, q.bound)
		return &Run{q: q, deferred: d, err: err}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ev, err := eval.Start(ctx, q.bound, value.TimeToTicks(now.UTC()))
	return &Run{q: q, ev: ev, err: err}
}

// SetNow fixes now() of a DeferNow run; call it before Finish (after or
// between Pushes). The zero time means the current time. It does nothing
// on a run started with a known now.
func (r *Run) SetNow(t time.Time) {
	if t.IsZero() {
		t = time.Now()
	}
	r.mu.Lock()
	r.now, r.nowSet = t, true
	r.mu.Unlock()
}

// Push gives rows of a table to the run, laid out as Tables() says. It
// evaluates the streamable prefix of the query (where, extend, project,
// ...) at once and keeps only surviving rows. The run takes ownership of
// rows. Push is safe for concurrent use; rows of tables the query does
// not read are ignored.
func (r *Run) Push(table string, rows [][]value.Value) error {
	if r.err != nil {
		return r.err
	}
	if r.deferred != nil {
		return r.deferred.Push(table, rows)
	}
	return r.ev.Push(table, rows)
}

// Result is a query's output.
type Result struct {
	Columns []schema.Column
	Rows    [][]value.Value
}

// Finish runs the rest of the query and returns its result.
func (r *Run) Finish() (*Result, error) {
	if r.err != nil {
		return nil, r.err
	}
	var rows [][]value.Value
	var err error
	if r.deferred != nil {
		r.mu.Lock()
		now, set := r.now, r.nowSet
		r.mu.Unlock()
		if !set {
			return nil, ErrNowNotSet
		}
		r.ev, rows, err = r.deferred.Finish(value.TimeToTicks(now.UTC()))
	} else {
		rows, err = r.ev.Finish()
	}
	if err != nil {
		return nil, err
	}
	cols := r.q.cols
	if names, types, ok := r.ev.Columns(); ok {
		cols = make([]schema.Column, len(names))
		for i := range names {
			cols[i] = schema.Column{Name: names[i], Type: types[i]}
		}
	}
	return &Result{Columns: cols, Rows: rows}, nil
}
