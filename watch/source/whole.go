package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// DefaultSettle is how long a file to read whole must keep its size and
// modification time before it is read, when a source does not say (or
// two poll intervals, if longer): a file still being copied in is not
// read half-written.
const DefaultSettle = 5 * time.Second

// ErrChanged is the fault reported, wrapped, for a file that changed
// after it was read whole: what changed is not read.
var ErrChanged = errors.New("changed after it was read whole")

// settleFor returns the settle period of a source: settle, or by default
// DefaultSettle and at least two poll intervals.
func settleFor(settle, poll time.Duration) time.Duration {
	if settle > 0 {
		return settle
	}
	return max(DefaultSettle, 2*poll)
}

// wholeFiles reads files whole once they have settled, and reports those
// that change after they were read. Folder and WholeFile share it.
type wholeFiles struct {
	read   FileReader
	tables map[string][]schema.Column
	faults Faults
	skip   func(path string, info os.FileInfo) bool
	settle time.Duration
	now    func() time.Time // the clock (tests set it)
	seen   map[string]*wholeState
}

// wholeState is what is known of a file to read whole.
type wholeState struct {
	info    os.FileInfo // as last seen
	since   time.Time   // when it was first seen as info
	done    bool        // read, or passed over
	read    bool        // read, by this run or an earlier one
	changed bool        // reported as changed after it was read
}

// differs reports whether a file's size or modification time changed.
func differs(a, b os.FileInfo) bool {
	return a.Size() != b.Size() || !a.ModTime().Equal(b.ModTime())
}

// step checks the file at p and reads it if it has settled. With initial,
// a file not seen before is passed over (present at start) and reported
// by a Mark record.
func (w *wholeFiles) step(ctx context.Context, p string, h Handler, initial bool) {
	info, err := os.Stat(p)
	if err != nil {
		delete(w.seen, p) // gone: a file later found at p is a new one
		return
	}
	now := time.Now()
	if w.now != nil {
		now = w.now()
	}
	st := w.seen[p]
	if st != nil && !os.SameFile(st.info, info) {
		st = nil // replaced by another file: read that one too
	}
	if st == nil {
		// Unchanged since it was last written: a file already complete
		// when first seen is read at once.
		st = &wholeState{info: info, since: now}
		if mt := info.ModTime(); mt.Before(now) {
			st.since = mt
		}
		w.seen[p] = st
		switch {
		case initial:
			st.done = true
			h(Record{Origin: p, File: &File{Path: p, Info: info, Whole: true}, Mark: true})
			return
		case w.skip != nil && w.skip(p, info):
			st.done, st.read = true, true
			return
		}
	}
	if st.done {
		if st.read && !st.changed && differs(st.info, info) {
			st.changed = true
			w.fault(p, fmt.Errorf("%w (read at %d bytes, now %d); the change is not read",
				ErrChanged, st.info.Size(), info.Size()))
		}
		return
	}
	if differs(st.info, info) {
		st.info, st.since = info, now
		return
	}
	if now.Sub(st.since) < w.settle {
		return
	}
	st.done, st.read = true, true
	file := &File{Path: p, Info: info, Whole: true}
	if w.read == nil {
		err = fmt.Errorf("no reader for %s files", filepath.Ext(p))
	} else {
		err = w.read(ctx, p, w.tables, func(table string, rows [][]value.Value) {
			h(Record{Table: table, Rows: rows, Origin: p, File: file})
		})
	}
	if err != nil {
		w.fault(p, err)
	}
	// A read cut short by the end of ctx is not reported as done: a later
	// run reads the file again.
	if ctx.Err() == nil {
		h(Record{Origin: p, File: file, Mark: true})
	}
}

func (w *wholeFiles) fault(origin string, err error) {
	if w.faults != nil {
		w.faults.Fault(origin, err)
	}
}

// WholeFile is one file read whole (EVTX, event XML), given by name rather
// than found in a folder: it is read as Folder reads such files, once
// settled, and then watched. A file later put in its place is read too; a
// change to the file read is reported as a fault (ErrChanged).
type WholeFile struct {
	Path string
	// Read decodes the file into rows of Tables (nil: it is reported as a
	// fault).
	Read   FileReader
	Tables map[string][]schema.Column
	// FromEnd passes over the file present at start: only a file later
	// put in its place is read.
	FromEnd bool
	// Poll is the check interval (default 1s).
	Poll time.Duration
	// Settle is how long the file must keep its size and modification
	// time before it is read (default: see DefaultSettle).
	Settle time.Duration
	Faults Faults
	// Skip, when set, tells whether the file was read before (by an
	// earlier run): it is not read again.
	Skip func(path string, info os.FileInfo) bool
	// Ready, when set, is called by Run once, after the first check.
	Ready func()
}

// Run watches the file until ctx ends.
func (s *WholeFile) Run(ctx context.Context, h Handler) error {
	poll := s.Poll
	if poll <= 0 {
		poll = time.Second
	}
	w := &wholeFiles{read: s.Read, tables: s.Tables, faults: s.Faults, skip: s.Skip,
		settle: settleFor(s.Settle, poll), seen: map[string]*wholeState{}}
	if s.FromEnd {
		w.step(ctx, s.Path, h, true)
	}
	ready := s.Ready
	for {
		w.step(ctx, s.Path, h, false)
		if ready != nil {
			ready()
			ready = nil
		}
		if !sleep(ctx, poll) {
			return nil
		}
	}
}
