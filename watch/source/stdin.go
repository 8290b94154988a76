package source

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
)

// Reader reads lines from a stream, such as standard input, to its end.
type Reader struct {
	R    io.Reader
	Name string // origin shown for its records (default "-")
}

// IsStream reports whether a file mode is that of a stream (a named pipe,
// a socket, a device) rather than a file: it can be read once, not
// followed, and opening a named pipe waits for a writer.
func IsStream(m fs.FileMode) bool {
	return m&(fs.ModeNamedPipe|fs.ModeSocket|fs.ModeDevice|fs.ModeCharDevice) != 0
}

// Pipe reads a stream given by its path (a named pipe, a character
// device, bash's <(...)) to its end, as Reader reads standard input.
// Opening a named pipe waits for a writer.
type Pipe struct{ Path string }

// Run opens the stream and reads it line by line until its end or ctx.
func (p *Pipe) Run(ctx context.Context, h Handler) error {
	f, err := os.Open(p.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	stop := context.AfterFunc(ctx, func() { f.Close() }) // unblocks a read
	defer stop()
	return (&Reader{R: f, Name: p.Path}).Run(ctx, h)
}

// maxLine is the longest line accepted (a Streaming API batch of many
// records is one line); longer lines are cut, and their decoding fails.
const maxLine = 64 << 20

// Run hands each line to h, and a last line without newline at the end.
func (s *Reader) Run(ctx context.Context, h Handler) error {
	name := s.Name
	if name == "" {
		name = "-"
	}
	br := bufio.NewReaderSize(s.R, 256<<10)
	var off int64
	for ctx.Err() == nil {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			buf := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) && len(buf) < maxLine {
				line, err = br.ReadSlice('\n')
				buf = append(buf, line...)
			}
			line = buf
		}
		if len(line) > 0 {
			n := int64(len(line))
			if data := trimEOL(line); len(data) > 0 {
				h(Record{Data: append([]byte(nil), data...), Origin: name, Offset: off})
			}
			off += n
		}
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
	return ctx.Err()
}

// trimEOL removes a trailing newline and carriage return.
func trimEOL(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	if len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	return b
}
