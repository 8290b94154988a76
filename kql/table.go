package kql

import (
	"context"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Table is an in-memory table: columns and full-width rows.
type Table struct {
	Columns []schema.Column
	Rows    [][]value.Value
}

// Eval compiles text and runs it over in-memory tables (tests and the
// conformance runner). Tables found in tables are bound with their own
// columns; other names resolve against the built-in schemas.
func Eval(ctx context.Context, text string, tables map[string]*Table,
	now time.Time) (*Result, error) {
	var extra []*schema.Table
	for name, t := range tables {
		extra = append(extra, schema.NewTable(name, t.Columns))
	}
	q, err := Compile("query.kql", text, Options{Schemas: schema.Builtin(), Tables: extra})
	if err != nil {
		return nil, err
	}
	run := q.Start(ctx, RunOptions{Now: now})
	if err := run.PushTables(tables); err != nil {
		return nil, err
	}
	return run.Finish()
}

// PushTables pushes full-width in-memory tables, narrowing each row to the
// columns the query needs.
func (r *Run) PushTables(tables map[string]*Table) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(r.q.tables))
	for _, use := range r.q.tables {
		t, ok := tables[use.Name]
		if !ok {
			continue
		}
		idx := make([]int, len(use.Columns))
		for i, c := range use.Columns {
			idx[i] = -1
			for j, tc := range t.Columns {
				if tc.Name == c.Name {
					idx[i] = j
				}
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			const batch = 4096
			for start := 0; start < len(t.Rows); start += batch {
				end := min(start+batch, len(t.Rows))
				rows := make([][]value.Value, 0, end-start)
				for _, src := range t.Rows[start:end] {
					row := make([]value.Value, len(idx))
					for i, j := range idx {
						if j < 0 || j >= len(src) {
							row[i] = value.Null(use.Columns[i].Type)
						} else {
							row[i] = src[j]
						}
					}
					rows = append(rows, row)
				}
				if err := r.Push(use.Name, rows); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// EvalContext is Eval with a background context and the current time.
func EvalContext(text string, tables map[string]*Table) (*Result, error) {
	return Eval(context.Background(), text, tables, time.Now())
}
