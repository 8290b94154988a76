package builtin

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// Conversions as the to* functions perform them. A value that does not
// convert gives the null of the target type (for strings, "").

// ToString converts v as tostring does: null to "", a datetime to ISO 8601
// with seven fractional digits, a bool to True/False, a real to its
// shortest round-trip text with ".0" when integral, a dynamic string to its
// raw text and other dynamic values to compact JSON.
func ToString(v value.Value) string {
	if v.Type() == value.String {
		return v.Str()
	}
	return string(AppendString(nil, v))
}

// AppendString appends ToString(v) to b.
func AppendString(b []byte, v value.Value) []byte {
	if v.IsNull() {
		return b
	}
	switch v.Type() {
	case value.String:
		return append(b, v.Str()...)
	case value.Bool:
		if v.Bool() {
			return append(b, "True"...)
		}
		return append(b, "False"...)
	case value.Int, value.Long:
		return strconv.AppendInt(b, v.Long(), 10)
	case value.Real:
		return appendRealText(b, v.Real())
	case value.DateTime:
		return value.AppendDateTime(b, v.Ticks())
	case value.Timespan:
		return value.AppendTimespan(b, v.Ticks())
	case value.Guid:
		return value.AppendGuid(b, v.GuidBytes())
	case value.Decimal:
		return append(b, v.Decimal()...)
	case value.Dynamic:
		if s, ok := v.Scalar(); ok {
			if s.Type() == value.String {
				return append(b, s.Str()...)
			}
			return append(b, s.Text()...)
		}
		return v.AppendJSON(b)
	}
	return b
}

// appendRealText renders a real as tostring does: "1.0", "1.5",
// "9.223372036854776E+18", "NaN", "Infinity".
func appendRealText(b []byte, f float64) []byte {
	start := len(b)
	b = value.AppendReal(b, f)
	for _, c := range b[start:] {
		if c == '.' || c == 'E' || c == 'N' || c == 'I' {
			return b
		}
	}
	return append(b, '.', '0')
}

// ToLong converts v as tolong does.
func ToLong(v value.Value) value.Value {
	n, ok := toInt64(v)
	if !ok {
		return value.Null(value.Long)
	}
	return value.NewLong(n)
}

// ToInt converts v as toint does: integers wrap to 32 bits, reals
// saturate, text out of range gives null.
func ToInt(v value.Value) value.Value {
	v = v.Unwrap()
	switch v.Type() {
	case value.Real, value.Decimal:
		f, ok := v.AsFloat()
		if v.IsNull() || !ok || math.IsNaN(f) {
			return value.Null(value.Int)
		}
		return value.NewInt(int32(max(min(math.Trunc(f), math.MaxInt32), math.MinInt32)))
	case value.String:
		n, ok := parseLong(v.Str())
		if !ok || n < math.MinInt32 || n > math.MaxInt32 {
			return value.Null(value.Int)
		}
		return value.NewInt(int32(n))
	}
	n, ok := toInt64(v)
	if !ok {
		return value.Null(value.Int)
	}
	return value.NewInt(int32(n))
}

func toInt64(v value.Value) (int64, bool) {
	v = v.Unwrap()
	if v.IsNull() {
		return 0, false
	}
	switch v.Type() {
	case value.Int, value.Long:
		return v.Long(), true
	case value.Real, value.Decimal:
		f, ok := v.AsFloat()
		if !ok {
			return 0, false
		}
		return realToLong(f)
	case value.Bool:
		if v.Bool() {
			return 1, true
		}
		return 0, true
	case value.DateTime, value.Timespan:
		return v.Ticks(), true
	case value.String:
		return parseLong(v.Str())
	}
	return 0, false
}

// realToLong truncates toward zero; out-of-range values saturate.
func realToLong(f float64) (int64, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	if f >= 9.223372036854775807e18 {
		return math.MaxInt64, true
	}
	if f <= -9.223372036854775808e18 {
		return math.MinInt64, true
	}
	return int64(f), true
}

// parseLong reads a decimal integer or 0x-prefixed hex, spaces trimmed.
func parseLong(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		u, err := strconv.ParseUint(s[2:], 16, 64)
		return int64(u), err == nil
	}
	if strings.ContainsRune(s, '_') {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// ToReal converts v as todouble / toreal do.
func ToReal(v value.Value) value.Value {
	f, ok := toFloat(v)
	if !ok {
		return value.Null(value.Real)
	}
	return value.NewReal(f)
}

func toFloat(v value.Value) (float64, bool) {
	v = v.Unwrap()
	if v.IsNull() {
		return 0, false
	}
	switch v.Type() {
	case value.Int, value.Long, value.Real, value.Decimal:
		return v.AsFloat()
	case value.Bool:
		if v.Bool() {
			return 1, true
		}
		return 0, true
	case value.DateTime, value.Timespan:
		return float64(v.Ticks()), true
	case value.String:
		return parseReal(v.Str())
	}
	return 0, false
}

// parseReal reads a real as the engine does: NaN, nan, Infinity, inf with
// an optional sign; no hex floats; overflow gives an infinity.
func parseReal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	body := strings.TrimLeft(s, "+-")
	switch body {
	case "NaN", "nan":
		return math.NaN(), len(body) == len(s)
	case "Infinity", "inf":
		if len(s)-len(body) > 1 {
			return 0, false
		}
		if s[0] == '-' {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if body == "" || strings.ContainsAny(body, "xXpP_iInN") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// ToBool converts v as tobool does: "true"/"false" in any case, numbers
// (non-zero is true).
func ToBool(v value.Value) value.Value {
	v = v.Unwrap()
	if v.IsNull() {
		return value.Null(value.Bool)
	}
	switch v.Type() {
	case value.Bool:
		return v
	case value.Int, value.Long, value.Real, value.Decimal:
		f, _ := v.AsFloat()
		return value.NewBool(f != 0)
	case value.String:
		// "true"/"false" in any case but untrimmed; an integer (hex too) is
		// true when non-zero; anything else ("1.0", " true") is null.
		s := v.Str()
		switch {
		case strings.EqualFold(s, "true"):
			return value.NewBool(true)
		case strings.EqualFold(s, "false"):
			return value.NewBool(false)
		}
		if n, ok := parseLong(s); ok {
			return value.NewBool(n != 0)
		}
	}
	return value.Null(value.Bool)
}

// ToDateTime converts v as todatetime does.
func ToDateTime(v value.Value) value.Value {
	v = v.Unwrap()
	if v.IsNull() {
		return value.Null(value.DateTime)
	}
	switch v.Type() {
	case value.DateTime:
		return v
	case value.String:
		if t, ok := ParseDateTime(v.Str()); ok {
			return value.NewDateTimeTicks(t)
		}
	case value.Int, value.Long, value.Real:
		// Numbers are ticks since 0001-01-01.
		if n, ok := toInt64(v); ok && n >= 0 && n <= maxTicks {
			return value.NewDateTimeTicks(n)
		}
	}
	return value.Null(value.DateTime)
}

// ToTimespan converts v as totimespan does; numbers are ticks.
func ToTimespan(v value.Value) value.Value {
	v = v.Unwrap()
	if v.IsNull() {
		return value.Null(value.Timespan)
	}
	switch v.Type() {
	case value.Timespan:
		return v
	case value.Int, value.Long:
		return value.NewTimespan(v.Long())
	case value.Real, value.Decimal:
		f, _ := v.AsFloat()
		if n, ok := realToLong(f); ok {
			return value.NewTimespan(n)
		}
	case value.String:
		if t, ok := ParseTimespan(v.Str()); ok {
			return value.NewTimespan(t)
		}
	}
	return value.Null(value.Timespan)
}

// ToDecimal converts v as todecimal does. Decimals are computed as reals
// here (see the package's known gaps) and kept as canonical text.
func ToDecimal(v value.Value) value.Value {
	if v.Unwrap().Type() == value.Decimal {
		return v.Unwrap()
	}
	f, ok := toFloat(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return value.Null(value.Decimal)
	}
	return NewDecimalFloat(f)
}

// NewDecimalFloat returns a decimal holding f.
func NewDecimalFloat(f float64) value.Value {
	if f == 0 {
		return value.NewDecimal("0")
	}
	return value.NewDecimal(strconv.FormatFloat(f, 'f', -1, 64))
}

// ToGuid converts v as toguid does.
func ToGuid(v value.Value) value.Value {
	v = v.Unwrap()
	switch {
	case v.IsNull():
	case v.Type() == value.Guid:
		return v
	case v.Type() == value.String:
		s := strings.TrimSpace(v.Str())
		if g, ok := value.ParseGuid(s); ok {
			return value.NewGuid(g)
		}
		// Otherwise 32 hex digits, dashes anywhere ignored.
		h := strings.ReplaceAll(s, "-", "")
		if len(h) == 32 {
			var g [16]byte
			if _, err := hex.Decode(g[:], []byte(h)); err == nil {
				return value.NewGuid(g)
			}
		}
	}
	return value.Null(value.Guid)
}

// ParseJSONValue converts v as parse_json does: a string is parsed as JSON
// (text that is not JSON becomes a dynamic string, "" becomes null); a
// dynamic value is returned as it is; other scalars are wrapped.
func ParseJSONValue(v value.Value) value.Value {
	switch v.Type() {
	case value.Dynamic:
		if s, ok := v.Scalar(); ok && s.Type() == value.String {
			return ParseJSONValue(s)
		}
		return v
	case value.String:
		s := v.Str()
		if strings.TrimSpace(s) == "" {
			return value.NullDynamic
		}
		d, err := value.ParseJSON(s)
		if err != nil {
			return value.ToDynamic(v)
		}
		return d
	}
	return value.ToDynamic(v)
}

// ConvertTo converts v to type t as the to<t> function does.
func ConvertTo(v value.Value, t value.Type) value.Value {
	switch t {
	case value.String:
		return value.NewString(ToString(v))
	case value.Bool:
		return ToBool(v)
	case value.Int:
		return ToInt(v)
	case value.Long:
		return ToLong(v)
	case value.Real:
		return ToReal(v)
	case value.Decimal:
		return ToDecimal(v)
	case value.DateTime:
		return ToDateTime(v)
	case value.Timespan:
		return ToTimespan(v)
	case value.Guid:
		return ToGuid(v)
	case value.Dynamic:
		return value.ToDynamic(v)
	}
	return value.Null(t)
}

// maxTicks is 9999-12-31T23:59:59.9999999, the largest datetime.
const maxTicks = 3155378975999999999
