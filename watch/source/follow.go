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
//
// Each time it opens a file (at start, after rotation or truncation) it
// hands out a Mark record with the new File and the position it reads
// from; lines carry their File, Offset and End.
type Follower struct {
	Path string
	// FromEnd starts at the current end of an existing file instead of its
	// start (files created later are always read from their start).
	FromEnd bool
	// Start is the position to resume from (a saved Pos), if non-zero.
	Start int64
	// Resume, when set, is a saved position: the file is read from it if it
	// is still the file saved (same identity and not shorter), and from its
	// start otherwise; Start and FromEnd are then ignored.
	Resume *Position
	// Poll is the interval between checks (default 250ms).
	Poll time.Duration
	// Wake, when set, triggers an immediate check (file-system events).
	Wake <-chan struct{}
	// Ready, when set, is called by Run once, after the first check has
	// handed out what the file held.
	Ready func()
	// Faults, when set, keeps Run going through errors (a file not
	// readable yet, as tail -F does), each reported once while it lasts;
	// without it Run returns the first error.
	Faults Faults

	f       *os.File
	file    *File // the file open, as its records name it
	info    os.FileInfo
	pos     int64 // offset in f of the first byte not yet read
	line    int64 // offset in f of the line being read (the first byte not handed out)
	partial []byte
	opened  bool // the path has been looked for once
	buf     []byte
	head    []byte // the file's first bytes as read, to notice rewrites
	tail    []byte // the bytes just before pos as read, to notice rewrites
}

// headSize is how many leading bytes are compared to notice a file that
// was truncated and rewritten to at least its former size between checks.
const headSize = 64

// Pos returns the offset of the first byte not yet handed out as a line.
func (f *Follower) Pos() int64 { return f.line }

// Run checks the file every Poll interval until ctx ends.
func (f *Follower) Run(ctx context.Context, h Handler) error {
	poll := f.Poll
	if poll <= 0 {
		poll = 250 * time.Millisecond
	}
	defer f.Close()
	t := time.NewTicker(poll)
	defer t.Stop()
	ready := f.Ready
	var last string // the error reported last, until a check succeeds
	for {
		err := f.Step(h)
		if ready != nil {
			ready()
			ready = nil
		}
		switch {
		case err == nil:
			last = ""
		case f.Faults == nil:
			return err
		case err.Error() != last:
			last = err.Error()
			f.Faults.Fault(f.Path, err)
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

// finish reads the open file to its end, hands out its unterminated last
// line and closes it: the file was deleted and nothing more comes from it.
func (f *Follower) finish(h Handler) error {
	err := f.drain(h)
	f.flushPartial(h)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Step reads what has been written since the last step, handling rotation
// and truncation, and hands complete lines to h.
func (f *Follower) Step(h Handler) error {
	if f.f == nil {
		ok, err := f.open(!f.opened, h)
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
		if ok, err := f.open(false, h); err != nil || !ok {
			return err
		}
	} else if cur.Size() < f.pos || f.rewritten() || f.tailRewritten() {
		// Truncated in place: what was written before is gone.
		f.begin(cur, nil, 0, nil, h)
	}
	return f.drain(h)
}

// open opens the path; first tells whether this is the initial look
// (where Resume, Start and FromEnd apply). A path missing at the initial
// look makes the file found there later a new one, read from its start.
func (f *Follower) open(first bool, h Handler) (bool, error) {
	file, err := os.Open(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		f.opened = true
		return false, nil
	}
	if err != nil {
		// Not opened (too many open files, permissions): the next look is
		// still the initial one.
		return false, err
	}
	f.opened = true
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return false, err
	}
	head := make([]byte, headSize)
	n, _ := file.ReadAt(head, 0)
	head = head[:n]
	f.f, f.info = file, info
	var pos int64
	var resumed *Position
	if first {
		switch r := f.Resume; {
		case r != nil:
			if r.Offset <= info.Size() && r.ID.matches(info, head) && r.sameBefore(file) {
				pos, resumed = r.Offset, r
			}
		case f.Start > 0 && f.Start <= info.Size():
			pos = f.Start
		case f.FromEnd:
			pos = info.Size()
		}
	}
	f.begin(info, head, pos, resumed, h)
	return true, nil
}

// moveTo goes on reading the open file under the name it was renamed to,
// from the first byte not yet handed out, as a new File of that path.
func (f *Follower) moveTo(path string, h Handler) {
	pos := f.Pos()
	f.Path = path
	f.begin(f.info, f.head, pos, nil, h)
}

// begin starts reading a new File at pos and reports it with a Mark.
func (f *Follower) begin(info os.FileInfo, head []byte, pos int64, resumed *Position,
	h Handler) {
	f.pos, f.line, f.partial, f.head, f.tail = pos, pos, nil, head, nil
	f.file = &File{Path: f.Path, Info: info, Resumed: resumed,
		head: append([]byte(nil), head...)}
	h(Record{Origin: f.Path, File: f.file, Offset: pos, End: pos, Mark: true})
}

// tailRewritten reports whether the bytes just before the read position
// differ from those read there: a file truncated and written again past
// that point, its first bytes the same as before, between two checks.
func (f *Follower) tailRewritten() bool {
	if len(f.tail) == 0 {
		return false
	}
	b := make([]byte, len(f.tail))
	n, _ := f.f.ReadAt(b, f.pos-int64(len(b)))
	return !bytes.Equal(b[:n], f.tail)
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
			f.keepHead(f.buf[:n])
			f.keepTail(f.buf[:n])
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

// keepTail keeps the last bytes read, up to headSize, ending with data.
func (f *Follower) keepTail(data []byte) {
	if len(data) >= headSize {
		f.tail = append(f.tail[:0], data[len(data)-headSize:]...)
		return
	}
	f.tail = append(f.tail, data...)
	if over := len(f.tail) - headSize; over > 0 {
		f.tail = append(f.tail[:0], f.tail[over:]...)
	}
}

// keepHead adds to the file's first bytes those of data (read at pos)
// that follow them.
func (f *Follower) keepHead(data []byte) {
	l := int64(len(f.head))
	if l >= headSize || l < f.pos || l >= f.pos+int64(len(data)) {
		return
	}
	add := data[l-f.pos : min(int64(len(data)), headSize-f.pos)]
	f.head = append(f.head, add...)
	f.file.grow(add)
}

// lines splits data (read at pos) after the pending partial line into
// lines.
func (f *Follower) lines(data []byte, h Handler) {
	base := f.pos
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
		end := base + int64(i) + 1
		if l := trimEOL(line); len(l) > 0 {
			h(Record{Data: append([]byte(nil), l...), Origin: f.Path, Offset: f.line, End: end,
				File: f.file})
		}
		f.line, base, data = end, end, data[i+1:]
	}
}

// flushPartial hands out an unterminated last line of a file that will not
// grow any more (it was rotated away).
func (f *Follower) flushPartial(h Handler) {
	if l := trimEOL(f.partial); len(l) > 0 {
		h(Record{Data: append([]byte(nil), l...), Origin: f.Path, Offset: f.line, End: f.pos,
			File: f.file})
	}
	f.partial, f.line = nil, f.pos
}
