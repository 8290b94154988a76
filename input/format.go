package input

import (
	"bufio"
	"context"
	"errors"
	"io"
	"sort"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Format is one input format: it recognises its inputs by content and
// decodes them.
type Format interface {
	// Name is the format's short name shown in the summary.
	Name() string
	// Detect reports whether an input starting with head (up to HeadSize
	// bytes, UTF-8, byte-order mark removed) is in this format.
	Detect(head []byte) bool
	// Decode reads src and hands its rows or events to out. Malformed
	// records go to out.Fault; the returned error means the input could
	// not be read any further (rows already delivered stay delivered).
	Decode(ctx context.Context, src *Source, out *Emitter) error
}

// HeadSize is the most bytes Detect sees.
const HeadSize = 64 << 10

var (
	regMu    sync.Mutex
	registry []Format
)

// Register adds a format. Formats are tried in order of their Priority
// (when they have one; lower first, default 100), then of registration.
func Register(f Format) {
	regMu.Lock()
	defer regMu.Unlock()
	registry = append(registry, f)
	sort.SliceStable(registry, func(i, j int) bool {
		return priority(registry[i]) < priority(registry[j])
	})
}

// Prioritized is implemented by formats that must be tried before or
// after others (a lower Priority is tried first; the default is 100).
type Prioritized interface {
	Priority() int
}

func priority(f Format) int {
	if p, ok := f.(Prioritized); ok {
		return p.Priority()
	}
	return 100
}

// Formats returns the registered formats in detection order.
func Formats() []Format {
	regMu.Lock()
	defer regMu.Unlock()
	return append([]Format(nil), registry...)
}

// Source is one input: a file, a zip member or the spooled stdin.
type Source struct {
	// Name is the input's display name: its path, or archive!member.
	Name string
	// Size is its size in bytes before transcoding, or -1.
	Size    int64
	open    func() (io.ReadCloser, error)
	path    string // the plain file holding the input, if any
	cleanup func()
	head    []byte
	headErr error
	headOK  bool
}

// NewSource returns a source read through open (each call must return a
// fresh stream from the start). It is meant for tests and adapters.
func NewSource(name string, size int64, open func() (io.ReadCloser, error)) *Source {
	return &Source{Name: name, Size: size, open: open}
}

func (s *Source) close() {
	if s.cleanup != nil {
		s.cleanup()
	}
}

// Head returns the first HeadSize bytes of the decoded (UTF-8) content.
func (s *Source) Head() ([]byte, error) {
	if s.headOK {
		return s.head, s.headErr
	}
	s.headOK = true
	rc, err := s.Open()
	if err != nil {
		s.headErr = err
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, HeadSize)
	n, err := io.ReadFull(rc, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	s.head, s.headErr = buf[:n], err
	return s.head, err
}

// Open returns the content as UTF-8: a UTF-8 byte-order mark is removed
// and UTF-16 is transcoded (with a byte-order mark, or little-endian
// text starting with '<', '{' or '[').
func (s *Source) Open() (io.ReadCloser, error) {
	if s.open == nil {
		return nil, errors.New("input: source cannot be opened")
	}
	rc, err := s.open()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(rc, 64<<10)
	bom, _ := br.Peek(3)
	switch {
	case len(bom) >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF:
		br.Discard(3)
	case len(bom) >= 2 && bom[0] == 0xFF && bom[1] == 0xFE:
		br.Discard(2)
		return readCloser{&utf16Reader{r: br, little: true}, rc}, nil
	case len(bom) >= 2 && bom[0] == 0xFE && bom[1] == 0xFF:
		br.Discard(2)
		return readCloser{&utf16Reader{r: br}, rc}, nil
	case len(bom) >= 2 && bom[1] == 0 && (bom[0] == '<' || bom[0] == '{' || bom[0] == '['):
		// UTF-16LE without a byte-order mark, as some tools write it.
		return readCloser{&utf16Reader{r: br, little: true}, rc}, nil
	}
	return readCloser{br, rc}, nil
}

type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }

// utf16Reader transcodes UTF-16 to UTF-8; unpaired surrogates and a
// trailing odd byte become U+FFFD.
type utf16Reader struct {
	r      *bufio.Reader
	little bool
	out    []byte
	high   rune // pending high surrogate, 0 if none
	eof    bool
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.eof {
			return 0, io.EOF
		}
		u.fill()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *utf16Reader) fill() {
	var pair [2]byte
	u.out = u.out[:0]
	for len(u.out) < 32<<10 {
		n, err := io.ReadFull(u.r, pair[:])
		if err != nil {
			if n == 1 || u.high != 0 {
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
			}
			u.high, u.eof = 0, true
			return
		}
		c := rune(pair[0])<<8 | rune(pair[1])
		if u.little {
			c = rune(pair[1])<<8 | rune(pair[0])
		}
		switch {
		case utf16.IsSurrogate(c) && c < 0xDC00:
			if u.high != 0 {
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
			}
			u.high = c
		case utf16.IsSurrogate(c):
			if u.high == 0 {
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
			} else {
				u.out = utf8.AppendRune(u.out, utf16.DecodeRune(u.high, c))
				u.high = 0
			}
		default:
			if u.high != 0 {
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
				u.high = 0
			}
			u.out = utf8.AppendRune(u.out, c)
		}
	}
}
