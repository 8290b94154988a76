// Package value holds the scalar and dynamic values that flow through
// kqlhunt: the KQL engine evaluates over them, the telemetry decoders
// produce them, and the outputs render them as Kusto renders them.
//
// A Value is a small struct passed by value. Strings are never null, as in
// Kusto: a missing string is the empty string. Every other type has a null.
package value

import (
	"math"
	"time"
)

// Type is a KQL scalar type. The zero value is Invalid.
type Type uint8

// The KQL scalar types.
const (
	Invalid  Type = iota
	Bool          // bool (boolean)
	Int           // int: 32-bit signed
	Long          // long: 64-bit signed
	Real          // real (double): IEEE-754 binary64
	Decimal       // decimal: held as its canonical text (see Value.Decimal)
	DateTime      // datetime: 100-ns ticks since 0001-01-01T00:00:00Z, UTC
	Timespan      // timespan: a signed count of 100-ns ticks
	String        // string: UTF-8 text; never null
	Guid          // guid: held as 16 bytes
	Dynamic       // dynamic: null, a scalar, an array or a property bag
)

var typeNames = [...]string{
	Invalid: "invalid", Bool: "bool", Int: "int", Long: "long", Real: "real",
	Decimal: "decimal", DateTime: "datetime", Timespan: "timespan",
	String: "string", Guid: "guid", Dynamic: "dynamic",
}

// String returns the type's KQL name.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "invalid"
}

// ParseType reads a KQL type name, including the aliases Kusto accepts
// (boolean, int64, double, date, time, uniqueid, ...).
func ParseType(s string) (Type, bool) {
	switch s {
	case "bool", "boolean":
		return Bool, true
	case "int", "int32":
		return Int, true
	case "long", "int64":
		return Long, true
	case "real", "double":
		return Real, true
	case "decimal":
		return Decimal, true
	case "datetime", "date":
		return DateTime, true
	case "timespan", "time":
		return Timespan, true
	case "string":
		return String, true
	case "guid", "uniqueid":
		return Guid, true
	case "dynamic":
		return Dynamic, true
	}
	return Invalid, false
}

// IsNumeric reports whether t is int, long, real or decimal.
func (t Type) IsNumeric() bool {
	return t == Int || t == Long || t == Real || t == Decimal
}

// Value is one KQL value. The zero Value is invalid (no type); use the
// constructors. Values are immutable: dynamic arrays and bags must not be
// changed once wrapped.
type Value struct {
	t  Type
	ok bool   // false: null (never false for a string)
	n  uint64 // bool, int, long, real bits, ticks
	s  string // string and decimal text
	d  any    // dynamic payload (Array, *Bag or a boxed scalar Value), guid bytes
}

// Tick arithmetic: DateTime and Timespan count 100-ns ticks.
const (
	TicksPerMicrosecond int64 = 10
	TicksPerMillisecond int64 = 10_000
	TicksPerSecond      int64 = 10_000_000
	TicksPerMinute            = 60 * TicksPerSecond
	TicksPerHour              = 60 * TicksPerMinute
	TicksPerDay               = 24 * TicksPerHour
	// unixEpochTicks is 1970-01-01T00:00:00Z in ticks since 0001-01-01.
	unixEpochTicks int64 = 621355968000000000
	// MaxDateTimeTicks is 9999-12-31T23:59:59.9999999Z.
	MaxDateTimeTicks int64 = 3155378975999999999
)

// Null returns the null of type t (for String, the empty string).
func Null(t Type) Value {
	if t == String {
		return Value{t: String, ok: true}
	}
	return Value{t: t}
}

// NewString returns a string value.
func NewString(s string) Value { return Value{t: String, ok: true, s: s} }

// NewBool returns a bool value.
func NewBool(b bool) Value {
	v := Value{t: Bool, ok: true}
	if b {
		v.n = 1
	}
	return v
}

// NewInt returns an int (32-bit) value.
func NewInt(i int32) Value { return Value{t: Int, ok: true, n: uint64(int64(i))} }

// NewLong returns a long value.
func NewLong(i int64) Value { return Value{t: Long, ok: true, n: uint64(i)} }

// NewReal returns a real value.
func NewReal(f float64) Value { return Value{t: Real, ok: true, n: math.Float64bits(f)} }

// NewDecimal returns a decimal value from its canonical text (digits, an
// optional sign and an optional fraction).
func NewDecimal(text string) Value { return Value{t: Decimal, ok: true, s: text} }

// NewDateTimeTicks returns a datetime from ticks since 0001-01-01 UTC.
func NewDateTimeTicks(ticks int64) Value { return Value{t: DateTime, ok: true, n: uint64(ticks)} }

// NewDateTime returns a datetime from a time.Time, truncated to 100 ns.
func NewDateTime(t time.Time) Value { return NewDateTimeTicks(TimeToTicks(t)) }

// NewTimespan returns a timespan of the given ticks.
func NewTimespan(ticks int64) Value { return Value{t: Timespan, ok: true, n: uint64(ticks)} }

// NewDuration returns a timespan from a time.Duration, truncated to 100 ns.
func NewDuration(d time.Duration) Value { return NewTimespan(int64(d / 100)) }

// NewGuid returns a guid value.
func NewGuid(g [16]byte) Value { return Value{t: Guid, ok: true, d: g} }

// TimeToTicks converts a time to ticks since 0001-01-01 UTC.
func TimeToTicks(t time.Time) int64 {
	sec := t.Unix()
	return unixEpochTicks + sec*TicksPerSecond + int64(t.Nanosecond())/100
}

// TicksToTime converts ticks since 0001-01-01 to a UTC time.
func TicksToTime(ticks int64) time.Time {
	rel := ticks - unixEpochTicks
	sec := rel / TicksPerSecond
	rem := rel % TicksPerSecond
	if rem < 0 {
		rem += TicksPerSecond
		sec--
	}
	return time.Unix(sec, rem*100).UTC()
}

// Type returns the value's type.
func (v Value) Type() Type { return v.t }

// IsNull reports whether v is null. Strings are never null.
func (v Value) IsNull() bool { return !v.ok }

// Valid reports whether v has a type at all (is not the zero Value).
func (v Value) Valid() bool { return v.t != Invalid }

// Str returns a string value's text ("" for other types; see Text).
func (v Value) Str() string { return v.s }

// Bool returns a bool value's truth (false when null or not a bool).
func (v Value) Bool() bool { return v.t == Bool && v.ok && v.n != 0 }

// Long returns an int or long value as int64 (0 when null).
func (v Value) Long() int64 { return int64(v.n) }

// Real returns a real value (0 when null).
func (v Value) Real() float64 { return math.Float64frombits(v.n) }

// Ticks returns a datetime's or timespan's ticks (0 when null).
func (v Value) Ticks() int64 { return int64(v.n) }

// Time returns a datetime value as a UTC time.
func (v Value) Time() time.Time { return TicksToTime(int64(v.n)) }

// Decimal returns a decimal value's canonical text.
func (v Value) Decimal() string { return v.s }

// GuidBytes returns a guid value's 16 bytes.
func (v Value) GuidBytes() [16]byte {
	g, _ := v.d.([16]byte)
	return g
}

// AsFloat returns a numeric value as float64, and whether it was one and
// not null.
func (v Value) AsFloat() (float64, bool) {
	if !v.ok {
		return 0, false
	}
	switch v.t {
	case Int, Long:
		return float64(int64(v.n)), true
	case Real:
		return math.Float64frombits(v.n), true
	case Decimal:
		f, err := parseFloat(v.s)
		return f, err == nil
	}
	return 0, false
}
