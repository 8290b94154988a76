package eventxml

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/winevent"
)

// scanner decodes one <Event> element by hand, without encoding/xml's
// tokens, interfaces and per-value copies: while scanning, names,
// attribute values and texts are views of the event's bytes (unless they
// hold references or carriage returns); detach then copies what the
// event keeps. It accepts a subset of what
// encoding/xml (strict, raw tokens) accepts and yields the same event on
// it; on anything else (malformed input, processing instructions,
// directives, non-ASCII names) it gives up and Parse falls back to
// parseStd. A scanner is reused from event to event by one goroutine.
type scanner struct {
	src   []byte            // the sanitized event
	str   string            // src as a string; values are substrings of it
	stack []elem            // open elements
	attrs []attrAt          // attributes of the current start tag
	buf   []byte            // decoded text, when text is not one clean span
	tmp   []byte            // scratch for checking attribute values
	names map[string]string // interned names and System strings
	// the previous event's interned System strings and data names
	prevSys   [7]string
	prevNames []string

	// The text since the last tag: empty, the clean span src[ta:tb], or
	// decoded in buf.
	tmode    int
	ta, tb   int
	dataName string
	inData   bool
	sawEvent bool
}

// elem is an open element: its local name and its kind.
type elem struct {
	a, b int // local name is src[a:b]
	kind kind
}

// kind classes the element names the event shape gives meaning to.
type kind uint8

const (
	kOther kind = iota
	kSystem
	kEventData
	kUserData
	kData
)

// attrAt is one attribute: local name src[na:nb], raw value src[va:vb];
// plain when the value holds no reference and no carriage return.
type attrAt struct {
	na, nb, va, vb int
	plain          bool
}

const (
	textEmpty = iota
	textSpan
	textBuf
)

func kindOf(name string) kind {
	switch name {
	case "System":
		return kSystem
	case "EventData":
		return kEventData
	case "UserData":
		return kUserData
	case "Data":
		return kData
	}
	return kOther
}

// scan decodes src (sanitized; str views the same bytes, which must not
// change during the call) into ev, reusing ev.Data's array. ev keeps no
// reference to src. It reports false when it cannot vouch for the
// result; ev is then garbage.
func (s *scanner) scan(src []byte, str string, ev *winevent.Event) bool {
	data := ev.Data[:0]
	*ev = winevent.Event{Qualifiers: -1, Version: -1, Level: -1, Task: -1, Opcode: -1}
	ev.Data = data
	s.src, s.str = src, str
	s.stack, s.tmode, s.inData, s.sawEvent, s.dataName = s.stack[:0], textEmpty, false, false, ""
	ok := s.run(ev) && s.sawEvent && len(s.stack) == 0
	s.src, s.str = nil, ""
	if ok {
		s.detach(ev)
	}
	return ok
}

func (s *scanner) run(ev *winevent.Event) bool {
	src := s.src
	i := 0
	for i < len(src) {
		if src[i] != '<' {
			j, fl := i, uint8(0)
			for ; j < len(src) && src[j] != '<'; j++ {
				fl |= class[src[j]]
			}
			if !s.text(i, j, fl) {
				return false
			}
			i = j
			continue
		}
		if i+1 >= len(src) {
			return false
		}
		var ok bool
		switch src[i+1] {
		case '/':
			i, ok = s.endTag(i+2, ev)
		case '!':
			i, ok = s.bang(i + 2)
		case '?':
			return false
		default:
			i, ok = s.startTag(i+1, ev)
		}
		if !ok {
			return false
		}
	}
	return true
}

// Byte classes, to note in one pass what a run of text holds.
const (
	cAmp = 1 << iota
	cCR
	cBracket
	cLess
)

var class = [256]uint8{'&': cAmp, '\r': cCR, ']': cBracket, '<': cLess}

// text adds the character data src[a:b] (no '<' in it), whose bytes'
// classes are fl.
func (s *scanner) text(a, b int, fl uint8) bool {
	seg := s.src[a:b]
	if fl&cBracket != 0 && bytes.Contains(seg, []byte("]]>")) {
		return false
	}
	plain := fl&(cAmp|cCR) == 0
	if plain && s.tmode == textEmpty {
		s.tmode, s.ta, s.tb = textSpan, a, b
		return true
	}
	s.toBuf()
	var ok bool
	s.buf, ok = decode(s.buf, seg)
	return ok
}

// toBuf moves the text into buf.
func (s *scanner) toBuf() {
	switch s.tmode {
	case textEmpty:
		s.buf = s.buf[:0]
	case textSpan:
		s.buf = append(s.buf[:0], s.src[s.ta:s.tb]...)
	}
	s.tmode = textBuf
}

// textString returns the text since the last tag.
func (s *scanner) textString() string {
	switch s.tmode {
	case textSpan:
		return s.str[s.ta:s.tb]
	case textBuf:
		return string(s.buf)
	}
	return ""
}

// bang reads a comment or a CDATA section after "<!" at i.
func (s *scanner) bang(i int) (int, bool) {
	src := s.src
	if bytes.HasPrefix(src[i:], []byte("--")) {
		j := bytes.Index(src[i+2:], []byte("--"))
		if j < 0 {
			return 0, false
		}
		j += i + 2
		if j+2 >= len(src) || src[j+2] != '>' {
			return 0, false
		}
		return j + 3, true
	}
	if !bytes.HasPrefix(src[i:], []byte("[CDATA[")) {
		return 0, false
	}
	i += len("[CDATA[")
	j := bytes.Index(src[i:], []byte("]]>"))
	if j < 0 {
		return 0, false
	}
	j += i
	s.toBuf()
	s.buf = appendNewlines(s.buf, src[i:j])
	return j + 3, true
}

// name reads an ASCII XML name at i and returns the bounds of its local
// part (after a prefix and colon) and the index after the name.
func (s *scanner) name(i int) (a, b, next int, ok bool) {
	src := s.src
	if i >= len(src) || !nameStart[src[i]] {
		return 0, 0, 0, false
	}
	a = i
	colon := -1
	for i++; i < len(src); i++ {
		c := src[i]
		if nameByte[c] {
			if c == ':' {
				if colon >= 0 {
					return 0, 0, 0, false
				}
				colon = i
			}
			continue
		}
		if c >= utf8.RuneSelf {
			return 0, 0, 0, false
		}
		if colon > a && colon < i-1 {
			a = colon + 1
		}
		return a, i, i, true
	}
	return 0, 0, 0, false // a name ending the input is cut short
}

var nameStart, nameByte [256]bool

func init() {
	for c := 0; c < 256; c++ {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':'
		nameStart[c] = letter
		nameByte[c] = letter || '0' <= c && c <= '9' || c == '.' || c == '-'
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func (s *scanner) skipSpace(i int) int {
	for i < len(s.src) && isSpace(s.src[i]) {
		i++
	}
	return i
}

// attr returns the value of the first attribute of the current start tag
// with the given local name.
func (s *scanner) attr(name string) string {
	for _, a := range s.attrs {
		if s.str[a.na:a.nb] != name {
			continue
		}
		if a.plain {
			return s.str[a.va:a.vb]
		}
		v, _ := decode(nil, s.src[a.va:a.vb])
		return string(v)
	}
	return ""
}

// decode appends raw character data to dst with references replaced and
// line ends normalised as encoding/xml does; ok is false on a reference
// it would refuse.
func decode(dst, raw []byte) ([]byte, bool) {
	var prev byte
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '&':
			var n int
			var ok bool
			dst, n, ok = appendRef(dst, raw[i:])
			if !ok {
				return dst, false
			}
			i += n - 1
			prev = 0
			continue
		case c == '\r':
			dst = append(dst, '\n')
		case c == '\n' && prev == '\r':
		default:
			dst = append(dst, c)
		}
		prev = c
	}
	return dst, true
}

// appendNewlines appends raw to dst with "\r\n" and "\r" turned into "\n".
func appendNewlines(dst, raw []byte) []byte {
	for len(raw) > 0 {
		j := bytes.IndexByte(raw, '\r')
		if j < 0 {
			return append(dst, raw...)
		}
		dst = append(append(dst, raw[:j]...), '\n')
		raw = raw[j+1:]
		if len(raw) > 0 && raw[0] == '\n' {
			raw = raw[1:]
		}
	}
	return dst
}

var entities = [...]struct {
	name string
	r    byte
}{{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"apos;", '\''}, {"quot;", '"'}}

// appendRef decodes the reference at the start of b ("&...;") onto dst
// and returns its length.
func appendRef(dst, b []byte) ([]byte, int, bool) {
	if len(b) < 2 {
		return dst, 0, false
	}
	if b[1] != '#' {
		for _, e := range entities {
			if bytes.HasPrefix(b[1:], []byte(e.name)) {
				return append(dst, e.r), 1 + len(e.name), true
			}
		}
		return dst, 0, false
	}
	i, base := 2, 10
	if i < len(b) && b[i] == 'x' {
		i, base = 3, 16
	}
	start := i
	for i < len(b) && (b[i] >= '0' && b[i] <= '9' ||
		base == 16 && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'f')) {
		i++
	}
	if i >= len(b) || b[i] != ';' {
		return dst, 0, false
	}
	n, err := strconv.ParseUint(string(b[start:i]), base, 64)
	if err != nil || n > utf8.MaxRune {
		return dst, 0, false
	}
	r := rune(n)
	if !utf8.ValidRune(r) {
		r = utf8.RuneError // as string(rune(n)) does for surrogates
	}
	if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
		return dst, 0, false
	}
	return utf8.AppendRune(dst, r), i + 1, true
}
