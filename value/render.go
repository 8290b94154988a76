package value

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text renders v as Kusto renders a cell: datetimes as ISO 8601 UTC with
// seven fractional digits, timespans as [-][d.]hh:mm:ss[.fffffff], bools as
// true/false, dynamic values as compact JSON (a dynamic string unquoted),
// null as the empty string.
func (v Value) Text() string {
	if !v.ok {
		return ""
	}
	switch v.t {
	case String, Decimal:
		return v.s
	case Dynamic:
		if s, ok := v.d.(Value); ok {
			return s.Text()
		}
		return string(v.AppendJSON(nil))
	}
	return string(v.appendScalar(nil))
}

// appendScalar appends the text of a non-null non-dynamic scalar.
func (v Value) appendScalar(b []byte) []byte {
	switch v.t {
	case Bool:
		if v.n != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case Int, Long:
		return strconv.AppendInt(b, int64(v.n), 10)
	case Real:
		return AppendReal(b, math.Float64frombits(v.n))
	case Decimal, String:
		return append(b, v.s...)
	case DateTime:
		return AppendDateTime(b, int64(v.n))
	case Timespan:
		return AppendTimespan(b, int64(v.n))
	case Guid:
		return AppendGuid(b, v.GuidBytes())
	}
	return b
}

// AppendReal renders a real the way Kusto does: the shortest text that
// reads back to the same number, NaN, Infinity and -Infinity.
func AppendReal(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e15) {
		return strconv.AppendFloat(b, f, 'E', -1, 64)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// AppendDateTime renders ticks as 2006-01-02T15:04:05.0000000Z.
func AppendDateTime(b []byte, ticks int64) []byte {
	t := TicksToTime(ticks)
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	frac := ticks % TicksPerSecond
	if frac < 0 {
		frac += TicksPerSecond
	}
	b = append(b, '.')
	b = appendPadded(b, frac, 7)
	return append(b, 'Z')
}

// AppendTimespan renders ticks as [-][d.]hh:mm:ss[.fffffff].
func AppendTimespan(b []byte, ticks int64) []byte {
	u := uint64(ticks)
	if ticks < 0 {
		b = append(b, '-')
		u = uint64(-ticks)
	}
	tps := uint64(TicksPerSecond)
	frac := u % tps
	secs := u / tps
	days := secs / 86400
	secs %= 86400
	if days > 0 {
		b = strconv.AppendUint(b, days, 10)
		b = append(b, '.')
	}
	b = appendPadded(b, int64(secs/3600), 2)
	b = append(b, ':')
	b = appendPadded(b, int64(secs/60%60), 2)
	b = append(b, ':')
	b = appendPadded(b, int64(secs%60), 2)
	if frac != 0 {
		b = append(b, '.')
		b = appendPadded(b, int64(frac), 7)
	}
	return b
}

// AppendGuid renders a guid in its lower-case 8-4-4-4-12 form.
func AppendGuid(b []byte, g [16]byte) []byte {
	var buf [36]byte
	hex.Encode(buf[0:8], g[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], g[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], g[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], g[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], g[10:16])
	return append(b, buf[:]...)
}

// ParseGuid reads the 8-4-4-4-12 form, with or without braces, any case.
func ParseGuid(s string) ([16]byte, bool) {
	var g [16]byte
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return g, false
	}
	h := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	if _, err := hex.Decode(g[:], []byte(h)); err != nil {
		return g, false
	}
	return g, true
}

func appendPadded(b []byte, n int64, width int) []byte {
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], n, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// AppendJSON appends v as compact JSON, as Kusto serialises dynamic values:
// strings, datetimes, timespans and guids as JSON strings, numbers and
// bools as JSON literals, null as null.
func (v Value) AppendJSON(b []byte) []byte {
	if !v.ok && v.t != String {
		return append(b, "null"...)
	}
	switch v.t {
	case Dynamic:
		switch p := v.d.(type) {
		case Array:
			b = append(b, '[')
			for i, e := range p {
				if i > 0 {
					b = append(b, ',')
				}
				b = e.AppendJSON(b)
			}
			return append(b, ']')
		case *Bag:
			b = append(b, '{')
			for i, k := range p.Keys {
				if i > 0 {
					b = append(b, ',')
				}
				b = AppendJSONString(b, k)
				b = append(b, ':')
				b = p.Values[i].AppendJSON(b)
			}
			return append(b, '}')
		case Value:
			return p.AppendJSON(b)
		}
		return append(b, "null"...)
	case Bool, Int, Long:
		return v.appendScalar(b)
	case Real:
		f := math.Float64frombits(v.n)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return AppendJSONString(b, string(AppendReal(nil, f)))
		}
		return strconv.AppendFloat(b, f, 'g', -1, 64)
	case Decimal:
		return append(b, v.s...)
	}
	return AppendJSONString(b, string(v.appendScalar(nil)))
}

// AppendJSONString appends s as a JSON string literal.
func AppendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func parseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }
