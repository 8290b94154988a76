package input

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/value"
)

// ErrAmbiguousDate is wrapped by ParseDateTime for a day/month date that
// could be read either way (3/4/2025 without a 12-hour clock).
var ErrAmbiguousDate = errors.New("ambiguous date")

// ParseDateTime reads a datetime as exports write it, in ticks:
//   - ISO 8601 with any fraction, "T" or " " between date and time, and
//     "Z", an offset or no zone (UTC);
//   - the Log Analytics portal's US format "3/14/2025, 9:26:53.446 AM"
//     (month first, as the 12-hour clock with AM/PM marks it);
//   - a slashed date with a 24-hour clock only when it cannot be misread
//     (a part above 12 tells day from month); otherwise ErrAmbiguousDate.
func ParseDateTime(b []byte) (int64, error) {
	if ticks, ok := parseISO(b); ok {
		return ticks, nil
	}
	s := strings.TrimSpace(string(b))
	if strings.Contains(s, "/") {
		return parseSlashed(s)
	}
	if t, ok := mapping.ParseTime(s); ok {
		return value.TimeToTicks(t), nil
	}
	return 0, fmt.Errorf("want datetime, got %q", clip(s))
}

func digits(b []byte, n int) (int, bool) {
	if len(b) < n {
		return 0, false
	}
	v := 0
	for _, c := range b[:n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// parseISO is the fast path for 2006-01-02T15:04:05.9999999Z.
func parseISO(b []byte) (int64, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') ||
		b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	y, ok1 := digits(b, 4)
	mo, ok2 := digits(b[5:], 2)
	d, ok3 := digits(b[8:], 2)
	h, ok4 := digits(b[11:], 2)
	mi, ok5 := digits(b[14:], 2)
	sec, ok6 := digits(b[17:], 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > 31 ||
		h > 23 || mi > 59 || sec > 60 {
		return 0, false
	}
	i := 19
	var frac int64
	if i < len(b) && b[i] == '.' {
		i++
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if n < 7 {
				frac = frac*10 + int64(b[i]-'0')
			}
			n++
			i++
		}
		if n == 0 {
			return 0, false
		}
		for ; n < 7; n++ {
			frac *= 10
		}
	}
	offset := 0
	switch {
	case i == len(b):
	case b[i] == 'Z' && i+1 == len(b):
	case (b[i] == '+' || b[i] == '-') && len(b)-i == 6 && b[i+3] == ':':
		oh, ok1 := digits(b[i+1:], 2)
		om, ok2 := digits(b[i+4:], 2)
		if !ok1 || !ok2 {
			return 0, false
		}
		offset = oh*3600 + om*60
		if b[i] == '-' {
			offset = -offset
		}
	default:
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	ticks := value.TimeToTicks(t) + frac - int64(offset)*value.TicksPerSecond
	return ticks, true
}

// parseSlashed reads M/D/YYYY[,] h:mm:ss[.fff] [AM|PM] and D/M/YYYY forms.
func parseSlashed(s string) (int64, error) {
	bad := fmt.Errorf("want datetime, got %q", clip(s))
	date, clock, _ := strings.Cut(s, " ")
	date = strings.TrimSuffix(date, ",")
	parts := strings.Split(date, "/")
	if len(parts) != 3 || len(parts[2]) != 4 {
		return 0, bad
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, bad
	}
	clock = strings.TrimSpace(clock)
	ampm := ""
	if u := strings.ToUpper(clock); strings.HasSuffix(u, "AM") || strings.HasSuffix(u, "PM") {
		ampm = u[len(u)-2:]
		clock = strings.TrimSpace(clock[:len(clock)-2])
	}
	month, day := a, b
	switch {
	case a > 12 && b > 12:
		return 0, bad
	case ampm != "" && clock != "":
		// The US 12-hour format writes the month first.
	case a > 12 && b <= 12:
		month, day = b, a
	case b > 12 && a <= 12, a == b:
	default:
		return 0, fmt.Errorf("%w %q: day and month could be swapped", ErrAmbiguousDate, clip(s))
	}
	var h, mi int
	var secf float64
	if clock != "" {
		hp := strings.Split(clock, ":")
		if len(hp) < 2 || len(hp) > 3 {
			return 0, bad
		}
		var err error
		if h, err = strconv.Atoi(hp[0]); err != nil {
			return 0, bad
		}
		if mi, err = strconv.Atoi(hp[1]); err != nil {
			return 0, bad
		}
		if len(hp) == 3 {
			if secf, err = strconv.ParseFloat(hp[2], 64); err != nil || secf >= 61 {
				return 0, bad
			}
		}
	}
	switch ampm {
	case "AM":
		if h == 12 {
			h = 0
		}
	case "PM":
		if h < 12 {
			h += 12
		}
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || mi > 59 {
		return 0, bad
	}
	t := time.Date(y, time.Month(month), day, h, mi, 0, 0, time.UTC)
	if t.Day() != day {
		return 0, bad
	}
	sec := int64(secf * float64(value.TicksPerSecond))
	return value.TimeToTicks(t) + sec, nil
}

// parseTimespan reads [-][d.]hh:mm:ss[.fffffff].
func parseTimespan(s string) (int64, error) {
	bad := fmt.Errorf("want timespan, got %q", clip(s))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var days int64
	if dot := strings.IndexByte(s, '.'); dot >= 0 && dot < strings.IndexByte(s, ':') {
		d, err := strconv.ParseInt(s[:dot], 10, 64)
		if err != nil {
			return 0, bad
		}
		days, s = d, s[dot+1:]
	}
	p := strings.Split(s, ":")
	if len(p) != 3 {
		return 0, bad
	}
	h, e1 := strconv.ParseInt(p[0], 10, 64)
	m, e2 := strconv.ParseInt(p[1], 10, 64)
	sec, e3 := strconv.ParseFloat(p[2], 64)
	if e1 != nil || e2 != nil || e3 != nil {
		return 0, bad
	}
	t := days*value.TicksPerDay + h*value.TicksPerHour + m*value.TicksPerMinute +
		int64(sec*float64(value.TicksPerSecond))
	if neg {
		t = -t
	}
	return t, nil
}
