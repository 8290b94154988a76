package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/source"
)

// localItem is a record of a local source with its arrival time or, with
// ready set, the news that a source's first check has been handed out.
type localItem struct {
	r       source.Record
	arrival time.Time
	ready   bool
}

// localSources returns the local sources: standard input, followed files
// (EVTX and XML files are read whole instead) and watched folders,
// resuming from the state file if there is one.
// Files and folders then call ready after their first check.
func (s *Service) localSources(ready func()) []source.Source {
	c, ls := s.cfg, s.state
	var srcs []source.Source
	for _, f := range c.Files {
		if f == "-" {
			srcs = append(srcs, &source.Reader{R: c.Stdin})
			continue
		}
		st, err := os.Stat(f)
		if errors.Is(err, fs.ErrNotExist) {
			c.Log.Warn("file does not exist yet: read from its start once it does", "path", f)
		}
		if err == nil && source.IsStream(st.Mode()) {
			// A stream (a named pipe, bash's <(...)): read to its end like
			// standard input; it cannot be followed or resumed.
			srcs = append(srcs, &source.Pipe{Path: f})
			continue
		}
		if ext := strings.ToLower(filepath.Ext(f)); ext == ".evtx" || ext == ".xml" {
			// Not lines: read whole once settled, as in a folder.
			wf := &source.WholeFile{Path: f, Read: c.ReadFile, Tables: s.local.det.Tables(),
				FromEnd: c.FromEnd, Faults: faultLog{s}}
			if ls != nil {
				wf.Skip, wf.Ready = ls.readBefore, ready
				ls.ready++
			}
			srcs = append(srcs, wf)
			continue
		}
		fo := &source.Follower{Path: f, FromEnd: c.FromEnd, Faults: faultLog{s}}
		if ls != nil {
			fo.Resume, fo.Ready = ls.resumeFrom(f), ready
			ls.ready++
		}
		srcs = append(srcs, fo)
	}
	for _, d := range c.Folders {
		fd := &source.Folder{Dir: d, Read: c.ReadFile, Tables: s.local.det.Tables(),
			Existing: !c.FromEnd, Faults: faultLog{s}}
		if ls != nil {
			// A folder known from the state file: what it did not read is new.
			fd.Existing = fd.Existing || ls.knownFolder(d)
			fd.Skip, fd.Resume, fd.Ready = ls.readBefore, ls.resumeFrom, ready
			ls.ready++
		}
		srcs = append(srcs, fd)
	}
	return srcs
}

// saveState writes the state file, if there is one, for the local
// stream's checkpoint.
func (s *Service) saveState() error {
	if s.state == nil {
		return nil
	}
	cp, ok := s.local.checkpoint()["local"]
	return s.state.save(cp, ok, time.Now())
}

// The methods below do nothing without a state file (a nil localState).

// resumeTimes returns the scheduled rules' saved resume times.
func (ls *localState) resumeTimes() map[string]time.Time {
	if ls == nil {
		return nil
	}
	return ls.resume
}

// sourceReady counts a source whose first check has been evaluated.
func (ls *localState) sourceReady() {
	if ls != nil {
		ls.ready--
	}
}

// replayed tells whether every source's first check has been evaluated:
// scheduled runs wait until then.
func (ls *localState) replayed() bool { return ls == nil || ls.ready == 0 }

// newBatch starts a batch of records.
func (ls *localState) newBatch() {
	if ls != nil {
		ls.batch++
	}
}
