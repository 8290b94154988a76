// Package kqlengine connects the behaviour-test runner (package ruletest)
// to kqlhunt's real pipeline: queries compile and run on the kql engine,
// and text or file events go through the same input decoders as
// kqlhunt hunt.
package kqlengine

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/input"
	_ "github.com/kqlhunt/kqlhunt/input/all" // every input format
	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/ruletest"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/tuning"
	"github.com/kqlhunt/kqlhunt/value"
)

// Engine compiles queries with the kql façade against kqlhunt's built-in
// table schemas.
type Engine struct{}

// Compile compiles a query; watchlists, when not nil, serve its
// _GetWatchlist calls.
func (Engine) Compile(name, text string, watchlists *tuning.Watchlists) (ruletest.Query, error) {
	q, err := kql.Compile(name, text, Options(watchlists))
	if err != nil {
		return nil, err
	}
	return query{q}, nil
}

// Options are the compile options kqlhunt uses: the built-in schemas and,
// with watchlists, Sentinel's _GetWatchlist.
func Options(watchlists *tuning.Watchlists) kql.Options {
	opts := kql.Options{Schemas: schema.Builtin()}
	if watchlists != nil {
		opts.Functions = map[string]kql.TableFunc{"_GetWatchlist": watchlists.GetWatchlist}
	}
	return opts
}

type query struct{ q *kql.Query }

func (q query) Tables() []ruletest.TableUse {
	var out []ruletest.TableUse
	for _, tu := range q.q.Tables() {
		out = append(out, ruletest.TableUse{Name: tu.Name, Columns: tu.Columns})
	}
	return out
}

func (q query) Run(ctx context.Context, now time.Time, tables map[string][][]value.Value) (
	[]schema.Column, [][]value.Value, error) {
	run := q.q.Start(ctx, kql.RunOptions{Now: now})
	for name, rows := range tables {
		if len(rows) == 0 {
			continue
		}
		if err := run.Push(name, rows); err != nil {
			return nil, nil, err
		}
	}
	res, err := run.Finish()
	if err != nil {
		return nil, nil, err
	}
	return res.Columns, res.Rows, nil
}

// Decoder reads events with kqlhunt's input package: any format it
// recognises, from a file, a folder, a zip archive or bytes.
type Decoder struct {
	// NoMerge keeps Sysmon 1 and Security 4688 records of one process as
	// two rows.
	NoMerge bool
}

// Decode reads one source into rows of the requested tables.
func (d Decoder) Decode(ctx context.Context, src ruletest.EventSource,
	tables map[string][]schema.Column) (map[string][][]value.Value, error) {
	out := map[string][][]value.Value{}
	var mu sync.Mutex
	sink := func(table string, rows [][]value.Value) {
		mu.Lock()
		out[table] = append(out[table], rows...)
		mu.Unlock()
	}
	req := input.Request{Tables: tables, NoMerge: d.NoMerge}
	path := src.Path
	if path == "" {
		path = "-"
		req.Stdin = bytes.NewReader(src.Data)
	}
	sum, err := input.Read(ctx, []string{path}, req, sink)
	if err != nil {
		return nil, err
	}
	if msg := problems(sum); msg != "" {
		return nil, fmt.Errorf("%s", msg)
	}
	return out, nil
}

// problems describes inputs that could not be read or were of no known
// format: in a test, both are mistakes in the test's data. Records skipped
// (events of other ids, malformed records) are not: a test may include
// them on purpose.
func problems(sum *input.Summary) string {
	var msgs []string
	for _, in := range sum.Inputs {
		if in.Err != "" {
			msgs = append(msgs, in.Name+": "+in.Err)
		}
	}
	for _, f := range sum.SkippedFiles {
		msgs = append(msgs, f.Name+": "+f.Reason)
	}
	return strings.Join(msgs, "\n")
}
