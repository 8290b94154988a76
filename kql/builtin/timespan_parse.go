package builtin

import (
	"math"
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// timespanUnits maps the unit suffixes of timespan literals to ticks.
var timespanUnits = map[string]int64{
	"d": value.TicksPerDay, "day": value.TicksPerDay, "days": value.TicksPerDay,
	"h": value.TicksPerHour, "hr": value.TicksPerHour, "hrs": value.TicksPerHour,
	"hour": value.TicksPerHour, "hours": value.TicksPerHour,
	"m": value.TicksPerMinute, "min": value.TicksPerMinute, "minute": value.TicksPerMinute,
	"minutes": value.TicksPerMinute,
	"s":       value.TicksPerSecond, "sec": value.TicksPerSecond, "second": value.TicksPerSecond,
	"seconds": value.TicksPerSecond,
	"ms":      value.TicksPerMillisecond, "milli": value.TicksPerMillisecond,
	"millis": value.TicksPerMillisecond, "millisecond": value.TicksPerMillisecond,
	"milliseconds": value.TicksPerMillisecond,
	"microsecond":  value.TicksPerMicrosecond, "microseconds": value.TicksPerMicrosecond,
	"tick": 1, "ticks": 1,
}

// ParseTimespan reads a timespan as timespan literals and totimespan do:
// [-][d.]hh:mm[:ss[.fffffff]], a number with a unit (1d, 1.5h, 30m, 10s,
// 100ms, 10microsecond, 1tick), or a bare integer counting days.
func ParseTimespan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if strings.IndexByte(s, ':') >= 0 {
		return parseClock(s)
	}
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i = 1
	}
	j := i
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
		j++
	}
	num, unit := s[:j], strings.ToLower(strings.TrimSpace(s[j:]))
	if j == i {
		return 0, false
	}
	per := value.TicksPerDay
	if unit != "" {
		u, ok := timespanUnits[unit]
		if !ok {
			return 0, false
		}
		per = u
	} else if strings.IndexByte(num, '.') >= 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	t := f * float64(per)
	if math.Abs(t) > math.MaxInt64 {
		return 0, false
	}
	return int64(math.Round(t)), true
}

// parseClock reads [-][d.]hh:mm[:ss[.fffffff]].
func parseClock(s string) (int64, bool) {
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	var days int64
	colon := strings.IndexByte(s, ':')
	if dot := strings.IndexByte(s[:colon], '.'); dot >= 0 {
		d, err := strconv.ParseInt(s[:dot], 10, 64)
		if err != nil || d < 0 {
			return 0, false
		}
		days, s = d, s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var frac int64
	if len(parts) == 3 {
		if dot := strings.IndexByte(parts[2], '.'); dot >= 0 {
			digits := parts[2][dot+1:]
			parts[2] = parts[2][:dot]
			if digits == "" || len(digits) > 7 || !allDigits(digits) {
				return 0, false
			}
			f, _ := strconv.ParseInt(digits, 10, 64)
			for k := len(digits); k < 7; k++ {
				f *= 10
			}
			frac = f
		}
	}
	var hms [3]int64
	limits := [3]int64{23, 59, 59}
	for k, p := range parts {
		if p == "" || len(p) > 2 || !allDigits(p) {
			return 0, false
		}
		n, _ := strconv.ParseInt(p, 10, 64)
		if n > limits[k] {
			return 0, false
		}
		hms[k] = n
	}
	t := days*value.TicksPerDay + hms[0]*value.TicksPerHour + hms[1]*value.TicksPerMinute +
		hms[2]*value.TicksPerSecond + frac
	if neg {
		t = -t
	}
	return t, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
