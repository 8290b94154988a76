package builtin

import (
	"math"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/value"
)

// Date and time functions. Datetimes are ticks since 0001-01-01 UTC; any
// result outside 0001-01-01 .. 9999-12-31 is null.

const (
	tpd = value.TicksPerDay
	tph = value.TicksPerHour
	tpm = value.TicksPerMinute
	tps = value.TicksPerSecond
)

func dt(t int64) value.Value {
	if t < 0 || t > value.MaxDateTimeTicks {
		return value.Null(tDate)
	}
	return value.NewDateTimeTicks(t)
}

// civil splits ticks into calendar fields.
func civil(t int64) time.Time { return value.TicksToTime(t) }

func fromCivil(y int, m time.Month, d, hh, mm, ss int, frac int64) (int64, bool) {
	if y < 1 || y > 9999 {
		return 0, false
	}
	tm := time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	if tm.Year() < 1 || tm.Year() > 9999 {
		return 0, false
	}
	return value.TimeToTicks(tm) + frac, true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func init() {
	for _, n := range []string{"dayofmonth", "dayofyear", "hourofday", "getmonth",
		"monthofyear", "getyear", "week_of_year", "weekofyear"} {
		n := n
		def(names(n), tInt, ks(kDate), 0, func(_ *Env, a []value.Value) value.Value {
			t, ok := argTicks(a[0])
			if !ok {
				return value.Null(tInt)
			}
			return value.NewInt(int32(datePart(n, t)))
		})
	}
	def(names("dayofweek"), tSpan, ks(kDate), 0, func(_ *Env, a []value.Value) value.Value {
		t, ok := argTicks(a[0])
		if !ok {
			return value.Null(tSpan)
		}
		return value.NewTimespan(int64(civil(t).Weekday()) * tpd)
	})
	for _, unit := range []string{"day", "week", "month", "year"} {
		unit := unit
		def(names("startof"+unit), tDate, ks(kDate, kInt), 1,
			func(_ *Env, a []value.Value) value.Value { return startEnd(unit, a, false) })
		def(names("endof"+unit), tDate, ks(kDate, kInt), 1,
			func(_ *Env, a []value.Value) value.Value { return startEnd(unit, a, true) })
	}
	register(bindDatetimeAdd, "datetime_add")
	register(bindDatetimeDiff, "datetime_diff")
	register(bindDatetimePart, "datetime_part")
	def(names("make_datetime"), tDate, ks(kNum, kNum, kNum, kNum, kNum, kNum), 3,
		implMakeDatetime)
	def(names("make_timespan"), tSpan, ks(kInt, kInt, kNum, kNum), 2, implMakeTimespan)
	unix := func(name string, per float64) {
		def(names(name), tDate, ks(kNum), 0, func(_ *Env, a []value.Value) value.Value {
			f, ok := argReal(a[0])
			if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
				return value.Null(tDate)
			}
			return dt(unixEpoch + int64(math.Round(f*per)))
		})
	}
	unix("unixtime_seconds_todatetime", float64(tps))
	unix("unixtime_milliseconds_todatetime", float64(value.TicksPerMillisecond))
	unix("unixtime_microseconds_todatetime", float64(value.TicksPerMicrosecond))
	unix("unixtime_nanoseconds_todatetime", 0.01)
	def(names("datetime_utc_to_local"), tDate, ks(kDate, kStr), 0, tzImpl(utcToLocal))
	def(names("datetime_local_to_utc"), tDate, ks(kDate, kStr), 0, tzImpl(localToUTC))
}

// unixEpoch is 1970-01-01 in ticks.
const unixEpoch int64 = 621355968000000000

// datePart returns one calendar field of t.
func datePart(part string, t int64) int64 {
	c := civil(t)
	switch part {
	case "year", "getyear":
		return int64(c.Year())
	case "quarter":
		return int64(c.Month()-1)/3 + 1
	case "month", "getmonth", "monthofyear":
		return int64(c.Month())
	case "week_of_year", "weekofyear", "week":
		_, w := c.ISOWeek()
		return int64(w)
	case "day", "dayofmonth":
		return int64(c.Day())
	case "dayofyear":
		return int64(c.YearDay())
	case "hour", "hourofday":
		return int64(c.Hour())
	case "minute":
		return int64(c.Minute())
	case "second":
		return int64(c.Second())
	case "millisecond":
		return t % tps / value.TicksPerMillisecond
	case "microsecond":
		return t % tps / value.TicksPerMicrosecond
	case "nanosecond":
		return t % tps * 100
	}
	return 0
}

// startEnd implements startof*/endof* with the optional offset in units.
func startEnd(unit string, a []value.Value, end bool) value.Value {
	t, ok := argTicks(a[0])
	if !ok {
		return value.Null(tDate)
	}
	off := int64(0)
	if len(a) > 1 {
		if off, ok = argLong(a[1]); !ok {
			return value.Null(tDate)
		}
	}
	if end {
		off++
	}
	c := civil(t)
	var s int64
	switch unit {
	case "day":
		s = floorDiv(t, tpd)*tpd + off*tpd
	case "week":
		s = floorDiv(t, tpd)*tpd - int64(c.Weekday())*tpd + off*7*tpd
	case "month":
		m := int64(c.Year())*12 + int64(c.Month()-1) + off
		r, ok := fromCivil(int(floorDiv(m, 12)), time.Month(m-floorDiv(m, 12)*12+1), 1,
			0, 0, 0, 0)
		if !ok {
			return value.Null(tDate)
		}
		s = r
	case "year":
		r, ok := fromCivil(c.Year()+int(off), 1, 1, 0, 0, 0, 0)
		if !ok {
			return value.Null(tDate)
		}
		s = r
	}
	if end {
		s--
	}
	return dt(s)
}

var datetimeParts = []string{"year", "quarter", "month", "week", "day", "hour", "minute",
	"second", "millisecond", "microsecond", "nanosecond"}

// partArg reads a constant part name (case-insensitive; plural allowed).
func partArg(name string, args []Arg, i int, extra ...string) (string, error) {
	p, ok := constStr(args[i])
	if !ok {
		return "", nil // per-row
	}
	p = normPart(p)
	for _, q := range append(datetimeParts, extra...) {
		if p == q {
			return p, nil
		}
	}
	return "", errBadConst(name, i, "unknown date part '"+p+"'")
}

func normPart(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if p != "" && p != "s" && strings.HasSuffix(p, "s") {
		p = strings.TrimSuffix(p, "s")
	}
	return p
}

func bindDatetimeAdd(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("datetime_add", args, ks(kStr, kInt, kDate), 0, false); err != nil {
		return value.Invalid, nil, err
	}
	if _, err := partArg("datetime_add", args, 0); err != nil {
		return value.Invalid, nil, err
	}
	return tDate, func(_ *Env, a []value.Value) value.Value {
		n, ok1 := argLong(a[1])
		t, ok2 := argTicks(a[2])
		if !ok1 || !ok2 {
			return value.Null(tDate)
		}
		return datetimeAdd(normPart(argStr(a[0])), n, t)
	}, nil
}

func datetimeAdd(part string, n, t int64) value.Value {
	per := map[string]int64{"week": 7 * tpd, "day": tpd, "hour": tph, "minute": tpm,
		"second": tps, "millisecond": value.TicksPerMillisecond,
		"microsecond": value.TicksPerMicrosecond}
	if p, ok := per[part]; ok {
		if n > math.MaxInt64/p || n < math.MinInt64/p {
			return value.Null(tDate)
		}
		return addTicks(t, n*p)
	}
	months := int64(0)
	switch part {
	case "nanosecond":
		return addTicks(t, n/100)
	case "year":
		months = n * 12
	case "quarter":
		months = n * 3
	case "month":
		months = n
	default:
		return value.Null(tDate)
	}
	if months > 120000 || months < -120000 {
		return value.Null(tDate)
	}
	c := civil(t)
	m := int64(c.Year())*12 + int64(c.Month()-1) + months
	y, mo := int(floorDiv(m, 12)), int(m-floorDiv(m, 12)*12)+1
	if y < 1 || y > 9999 {
		return value.Null(tDate)
	}
	d := c.Day()
	if dim := daysIn(y, mo); d > dim {
		d = dim
	}
	r, ok := fromCivil(y, time.Month(mo), d, 0, 0, 0, t%tpd)
	if !ok {
		return value.Null(tDate)
	}
	return dt(r)
}

func bindDatetimeDiff(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("datetime_diff", args, ks(kStr, kDate, kDate), 0, false); err != nil {
		return value.Invalid, nil, err
	}
	part, err := partArg("datetime_diff", args, 0)
	if err != nil {
		return value.Invalid, nil, err
	}
	// The engine returns weeks as a real (the analyzer says long).
	t := tLong
	if normPart(part) == "week" {
		t = tReal
	}
	return t, func(_ *Env, a []value.Value) value.Value {
		t1, ok1 := argTicks(a[1])
		t2, ok2 := argTicks(a[2])
		if !ok1 || !ok2 {
			return value.Null(t)
		}
		d, ok := datetimeDiff(normPart(argStr(a[0])), t1, t2)
		if !ok {
			return value.Null(t)
		}
		return coerce(value.NewLong(d), t)
	}, nil
}

// datetimeDiff counts the unit boundaries crossed from t2 to t1.
func datetimeDiff(part string, t1, t2 int64) (int64, bool) {
	c1, c2 := civil(t1), civil(t2)
	trunc := func(per int64) int64 { return floorDiv(t1, per) - floorDiv(t2, per) }
	switch part {
	case "year":
		return int64(c1.Year() - c2.Year()), true
	case "quarter":
		q := func(c time.Time) int64 { return int64(c.Year())*4 + int64(c.Month()-1)/3 }
		return q(c1) - q(c2), true
	case "month":
		m := func(c time.Time) int64 { return int64(c.Year())*12 + int64(c.Month()) }
		return m(c1) - m(c2), true
	case "week":
		w := func(t int64, c time.Time) int64 {
			return floorDiv(t, tpd) - int64(c.Weekday())
		}
		return (w(t1, c1) - w(t2, c2)) / 7, true
	case "day":
		return trunc(tpd), true
	case "hour":
		return trunc(tph), true
	case "minute":
		return trunc(tpm), true
	case "second":
		return trunc(tps), true
	case "millisecond":
		return trunc(value.TicksPerMillisecond), true
	case "microsecond":
		return trunc(value.TicksPerMicrosecond), true
	case "nanosecond":
		return (t1 - t2) * 100, true
	}
	return 0, false
}

func bindDatetimePart(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("datetime_part", args, ks(kStr, kDate), 0, false); err != nil {
		return value.Invalid, nil, err
	}
	if _, err := partArg("datetime_part", args, 0, "dayofyear", "week_of_year",
		"weekofyear"); err != nil {
		return value.Invalid, nil, err
	}
	return tInt, func(_ *Env, a []value.Value) value.Value {
		t, ok := argTicks(a[1])
		if !ok {
			return value.Null(tInt)
		}
		return value.NewInt(int32(datePart(normPart(argStr(a[0])), t)))
	}, nil
}

func implMakeDatetime(_ *Env, a []value.Value) value.Value {
	var f [5]int64
	for i := 0; i < 5 && i < len(a); i++ {
		n, ok := argLong(a[i])
		if !ok {
			return value.Null(tDate)
		}
		f[i] = n
	}
	sec := 0.0
	if len(a) > 5 {
		s, ok := argReal(a[5])
		if !ok || s < 0 || s >= 60 {
			return value.Null(tDate)
		}
		sec = s
	}
	y, m, d := f[0], f[1], f[2]
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > int64(daysIn(int(y), int(m))) ||
		f[3] < 0 || f[3] > 23 || f[4] < 0 || f[4] > 59 {
		return value.Null(tDate)
	}
	base := daysFromCivil(int(y), int(m), int(d))*tpd + f[3]*tph + f[4]*tpm
	return dt(base + int64(math.Round(sec*float64(tps))))
}

// implMakeTimespan: make_timespan(h, m), (h, m, s) or (d, h, m, s); each
// field must be in its range.
func implMakeTimespan(_ *Env, a []value.Value) value.Value {
	var d, h, m int64
	var s float64
	vals := make([]float64, len(a))
	for i, v := range a {
		f, ok := argReal(v)
		if !ok {
			return value.Null(tSpan)
		}
		vals[i] = f
	}
	switch len(a) {
	case 2:
		h, m = int64(vals[0]), int64(vals[1])
	case 3:
		h, m, s = int64(vals[0]), int64(vals[1]), vals[2]
	case 4:
		d, h, m, s = int64(vals[0]), int64(vals[1]), int64(vals[2]), vals[3]
	}
	if d < 0 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s >= 60 {
		return value.Null(tSpan)
	}
	return value.NewTimespan(d*tpd + h*tph + m*tpm + int64(math.Round(s*float64(tps))))
}
