package input

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// Pos is a record's position in its input: a 1-based line and/or record
// number (0 when unknown).
type Pos struct {
	Line   int64
	Record int64
}

// Emitter receives what a Format decodes from one input. Its methods are
// safe for concurrent use; a Batcher is not, so each goroutine of a
// decoder takes its own.
type Emitter struct {
	run    *run
	src    *Source
	format string

	progressed atomic.Int64 // bytes reported to Request.Progress

	mu     sync.Mutex
	events *Batcher        // rows made from events, under mu
	merge  *mapping.Stream // nil when not merging
}

func (r *run) emitter(src *Source, format string) *Emitter {
	e := &Emitter{run: r, src: src, format: format}
	e.events = e.NewBatcher()
	if r.merger != nil {
		e.merge = r.merger.Stream()
	}
	return e
}

// Plan returns the compiled request rows are built for.
func (e *Emitter) Plan() *Plan { return e.run.plan }

// Source returns the input being decoded.
func (e *Emitter) Source() *Source { return e.src }

// Fault reports a malformed record, skipped.
func (e *Emitter) Fault(pos Pos, reason string) {
	e.Skip(ReasonMalformed, pos, reason)
}

// Skip counts a record under a Summary.Skipped reason, with detail as
// the example text.
func (e *Emitter) Skip(reason string, pos Pos, detail string) {
	e.run.sum.skip(reason, Fault{File: e.src.Name, Line: pos.Line, Record: pos.Record,
		Reason: detail})
}

// Event maps one Windows event to rows of the requested tables through
// package mapping. DeviceProcessEvents rows from Sysmon 1 and 4688 are
// held to merge pairs (unless the request turns merging off): until the
// input's clock has passed them (see mapping.Stream) or the Read ends;
// or, when the request sets ProcessRow, handed to it with their origin.
// An event no requested table takes is counted as skipped. The caller
// may reuse ev once Event returns.
func (e *Emitter) Event(ev *winevent.Event, pos Pos) {
	r := e.run
	n := r.mapper.Map(ev, func(table string, row []value.Value) {
		if table == mapping.ProcessTable {
			if ev.EventID == 4688 {
				if cl, _ := ev.Get("CommandLine"); cl == "" {
					e.Skip(ReasonNoCmdLine, pos, "4688 event has an empty CommandLine")
				}
			}
			if keyed := r.req.ProcessRow; keyed != nil {
				if key, sysmon, ok := mapping.KeyOf(ev); ok {
					r.sum.rows(table, 1)
					keyed(mapping.Origin{Key: key, Sysmon: sysmon}, row)
					return
				}
			}
			if e.merge != nil {
				if key, sysmon, ok := mapping.KeyOf(ev); ok {
					if done := e.merge.Add(key, sysmon, row); len(done) > 0 {
						e.mu.Lock()
						for _, row := range done {
							e.events.Add(table, row)
						}
						e.mu.Unlock()
					}
					return
				}
			}
		}
		e.mu.Lock()
		e.events.Add(table, row)
		e.mu.Unlock()
	})
	if n > 0 {
		return
	}
	// An event of a table the rules do not read is counted as such, not
	// as unsupported.
	if tables := mapping.TablesOf(ev); len(tables) > 0 {
		e.mu.Lock()
		e.events.Other(tables[0])
		e.mu.Unlock()
		return
	}
	e.Skip(ReasonUnmapped, pos, fmt.Sprintf("%s event %d maps to no known table",
		ev.Provider, ev.EventID))
}

// Flush delivers the rows batched from events. The runner calls it after
// Decode returns.
func (e *Emitter) Flush() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events.Flush()
}

// NewBatcher returns a batcher delivering to the sink.
func (e *Emitter) NewBatcher() *Batcher {
	return &Batcher{e: e, rows: map[string][][]value.Value{}, other: map[string]int64{}}
}

// Batcher collects rows per table and delivers them to the sink in
// batches. It is for one goroutine; call Flush when done.
type Batcher struct {
	e     *Emitter
	rows  map[string][][]value.Value
	other map[string]int64
}

// Add queues a row of a requested table.
func (b *Batcher) Add(table string, row []value.Value) {
	rows := append(b.rows[table], row)
	if len(rows) >= b.e.run.batch {
		b.e.run.deliver(table, rows)
		rows = nil
	}
	b.rows[table] = rows
}

// Other counts a row of a table that was not requested.
func (b *Batcher) Other(table string) { b.other[table]++ }

// Flush delivers the queued rows and counts.
func (b *Batcher) Flush() {
	for t, rows := range b.rows {
		b.e.run.deliver(t, rows)
		delete(b.rows, t)
	}
	if len(b.other) > 0 {
		b.e.run.sum.other(b.other)
		clear(b.other)
	}
}

// Record routes a record to its table (the given table, else Plan.Route),
// builds the narrow row and queues it; rows of tables not requested are
// counted, and a value of the wrong type is reported as a fault at pos.
func (b *Batcher) Record(rec *Record, table string, pos Pos) {
	p := b.e.run.plan
	if table == "" {
		table = p.Route(rec)
	}
	if table == "" {
		b.e.Skip(ReasonNoTable, pos, "row has no Type or ActionType to tell its table")
		return
	}
	if !p.Wants(table) {
		b.Other(table)
		return
	}
	row, err := p.Build(rec, table)
	if err != nil {
		b.e.Fault(pos, err.Error())
		return
	}
	b.Add(table, row)
}

// Fault reports a malformed record, skipped.
func (b *Batcher) Fault(pos Pos, reason string) { b.e.Fault(pos, reason) }

// Emitter returns the emitter the batcher delivers for.
func (b *Batcher) Emitter() *Emitter { return b.e }
