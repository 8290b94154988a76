package source

import (
	"errors"
	"io/fs"
	"os"
)

// line follows a JSON lines file of the folder found by a scan; with
// skip, a file seen for the first time is followed from its end.
func (s *Folder) line(p string, h Handler, skip bool) {
	f := s.follows[p]
	if f == nil {
		f = s.renamed(p, h)
	}
	if f == nil && s.followedElsewhere(p) {
		return // a second name (a link) of a file followed already
	}
	if f == nil {
		f = &Follower{Path: p, FromEnd: skip}
		// A saved position is for the file there at start: one put at the
		// path after that file was deleted is new.
		if s.Resume != nil && !s.released[p] {
			f.Resume = s.Resume(p)
		}
		s.follows[p] = f
	}
	if err := f.Step(h); err != nil {
		s.fault(p, err)
	}
}

// renamed returns the follower of the file now at p when it was followed
// under another name of the folder that no longer exists (app.jsonl moved
// to app-1.jsonl by a log rotation): it goes on from where it was instead
// of the file being read again from its start.
func (s *Folder) renamed(p string, h Handler) *Follower {
	info, err := os.Stat(p)
	if err != nil {
		return nil
	}
	for q, g := range s.follows {
		if g.f == nil || !os.SameFile(info, g.info) {
			continue
		}
		if _, err := os.Stat(q); !errors.Is(err, fs.ErrNotExist) {
			continue // a second link to the file: both names stay
		}
		delete(s.follows, q)
		g.moveTo(p, h)
		s.follows[p] = g
		return g
	}
	return nil
}

// followedElsewhere reports whether the file at p is followed already
// under another name that still holds it (p is a link to it, or it to p).
func (s *Folder) followedElsewhere(p string) bool {
	info, err := os.Stat(p)
	if err != nil {
		return false
	}
	for _, g := range s.follows {
		if g.f != nil && os.SameFile(info, g.info) {
			return true
		}
	}
	return false
}

// release reads to their end, hands out and closes the followed files a
// scan did not find (found lists those it did) and that no longer exist:
// a deleted file is open until then, and would be open for ever.
func (s *Folder) release(h Handler, found map[string]bool) {
	for p, f := range s.follows {
		if found[p] {
			continue
		}
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			continue // not found by a walk cut short: still there
		}
		if err := f.finish(h); err != nil {
			s.fault(p, err)
		}
		delete(s.follows, p)
		if s.released == nil {
			s.released = map[string]bool{}
		}
		s.released[p] = true
	}
}

// walkFaults reports the paths a scan could not read (errs, by path),
// each once for as long as it keeps the same error. A file or folder
// removed while the scan walked is not a fault.
func (s *Folder) walkFaults(errs map[string]error) {
	for p, err := range errs {
		if errors.Is(err, fs.ErrNotExist) && p != s.Dir {
			continue
		}
		if old := s.walkErrs[p]; old == nil || old.Error() != err.Error() {
			s.fault(p, err)
		}
	}
	s.walkErrs = errs
}
