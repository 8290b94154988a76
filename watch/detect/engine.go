// Package detect runs detection rules over a live stream of rows the way
// Microsoft Sentinel runs analytics rules: a Scheduled rule every
// queryFrequency over the events that arrived in the last queryPeriod, an
// NRT rule every minute over the last minute, trigger operator and
// threshold per run, suppression after an alert; and, beyond Sentinel,
// rules that only filter and reshape rows per event as events arrive
// (realtime).
//
// The state of one stream (a Kafka partition, or the one local stream of
// files and standard input) is a Partition: its window store, each rule's
// schedule and suppression. A Detector holds the compiled rules shared by
// all partitions. Neither is safe for concurrent use: one goroutine drives
// them.
package detect

import (
	"context"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Engine compiles rule queries. The KQL engine (package kql) is plugged in
// through a small adapter; tests plug in engines written in Go.
type Engine interface {
	// Compile compiles the rule's query.
	Compile(r *rules.Rule) (Query, error)
}

// TableUse is a source table a query reads and the columns it needs, in
// the order rows must have them.
type TableUse struct {
	Name    string
	Columns []schema.Column
}

// Query is a compiled query.
type Query interface {
	// Tables lists the source tables and the columns needed of each.
	Tables() []TableUse
	// Columns lists the result columns.
	Columns() []schema.Column
	// Start begins one run, with now() and ago() fixed at now.
	Start(ctx context.Context, now time.Time) Run
}

// Run is one evaluation of a query.
type Run interface {
	// Push hands rows of a source table to the run.
	Push(table string, rows [][]value.Value)
	// Finish completes the run and returns the result rows.
	Finish() ([][]value.Value, error)
}

// QueryFuncs adapts plain values and functions to Query, for engine
// adapters that would rather not define types.
type QueryFuncs struct {
	TableUses []TableUse
	Result    []schema.Column
	StartFunc func(ctx context.Context, now time.Time) Run
	// MaxLookback, when set, is how far before now() the query reads at
	// most (its widest ago()); rows older than that can never match.
	MaxLookback time.Duration
}

// Lookbacker is a Query that knows how far back it reads.
type Lookbacker interface {
	// Lookback returns the query's widest ago(), false when it has none.
	Lookback() (time.Duration, bool)
}

// Lookback returns MaxLookback, false when it is not set.
func (q *QueryFuncs) Lookback() (time.Duration, bool) { return q.MaxLookback, q.MaxLookback > 0 }

// Tables returns TableUses.
func (q *QueryFuncs) Tables() []TableUse { return q.TableUses }

// Columns returns Result.
func (q *QueryFuncs) Columns() []schema.Column { return q.Result }

// Start calls StartFunc.
func (q *QueryFuncs) Start(ctx context.Context, now time.Time) Run { return q.StartFunc(ctx, now) }

// RunFuncs adapts two functions to Run.
type RunFuncs struct {
	PushFunc   func(table string, rows [][]value.Value)
	FinishFunc func() ([][]value.Value, error)
}

// Push calls PushFunc.
func (r *RunFuncs) Push(table string, rows [][]value.Value) { r.PushFunc(table, rows) }

// Finish calls FinishFunc.
func (r *RunFuncs) Finish() ([][]value.Value, error) { return r.FinishFunc() }
