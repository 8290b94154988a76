package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Folder watches a folder (and its subfolders) for telemetry files: JSON
// lines files (.jsonl, .ndjson) are followed as they grow; EVTX, event XML
// and JSON files (.evtx, .xml, .json) are read whole by Read once their
// size has stopped changing for one poll interval. File-system notifications wake
// it early; a scan every Poll interval catches what they miss. A file read
// whole, or skipped as present at start, is reported by a Mark record
// after its rows.
type Folder struct {
	Dir string
	// Read decodes whole files (nil: EVTX and XML files are reported as
	// faults) into rows of Tables.
	Read   FileReader
	Tables map[string][]schema.Column
	// Existing also reads the files present at start (default: only new).
	Existing bool
	// Poll is the scan interval (default 1s).
	Poll   time.Duration
	Faults Faults
	// Skip, when set, tells whether a file to read whole was read before
	// (by an earlier run): it is not read again.
	Skip func(path string, info os.FileInfo) bool
	// Resume, when set, returns the saved position of a JSON lines file
	// (nil: none; see Follower.Resume).
	Resume func(path string) *Position
	// Ready, when set, is called by Run once, after the first scan has
	// handed out what the JSON lines files held.
	Ready func()

	seen    map[string]*fileState
	follows map[string]*Follower
}

// fileState tracks a whole file until it is read.
type fileState struct {
	size int64
	done bool
}

// lineExt are the extensions of files followed line by line.
var lineExt = map[string]bool{".jsonl": true, ".ndjson": true}

// wholeExt are the extensions of files read whole.
var wholeExt = map[string]bool{".evtx": true, ".xml": true, ".json": true}

// Run watches until ctx ends.
func (s *Folder) Run(ctx context.Context, h Handler) error {
	poll := s.Poll
	if poll <= 0 {
		poll = time.Second
	}
	s.seen, s.follows = map[string]*fileState{}, map[string]*Follower{}
	w, err := fsnotify.NewWatcher()
	var events chan fsnotify.Event
	if err == nil {
		defer w.Close()
		if err := w.Add(s.Dir); err == nil {
			events = w.Events
		}
	}
	if !s.Existing {
		s.scan(ctx, h, true)
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	ready := s.Ready
	for {
		s.scan(ctx, h, false)
		if ready != nil {
			ready()
			ready = nil
		}
		select {
		case <-ctx.Done():
			for _, f := range s.follows {
				f.Close()
			}
			return nil
		case <-t.C:
		case ev := <-events:
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.Add(ev.Name)
				}
			}
		}
	}
}

// scan walks the folder; with skip, it only marks the files present as
// already seen (JSON lines files are then followed from their end).
func (s *Folder) scan(ctx context.Context, h Handler, skip bool) {
	filepath.WalkDir(s.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || ctx.Err() != nil {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		switch {
		case lineExt[ext]:
			f := s.follows[p]
			if f == nil {
				f = &Follower{Path: p, FromEnd: skip}
				if s.Resume != nil {
					f.Resume = s.Resume(p)
				}
				s.follows[p] = f
			}
			if err := f.Step(h); err != nil {
				s.fault(p, err)
			}
		case wholeExt[ext]:
			s.whole(ctx, p, h, skip)
		}
		return nil
	})
}

// whole reads a whole file once its size is stable.
func (s *Folder) whole(ctx context.Context, p string, h Handler, skip bool) {
	st := s.seen[p]
	info, err := os.Stat(p)
	if err != nil {
		return
	}
	if st == nil {
		st = &fileState{size: info.Size(), done: skip || s.Skip != nil && s.Skip(p, info)}
		s.seen[p] = st
		if skip {
			h(Record{Origin: p, File: &File{Path: p, Info: info, Whole: true}, Mark: true})
		}
		return
	}
	if st.done {
		return
	}
	if info.Size() != st.size {
		st.size = info.Size()
		return
	}
	st.done = true
	file := &File{Path: p, Info: info, Whole: true}
	if s.Read == nil {
		err = fmt.Errorf("no reader for %s files", filepath.Ext(p))
	} else {
		err = s.Read(ctx, p, s.Tables, func(table string, rows [][]value.Value) {
			h(Record{Table: table, Rows: rows, Origin: p, File: file})
		})
	}
	if err != nil {
		s.fault(p, err)
	}
	// A read cut short by the end of ctx is not reported as done: a later
	// run reads the file again.
	if ctx.Err() == nil {
		h(Record{Origin: p, File: file, Mark: true})
	}
}

func (s *Folder) fault(origin string, err error) {
	if s.Faults != nil {
		s.Faults.Fault(origin, err)
	}
}
