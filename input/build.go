package input

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/value"
)

// slabSize is how many values one allocation holds for several rows.
const slabSize = 16 << 10

// maxIntern bounds the per-record cache of short repeated strings.
const (
	maxIntern    = 8192
	maxInternLen = 96
)

// Build makes the row of a requested table from the record: exactly the
// table's columns, in order, the absent ones null ("" for strings), Type
// set to the table name and TimeGenerated defaulting to Timestamp. A
// value of the wrong type is an error naming the column.
func (p *Plan) Build(r *Record, table string) ([]value.Value, error) {
	tp := p.tables[table]
	n := len(tp.cols)
	if len(r.slab) < n {
		r.slab = make([]value.Value, max(slabSize, n))
	}
	row := r.slab[:n:n]
	r.slab = r.slab[n:]
	for i, c := range tp.cols {
		s := tp.slot[i]
		var v value.Value
		var err error
		switch {
		case c.Name == colType:
			v = value.NewString(tp.name)
		case r.has[s]:
			v, err = r.convert(s, c.Type)
			if err != nil {
				return nil, fmt.Errorf("column %s: %v", c.Name, err)
			}
			if c.Name == colTimeGenerated && v.IsNull() && r.has[p.tsSlot] {
				v, _ = r.convert(p.tsSlot, c.Type)
			}
		case c.Name == colTimeGenerated && r.has[p.tsSlot]:
			v, _ = r.convert(p.tsSlot, c.Type)
		default:
			v = value.Null(c.Type)
		}
		row[i] = v
	}
	return row, nil
}

func (r *Record) convert(slot int, t value.Type) (value.Value, error) {
	if !r.json {
		return r.fromText(r.text[slot], t)
	}
	raw := r.raw[slot]
	if t == value.String && len(raw) >= 2 && raw[0] == '"' {
		body := raw[1 : len(raw)-1]
		if bytes.IndexByte(body, '\\') < 0 {
			return value.NewString(r.slotString(slot, body)), nil
		}
	}
	return r.fromJSON(raw, t)
}

// fromJSON converts one raw JSON value to type t.
func (r *Record) fromJSON(raw []byte, t value.Type) (value.Value, error) {
	if len(raw) == 0 || isNull(raw) {
		return value.Null(t), nil
	}
	switch raw[0] {
	case '"':
		body := raw[1 : len(raw)-1]
		esc := hasBackslash(body)
		if t == value.String {
			return value.NewString(r.intern1(body, esc)), nil
		}
		if len(body) == 0 {
			return value.Null(t), nil
		}
		if !esc && t != value.Dynamic {
			return parseText(body, t)
		}
		s := unescape(body)
		if t == value.Dynamic {
			return dynamicText(s), nil
		}
		return parseText([]byte(s), t)
	case '{', '[':
		switch t {
		case value.Dynamic:
			return value.ParseJSONBytes(raw)
		case value.String:
			return value.NewString(string(raw)), nil
		}
		return value.Null(t), fmt.Errorf("want %s, got a JSON %s", t, kindOf(raw[0]))
	case 't', 'f':
		switch t {
		case value.Bool:
			return value.NewBool(raw[0] == 't'), nil
		case value.String:
			return value.NewString(string(raw)), nil
		case value.Dynamic:
			return value.ToDynamic(value.NewBool(raw[0] == 't')), nil
		}
		return value.Null(t), fmt.Errorf("want %s, got %s", t, raw)
	}
	if t == value.String {
		return value.NewString(r.intern1(raw, false)), nil
	}
	if t == value.Dynamic {
		return value.ParseJSONBytes(raw)
	}
	return parseText(raw, t)
}

func kindOf(c byte) string {
	if c == '{' {
		return "object"
	}
	return "array"
}

// dynamicText parses a JSON string's text as JSON (AdditionalFields is
// exported as a JSON string); text that is not JSON stays a string.
func dynamicText(s string) value.Value {
	if s == "" {
		return value.NullDynamic
	}
	if v, err := value.ParseJSON(s); err == nil {
		return v
	}
	return value.ToDynamic(value.NewString(s))
}

// fromText converts a plain-text field (CSV) to type t; "" is null.
func (r *Record) fromText(s string, t value.Type) (value.Value, error) {
	if t == value.String {
		return value.NewString(s), nil
	}
	if s == "" {
		return value.Null(t), nil
	}
	if t == value.Dynamic {
		return dynamicText(s), nil
	}
	return parseText([]byte(s), t)
}

// parseText reads a scalar from its text: numbers, bools, datetimes
// (ISO 8601 or the Log Analytics portal's US format), timespans, guids.
func parseText(b []byte, t value.Type) (value.Value, error) {
	// The common cases read b itself: a datetime, a plain decimal number.
	switch t {
	case value.DateTime:
		ticks, err := ParseDateTime(b)
		if err != nil {
			return value.Null(t), err
		}
		return value.NewDateTimeTicks(ticks), nil
	case value.Long, value.Int:
		if n, ok := plainInt(b); ok {
			if t == value.Int {
				if int64(int32(n)) == n {
					return value.NewInt(int32(n)), nil
				}
				break
			}
			return value.NewLong(n), nil
		}
	}
	s := string(b)
	switch t {
	case value.Long, value.Int:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != float64(int64(f)) {
				return value.Null(t), fmt.Errorf("want %s, got %q", t, clip(s))
			}
			n = int64(f)
		}
		if t == value.Int {
			return value.NewInt(int32(n)), nil
		}
		return value.NewLong(n), nil
	case value.Real:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return value.Null(t), fmt.Errorf("want real, got %q", clip(s))
		}
		return value.NewReal(f), nil
	case value.Bool:
		switch s {
		case "true", "True", "TRUE", "1":
			return value.NewBool(true), nil
		case "false", "False", "FALSE", "0":
			return value.NewBool(false), nil
		}
		return value.Null(t), fmt.Errorf("want bool, got %q", clip(s))
	case value.Guid:
		g, ok := value.ParseGuid(s)
		if !ok {
			return value.Null(t), fmt.Errorf("want guid, got %q", clip(s))
		}
		return value.NewGuid(g), nil
	case value.Decimal:
		return value.NewDecimal(s), nil
	case value.Timespan:
		d, err := parseTimespan(s)
		if err != nil {
			return value.Null(t), err
		}
		return value.NewTimespan(d), nil
	case value.String:
		return value.NewString(s), nil
	}
	return value.Null(t), fmt.Errorf("cannot read %s", t)
}

// plainInt reads an optional minus sign and 1 to 18 decimal digits.
func plainInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// clip shortens text quoted in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func hasBackslash(b []byte) bool { return bytes.IndexByte(b, '\\') >= 0 }

// intern1 returns body as a string (unescaped when esc), reusing the
// string of an earlier equal short value. The cache is keyed by the raw
// body: a key holds a backslash only when it came from an escaped body.
func (r *Record) intern1(body []byte, esc bool) string {
	if len(body) > maxInternLen {
		if esc {
			return unescape(body)
		}
		return string(body)
	}
	if s, ok := r.intern[string(body)]; ok {
		return s
	}
	s := string(body)
	if esc {
		s = unescape(body)
	}
	if len(r.intern) < maxIntern {
		r.intern[string(body)] = s
	}
	return s
}

// unescape decodes the body of a JSON string. Invalid escapes are kept
// as written; lone surrogates become U+FFFD.
func unescape(b []byte) string {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if k := bytes.IndexByte(b[i:], '\\'); k != 0 {
			if k < 0 {
				out = append(out, b[i:]...)
				break
			}
			out = append(out, b[i:i+k]...)
			i += k
		}
		if i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		i++
		switch b[i] {
		case '"', '\\', '/':
			out = append(out, b[i])
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
			r, n := hex4(b[i+1:])
			if n == 0 {
				out = append(out, '\\', 'u')
				continue
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+2 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
					if x, m := hex4(b[i+3:]); m > 0 {
						r2 = x
					}
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r, i = d, i+6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			out = append(out, '\\', b[i])
		}
	}
	return string(out)
}

func hex4(b []byte) (rune, int) {
	if len(b) < 4 {
		return 0, 0
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, 0
		}
	}
	return r, 4
}
