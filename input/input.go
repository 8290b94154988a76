// Package input reads endpoint telemetry into narrow table rows.
//
// The entry point is
//
//	sum, err := input.Read(ctx, paths, input.Request{Tables: needed}, sink)
//
// where paths name files, folders (walked recursively), .zip archives or
// "-" for standard input; needed maps each table a query reads to the
// columns it needs (in the order rows must have them); and sink receives
// the rows in batches, possibly from several goroutines at once:
//
//	func(table string, rows [][]value.Value)
//
// Each input's format is recognised from its content by the registered
// Formats (see Register; package input/all registers every built-in one).
// A format decodes its input and hands rows, or Windows events, to an
// Emitter, which routes them to tables, maps events through package
// mapping, merges Sysmon 1 / Security 4688 pairs, batches rows for the
// sink and records faults. Malformed records are reported with their
// position, counted and skipped; files of no known format are listed as
// skipped. The Summary says what was read, skipped and why.
//
// Adding a format (such as EVTX) takes a package that implements Format,
// calls Register in its init function, and hands each decoded
// winevent.Event to Emitter.Event. Package input/all imports every
// built-in format; callers import it for its side effect.
//
// Known gaps: CSV and event XML split each file on one goroutine and
// decode its blocks on two; whole JSON documents (API responses, JSON
// arrays, pretty-printed events) are read into memory; Splunk's classic
// (non-XML) WinEventLog text is not read; a slashed date with a 24-hour
// clock whose day and month are both 12 or less is refused as ambiguous
// rather than guessed.
package input

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Sink receives rows of one table. It may be called concurrently from
// several goroutines and must not keep rows' backing arrays beyond the
// rows themselves (rows are not reused after the call).
type Sink func(table string, rows [][]value.Value)

// Request says what to read.
type Request struct {
	// Tables maps each wanted table to the columns rows must have, in
	// order. Rows of other tables are counted and skipped.
	Tables map[string][]schema.Column
	// NoMerge keeps a Sysmon 1 and a 4688 of the same process as two
	// DeviceProcessEvents rows instead of merging them into one.
	NoMerge bool
	// ProcessRow, when set, receives each DeviceProcessEvents row made
	// from a Sysmon 1 or Security 4688 event, with its origin, instead of
	// the Sink, and unmerged: for callers that merge such rows across
	// inputs themselves. It may be called from several goroutines at once.
	ProcessRow func(o mapping.Origin, row []value.Value)
	// Stdin is read for the path "-" (default os.Stdin).
	Stdin io.Reader
	// BatchSize is the number of rows per Sink call (default 1024).
	BatchSize int
	// Workers bounds the goroutines decoding at once (default GOMAXPROCS).
	Workers int
	// Formats overrides the registered formats (default Formats()).
	Formats []Format
	// TempDir holds the spool file of standard input (default os.TempDir()).
	TempDir string
	// Progress, when set, is told of input bytes done as decoding goes
	// (called from several goroutines; the bytes of all inputs add up to
	// their total size).
	Progress func(bytes int64)
}

// ErrNoTables is returned by Read when the request names no table.
var ErrNoTables = errors.New("input: request names no table")

// ErrNoFormats is returned by Read when no format is registered.
var ErrNoFormats = errors.New("input: no formats registered " +
	"(import _ \"github.com/kqlhunt/kqlhunt/input/all\")")

// Read reads every path and delivers rows to sink. It returns an error
// only when it cannot run at all (no table requested, context cancelled);
// unreadable or malformed inputs are reported in the Summary.
func Read(ctx context.Context, paths []string, req Request, sink Sink) (*Summary, error) {
	if len(req.Tables) == 0 {
		return nil, ErrNoTables
	}
	r := newRun(req, sink)
	if len(r.formats) == 0 {
		return nil, ErrNoFormats
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.workers)
	for src := range r.sources(ctx, paths) {
		if ctx.Err() != nil {
			src.close()
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			r.decode(ctx, src)
		}()
	}
	wg.Wait()
	r.finish()
	if err := ctx.Err(); err != nil {
		return r.sum.snapshot(), err
	}
	return r.sum.snapshot(), nil
}

// run is the state shared by all inputs of one Read.
type run struct {
	req     Request
	sink    Sink
	plan    *Plan
	mapper  *mapping.Mapper
	merger  *mapping.Merger
	sum     *collector
	formats []Format
	workers int
	batch   int
}

func newRun(req Request, sink Sink) *run {
	r := &run{req: req, sink: sink, sum: newCollector()}
	r.plan = NewPlan(req.Tables)
	r.mapper = mapping.New(req.Tables)
	if !req.NoMerge {
		r.merger = &mapping.Merger{}
	}
	r.formats = req.Formats
	if r.formats == nil {
		r.formats = Formats()
	}
	r.workers = req.Workers
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	r.batch = req.BatchSize
	if r.batch <= 0 {
		r.batch = 1024
	}
	if r.req.Stdin == nil {
		r.req.Stdin = os.Stdin
	}
	return r
}

// decode detects src's format and decodes it.
func (r *run) decode(ctx context.Context, src *Source) {
	defer src.close()
	head, err := src.Head()
	if err != nil {
		r.sum.input(src.Name, "", err)
		return
	}
	for _, f := range r.formats {
		if f.Detect(head) {
			e := r.emitter(src, f.Name())
			err := f.Decode(ctx, src, e)
			e.Flush()
			e.progressRest()
			r.sum.input(src.Name, f.Name(), err)
			return
		}
	}
	r.sum.skipFile(src.Name, "unknown format")
}

// finish delivers the rows held for merging.
func (r *run) finish() {
	if r.merger == nil {
		return
	}
	rows, merged := r.merger.Finish()
	r.sum.merged(int64(merged))
	for len(rows) > 0 {
		n := min(len(rows), r.batch)
		r.deliver(mapping.ProcessTable, rows[:n])
		rows = rows[n:]
	}
}

func (r *run) deliver(table string, rows [][]value.Value) {
	if len(rows) == 0 {
		return
	}
	r.sum.rows(table, int64(len(rows)))
	r.sink(table, rows)
}

// ReadSource reads one source (for adapters and tests that hold data in
// memory: see NewSource) as Read reads each input.
func ReadSource(ctx context.Context, src *Source, req Request, sink Sink) (*Summary, error) {
	if len(req.Tables) == 0 {
		return nil, ErrNoTables
	}
	r := newRun(req, sink)
	if len(r.formats) == 0 {
		return nil, ErrNoFormats
	}
	r.decode(ctx, src)
	r.finish()
	return r.sum.snapshot(), ctx.Err()
}
