package decode

import (
	"bytes"
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// errSyntax reports JSON the scanner cannot read.
var errSyntax = errors.New("malformed JSON")

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// members calls fn with each key and raw value of the JSON object that
// starts at b[i] (after spaces), and returns the index after the object.
// The key is unescaped (into a fresh slice when it held escapes, else a
// subslice of b); the value is the raw JSON text. fn returning false stops
// early (the returned index is then -1).
func members(b []byte, i int, fn func(key, val []byte) bool) (int, error) {
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != '{' {
		return 0, errSyntax
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, errSyntax
		}
		end, esc, err := stringEnd(b, i)
		if err != nil {
			return 0, err
		}
		key := b[i+1 : end-1]
		if esc {
			key, err = unescape(nil, key)
			if err != nil {
				return 0, err
			}
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return 0, errSyntax
		}
		i = skipSpace(b, i+1)
		vend, err := skipValue(b, i)
		if err != nil {
			return 0, err
		}
		if !fn(key, b[i:vend]) {
			return -1, nil
		}
		i = skipSpace(b, vend)
		if i >= len(b) {
			return 0, errSyntax
		}
		if b[i] == '}' {
			return i + 1, nil
		}
		if b[i] != ',' {
			return 0, errSyntax
		}
		i = skipSpace(b, i+1)
	}
}

// elements calls fn with each raw element of the JSON array at b[i].
func elements(b []byte, i int, fn func(val []byte) error) error {
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != '[' {
		return errSyntax
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return nil
	}
	for {
		end, err := skipValue(b, i)
		if err != nil {
			return err
		}
		if err := fn(b[i:end]); err != nil {
			return err
		}
		i = skipSpace(b, end)
		if i >= len(b) {
			return errSyntax
		}
		if b[i] == ']' {
			return nil
		}
		if b[i] != ',' {
			return errSyntax
		}
		i = skipSpace(b, i+1)
	}
}

// stringEnd returns the index after the string starting at b[i] (a quote)
// and whether it holds escapes.
func stringEnd(b []byte, i int) (int, bool, error) {
	j := i + 1
	q := bytes.IndexByte(b[j:], '"')
	if q < 0 {
		return 0, false, errSyntax
	}
	if bytes.IndexByte(b[j:j+q], '\\') < 0 {
		return j + q + 1, false, nil
	}
	for ; j < len(b); j++ {
		switch b[j] {
		case '"':
			return j + 1, true, nil
		case '\\':
			j++
		}
	}
	return 0, false, errSyntax
}

// skipValue returns the index after the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errSyntax
	}
	switch c := b[i]; {
	case c == '"':
		end, _, err := stringEnd(b, i)
		return end, err
	case c == '{' || c == '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _, err := stringEnd(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errSyntax
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				if j == i {
					return 0, errSyntax
				}
				return j, nil
			}
			j++
		}
		if j == i {
			return 0, errSyntax
		}
		return j, nil
	}
}

// str returns the text of a raw JSON string value, unescaped.
func str(raw []byte) (string, error) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", errSyntax
	}
	in := raw[1 : len(raw)-1]
	for _, c := range in {
		if c == '\\' {
			out, err := unescape(make([]byte, 0, len(in)), in)
			return string(out), err
		}
	}
	return string(in), nil
}

// unescape appends the unescaped content of a JSON string body to out.
func unescape(out, in []byte) ([]byte, error) {
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(in) {
			return nil, errSyntax
		}
		switch in[i] {
		case '"', '\\', '/':
			out = append(out, in[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n, err := hexRune(in[i+1:])
			if err != nil {
				return nil, err
			}
			i += n
			out = utf8.AppendRune(out, r)
		default:
			return nil, errSyntax
		}
	}
	return out, nil
}

// hexRune reads the 4 hex digits after \u (and a low surrogate's \uXXXX
// when the first is a high surrogate); n is the bytes consumed.
func hexRune(b []byte) (rune, int, error) {
	if len(b) < 4 {
		return 0, 0, errSyntax
	}
	v, err := strconv.ParseUint(string(b[:4]), 16, 32)
	if err != nil {
		return 0, 0, errSyntax
	}
	r := rune(v)
	if utf16.IsSurrogate(r) && len(b) >= 10 && b[4] == '\\' && b[5] == 'u' {
		if lo, err := strconv.ParseUint(string(b[6:10]), 16, 32); err == nil {
			if d := utf16.DecodeRune(r, rune(lo)); d != utf8.RuneError {
				return d, 10, nil
			}
		}
	}
	if utf16.IsSurrogate(r) {
		r = utf8.RuneError
	}
	return r, 4, nil
}
