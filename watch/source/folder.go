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
// it early; a scan every Poll interval catches what they miss.
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
	for {
		s.scan(ctx, h, false)
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
		st = &fileState{size: info.Size(), done: skip}
		s.seen[p] = st
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
	if s.Read == nil {
		s.fault(p, fmt.Errorf("no reader for %s files", filepath.Ext(p)))
		return
	}
	err = s.Read(ctx, p, s.Tables, func(table string, rows [][]value.Value) {
		h(Record{Table: table, Rows: rows, Origin: p})
	})
	if err != nil {
		s.fault(p, err)
	}
}

func (s *Folder) fault(origin string, err error) {
	if s.Faults != nil {
		s.Faults.Fault(origin, err)
	}
}
