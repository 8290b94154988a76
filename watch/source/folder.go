package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/kqlhunt/kqlhunt/schema"
)

// Folder watches a folder (and its subfolders) for telemetry files: JSON
// lines files (.jsonl, .ndjson) are followed as they grow; EVTX, event XML
// and JSON files (.evtx, .xml, .json) are read whole by Read once they have
// settled: kept their size and modification time for Settle. A file that
// changes after it was read whole is reported as a fault (ErrChanged), and
// a file later put in its place is read too. File-system notifications
// wake it early; a scan every Poll interval catches what they miss. A file
// read whole, or skipped as present at start, is reported by a Mark record
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
	Poll time.Duration
	// Settle is how long a file to read whole must keep its size and
	// modification time before it is read (default: see DefaultSettle).
	Settle time.Duration
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

	whole    *wholeFiles
	follows  map[string]*Follower
	released map[string]bool  // followed files released once deleted
	walkErrs map[string]error // what the last scan could not read, by path
}

// lineExt are the extensions of files followed line by line.
var lineExt = map[string]bool{".jsonl": true, ".ndjson": true}

// wholeExt are the extensions of files read whole.
var wholeExt = map[string]bool{".evtx": true, ".xml": true, ".json": true}

// FolderReads reports whether a watched folder reads the file at path,
// by its name.
func FolderReads(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return lineExt[ext] || wholeExt[ext]
}

// Run watches until ctx ends.
func (s *Folder) Run(ctx context.Context, h Handler) error {
	poll := s.Poll
	if poll <= 0 {
		poll = time.Second
	}
	s.init(poll)
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

// init prepares a scan's bookkeeping for a poll interval.
func (s *Folder) init(poll time.Duration) {
	s.whole = &wholeFiles{read: s.Read, tables: s.Tables, faults: s.Faults, skip: s.Skip,
		settle: settleFor(s.Settle, poll), seen: map[string]*wholeState{}}
	s.follows = map[string]*Follower{}
}

// scan walks the folder; with skip, it only marks the files present as
// already seen (JSON lines files are then followed from their end).
func (s *Folder) scan(ctx context.Context, h Handler, skip bool) {
	found, errs := map[string]bool{}, map[string]error{}
	filepath.WalkDir(s.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			errs[p] = err
		}
		if err != nil || d.IsDir() || ctx.Err() != nil {
			return nil
		}
		// Opening a named pipe waits for a writer: the scan would stop.
		if IsStream(d.Type()) {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		switch {
		case lineExt[ext]:
			found[p] = true
			s.line(p, h, skip)
		case wholeExt[ext]:
			s.whole.step(ctx, p, h, skip)
		}
		return nil
	})
	if ctx.Err() == nil {
		s.walkFaults(errs)
		s.release(h, found)
	}
}

func (s *Folder) fault(origin string, err error) {
	if s.Faults != nil {
		s.Faults.Fault(origin, err)
	}
}
