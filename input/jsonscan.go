package input

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// The JSON scanner below walks JSON text once without building values: it
// finds where each value ends so that decoders keep the raw text of the
// fields they need and skip the rest without allocating.

var errUnterminated = errors.New("unterminated string")

// maxDepth bounds nesting the scanner accepts.
const maxDepth = 1000

// SkipSpace returns the index of the first non-space byte at or after i.
func SkipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// ScanString returns the index just past the JSON string starting at
// b[i] (which must be '"').
func ScanString(b []byte, i int) (int, error) {
	j := i + 1
	// Most keys and values are short: look eight bytes at a time for a
	// quote or a backslash before handing over to the vectorised search.
	for end := min(i+1+64, len(b)-8); j <= end; {
		x := binary.LittleEndian.Uint64(b[j:])
		q, e := x^(quotes), x^(backslashes)
		m := ((q-lsb)&^q | (e-lsb)&^e) & msb
		if m == 0 {
			j += 8
			continue
		}
		// The lowest flagged byte is always a real match.
		k := j + bits.TrailingZeros64(m)/8
		if b[k] == '"' {
			return k + 1, nil
		}
		j = k + 2 // past the escaped byte
	}
	for j < len(b) {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return len(b), errUnterminated
		}
		q := j + k
		n := 0
		for p := q - 1; p >= j && b[p] == '\\'; p-- {
			n++
		}
		// j never lies within an escape: the run starts at or after it.
		if n%2 == 0 {
			return q + 1, nil
		}
		j = q + 1
	}
	return len(b), errUnterminated
}

const (
	lsb         = 0x0101010101010101
	msb         = 0x8080808080808080
	quotes      = lsb * '"'
	backslashes = lsb * '\\'
)

// SkipValue returns the index just past the JSON value starting at b[i].
func SkipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return i, errors.New("unexpected end of input")
	}
	switch c := b[i]; c {
	case '"':
		return ScanString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				j, err := ScanString(b, i)
				if err != nil {
					return j, err
				}
				i = j
				continue
			case '{', '[':
				depth++
				if depth > maxDepth {
					return i, errors.New("nested too deeply")
				}
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return i, errors.New("unexpected end of input")
	case 't':
		return literal(b, i, "true")
	case 'f':
		return literal(b, i, "false")
	case 'n':
		return literal(b, i, "null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			j := i + 1
			for j < len(b) {
				d := b[j]
				if (d >= '0' && d <= '9') || d == '.' || d == 'e' || d == 'E' ||
					d == '+' || d == '-' {
					j++
					continue
				}
				break
			}
			return j, nil
		}
		return i, fmt.Errorf("unexpected character %q", rune(c))
	}
}

func literal(b []byte, i int, lit string) (int, error) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), nil
	}
	return i, errors.New("invalid literal")
}

// ScanObject reads the JSON object starting at b[i] into r: each key a
// table needs gets its raw value; the rest are skipped. It returns the
// index just past the object.
func (p *Plan) ScanObject(b []byte, i int, r *Record) (int, error) {
	i = SkipSpace(b, i)
	if i >= len(b) || b[i] != '{' {
		return i, errors.New("want a JSON object")
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for k := 0; ; k++ {
		if i >= len(b) || b[i] != '"' {
			return i, errors.New("want an object key")
		}
		var slot int
		end, ok := r.sameKey(b, i, k)
		if ok {
			slot = r.keys[k].slot
		} else {
			var err error
			if end, err = ScanString(b, i); err != nil {
				return end, err
			}
			slot = p.keySlot(r, k, b[i+1:end-1])
		}
		i = SkipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return i, errors.New("want ':' after object key")
		}
		i = SkipSpace(b, i+1)
		start := i
		var err error
		if i, err = SkipValue(b, i); err != nil {
			return i, err
		}
		if slot >= 0 {
			r.SetJSON(slot, b[start:i])
		}
		i = SkipSpace(b, i)
		if i >= len(b) {
			return i, errors.New("unexpected end of object")
		}
		switch b[i] {
		case ',':
			i = SkipSpace(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, fmt.Errorf("unexpected character %q in object", rune(b[i]))
		}
	}
}

// ObjectKeys calls fn with each top-level key of the JSON object at b[i]
// and the raw value, stopping when fn returns false. It returns the index
// past the object.
func ObjectKeys(b []byte, i int, fn func(key, raw []byte) bool) (int, error) {
	i = SkipSpace(b, i)
	if i >= len(b) || b[i] != '{' {
		return i, errors.New("want a JSON object")
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, errors.New("want an object key")
		}
		end, err := ScanString(b, i)
		if err != nil {
			return end, err
		}
		key := b[i+1 : end-1]
		i = SkipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return i, errors.New("want ':' after object key")
		}
		i = SkipSpace(b, i+1)
		start := i
		if i, err = SkipValue(b, i); err != nil {
			return i, err
		}
		if hasBackslash(key) {
			key = []byte(unescape(key))
		}
		if !fn(key, b[start:i]) {
			return i, nil
		}
		i = SkipSpace(b, i)
		if i >= len(b) {
			return i, errors.New("unexpected end of object")
		}
		switch b[i] {
		case ',':
			i = SkipSpace(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, fmt.Errorf("unexpected character %q in object", rune(b[i]))
		}
	}
}

// Unescape returns the text of a raw JSON string value (with its quotes);
// other raw values are returned as written.
func Unescape(raw []byte) string {
	if len(raw) >= 2 && raw[0] == '"' {
		return unescape(raw[1 : len(raw)-1])
	}
	return string(raw)
}

// sameKey reports whether the key string at b[i] is the one seen at
// position k of the previous object, and returns the index past it: one
// comparison instead of a scan and a comparison. (The same bytes end
// where they ended before, escapes included.)
func (r *Record) sameKey(b []byte, i, k int) (int, bool) {
	if k >= len(r.keys) {
		return 0, false
	}
	key := r.keys[k].key
	e := i + 1 + len(key)
	if e >= len(b) || b[e] != '"' || string(b[i+1:e]) != string(key) {
		return 0, false
	}
	return e + 1, true
}

// keySlot returns the slot of the k-th key of an object, trying first the
// key seen at that position in the previous object.
func (p *Plan) keySlot(r *Record, k int, key []byte) int {
	if k < len(r.keys) && bytes.Equal(r.keys[k].key, key) {
		return r.keys[k].slot
	}
	s := -1
	if hasBackslash(key) {
		s = p.Slot([]byte(unescape(key)))
	} else {
		s = p.Slot(key)
	}
	if k < len(r.keys) {
		r.keys[k] = cachedKey{append(r.keys[k].key[:0], key...), s}
	} else if k == len(r.keys) && k < 4096 {
		r.keys = append(r.keys, cachedKey{append([]byte(nil), key...), s})
	}
	return s
}
