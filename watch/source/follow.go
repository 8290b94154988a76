package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"time"
)

// Follower follows a file as it grows, line by line, like tail -F: a file
// replaced by rename (log rotation) is read to its end and the new file
// from its start; a file truncated in place is read again from its start;
// a last line without newline waits until it is completed.
type Follower struct {
	Path string
	// FromEnd starts at the current end of an existing file instead of its
	// start (files created later are always read from their start).
	FromEnd bool
	// Start is the position to resume from (a saved Pos), if non-zero.
	Start int64
	// Poll is the interval between checks (default 250ms).
	Poll time.Duration
	// Wake, when set, triggers an immediate check (file-system events).
	Wake <-chan struct{}

	f       *os.File
	info    os.FileInfo
	pos     int64 // offset in f of the first byte not yet consumed
	partial []byte
	opened  bool // the path has been opened once
	buf     []byte
	head    []byte // the file's first bytes as read, to notice rewrites
}

// headSize is how many leading bytes are compared to notice a file that
// was truncated and rewritten to at least its former size between checks.
const headSize = 64

// Pos returns the offset of the first byte not yet handed out as a line.
func (f *Follower) Pos() int64 { return f.pos - int64(len(f.partial)) }

// Run checks the file every Poll interval until ctx ends.
func (f *Follower) Run(ctx context.Context, h Handler) error {
	poll := f.Poll
	if poll <= 0 {
		poll = 250 * time.Millisecond
	}
	defer f.Close()
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if err := f.Step(h); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-f.Wake:
		}
	}
}

// Close closes the file being followed.
func (f *Follower) Close() error {
	if f.f == nil {
		return nil
	}
	err := f.f.Close()
	f.f = nil
	return err
}

// Step reads what has been written since the last step, handling rotation
// and truncation, and hands complete lines to h.
func (f *Follower) Step(h Handler) error {
	if f.f == nil {
		ok, err := f.open(!f.opened)
		if err != nil || !ok {
			return err
		}
	}
	cur, err := os.Stat(f.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Renamed away and not yet replaced: finish the old file.
		return f.drain(h)
	case err != nil:
		return err
	}
	if !os.SameFile(cur, f.info) {
		if err := f.drain(h); err != nil {
			return err
		}
		f.flushPartial(h)
		f.Close()
		if ok, err := f.open(false); err != nil || !ok {
			return err
		}
	} else if cur.Size() < f.pos || f.rewritten() {
		// Truncated in place: what was written before is gone.
		f.pos, f.partial, f.head = 0, nil, nil
	}
	return f.drain(h)
}

// open opens the path; first tells whether this is the initial open
// (where FromEnd and Start apply).
func (f *Follower) open(first bool) (bool, error) {
	file, err := os.Open(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return false, err
	}
	f.f, f.info, f.pos, f.partial, f.opened = file, info, 0, nil, true
	f.head = nil
	if first {
		switch {
		case f.Start > 0 && f.Start <= info.Size():
			f.pos = f.Start
		case f.FromEnd:
			f.pos = info.Size()
		}
	}
	return true, nil
}

// rewritten reports whether the file's first bytes differ from those read.
func (f *Follower) rewritten() bool {
	if len(f.head) == 0 {
		return false
	}
	b := make([]byte, len(f.head))
	n, _ := f.f.ReadAt(b, 0)
	return !bytes.Equal(b[:n], f.head)
}

// drain reads the open file from pos to its current end.
func (f *Follower) drain(h Handler) error {
	if f.f == nil {
		return nil
	}
	if f.buf == nil {
		f.buf = make([]byte, 256<<10)
	}
	for {
		n, err := f.f.ReadAt(f.buf, f.pos)
		if n > 0 {
			if int64(len(f.head)) == f.pos && f.pos < headSize {
				f.head = append(f.head, f.buf[:min(n, headSize-int(f.pos))]...)
			}
			f.lines(f.buf[:n], h)
			f.pos += int64(n)
		}
		if err == io.EOF || n == 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// lines splits data after the pending partial line into lines.
func (f *Follower) lines(data []byte, h Handler) {
	start := f.pos - int64(len(f.partial))
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			if len(f.partial)+len(data) <= maxLine {
				f.partial = append(f.partial, data...)
			}
			return
		}
		line := data[:i]
		if len(f.partial) > 0 {
			line = append(f.partial, line...)
			f.partial = nil
		}
		if l := trimEOL(line); len(l) > 0 {
			h(Record{Data: append([]byte(nil), l...), Origin: f.Path, Offset: start})
		}
		start += int64(len(line)) + 1
		data = data[i+1:]
	}
}

// flushPartial hands out an unterminated last line of a file that will not
// grow any more (it was rotated away).
func (f *Follower) flushPartial(h Handler) {
	if l := trimEOL(f.partial); len(l) > 0 {
		h(Record{Data: append([]byte(nil), l...), Origin: f.Path, Offset: f.Pos()})
	}
	f.partial = nil
}
