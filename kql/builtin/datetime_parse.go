package builtin

import (
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// ParseDateTime reads the datetime forms Kusto accepts in datetime(...)
// literals and todatetime: ISO 8601 (date only; 'T' or space before the
// time; minutes, seconds and up to seven fractional digits optional; Z or
// a ±hh[:mm] offset), RFC 822 / RFC 1123 ("Sat, 8 Nov 14 15:05:02 GMT"),
// RFC 850 ("Saturday, 08-Nov-14 15:05:02 GMT") and the month-first US
// forms .NET also accepts ("12-02-2022", "6/15/2020 1:45:09 PM").
// The result is in ticks, UTC.
func ParseDateTime(s string) (int64, bool) {
	toks, ok := lexDate(strings.TrimSpace(s))
	if !ok || len(toks) == 0 {
		return 0, false
	}
	p := &dateParser{toks: toks}
	var f dateFields
	switch {
	case p.isNum(0) && len(toks[0].text) == 4:
		ok = p.isoDate(&f)
	case p.isNum(0) && (p.isSep(1, '/') || p.isSep(1, '-')) && p.isNum(2) &&
		p.isSep(3, p.toks[1].text[0]) && p.isNum(4):
		if p.isNum(2) && len(toks[2].text) <= 2 {
			ok = p.usDate(&f)
		} else {
			ok = p.rfcDate(&f)
		}
	default:
		ok = p.rfcDate(&f)
	}
	if !ok || !p.timeAndZone(&f) || p.i != len(p.toks) {
		return 0, false
	}
	return f.ticks()
}

type dateTok struct {
	kind byte // 'n' digits, 'w' letters, or the separator byte itself
	text string
	n    int
}

func lexDate(s string) ([]dateTok, bool) {
	var toks []dateTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			n := 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if j-i < 9 {
					n = n*10 + int(s[j]-'0')
				}
				j++
			}
			toks = append(toks, dateTok{kind: 'n', text: s[i:j], n: n})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			toks = append(toks, dateTok{kind: 'w', text: s[i:j]})
			i = j
		case c == ' ' || c == '\t':
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			toks = append(toks, dateTok{kind: ' ', text: " "})
		case strings.IndexByte("-/:.,+", c) >= 0:
			toks = append(toks, dateTok{kind: c, text: s[i : i+1]})
			i++
		default:
			return nil, false
		}
	}
	return toks, true
}

type dateFields struct {
	year, month, day int
	hour, min, sec   int
	frac             int64 // ticks
	offset           int64 // ticks east of UTC
	pm, am, hasMerid bool
}

func (f *dateFields) ticks() (int64, bool) {
	if f.hasMerid {
		if f.hour < 1 || f.hour > 12 {
			return 0, false
		}
		if f.pm && f.hour < 12 {
			f.hour += 12
		} else if f.am && f.hour == 12 {
			f.hour = 0
		}
	}
	if f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysIn(f.year, f.month) ||
		f.year < 1 || f.year > 9999 || f.hour > 23 || f.min > 59 || f.sec > 59 {
		return 0, false
	}
	t := daysFromCivil(f.year, f.month, f.day)*value.TicksPerDay +
		int64(f.hour)*value.TicksPerHour + int64(f.min)*value.TicksPerMinute +
		int64(f.sec)*value.TicksPerSecond + f.frac - f.offset
	if t < 0 || t > value.MaxDateTimeTicks {
		return 0, false
	}
	return t, true
}

type dateParser struct {
	toks []dateTok
	i    int
}

func (p *dateParser) isNum(k int) bool {
	return p.i+k < len(p.toks) && p.toks[p.i+k].kind == 'n'
}

func (p *dateParser) isSep(k int, c byte) bool {
	return p.i+k < len(p.toks) && p.toks[p.i+k].kind == c
}

func (p *dateParser) isWord(k int) bool {
	return p.i+k < len(p.toks) && p.toks[p.i+k].kind == 'w'
}

func (p *dateParser) num() int {
	n := p.toks[p.i].n
	p.i++
	return n
}

// isoDate reads yyyy-MM-dd (or yyyy/MM/dd) and an optional 'T'.
func (p *dateParser) isoDate(f *dateFields) bool {
	f.year = p.num()
	sep := byte('-')
	if p.isSep(0, '/') {
		sep = '/'
	}
	if !p.isSep(0, sep) || !p.isNum(1) || !p.isSep(2, sep) || !p.isNum(3) {
		return false
	}
	p.i++
	f.month = p.num()
	p.i++
	f.day = p.num()
	if p.isWord(0) && (p.toks[p.i].text == "T" || p.toks[p.i].text == "t") {
		p.i++
		return p.isNum(0)
	}
	return true
}

// usDate reads M/d/yyyy or M-d-yyyy.
func (p *dateParser) usDate(f *dateFields) bool {
	f.month = p.num()
	p.i++
	f.day = p.num()
	p.i++
	if len(p.toks[p.i].text) != 4 {
		return false
	}
	f.year = p.num()
	return true
}

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"}

func monthOf(w string) int {
	lw := strings.ToLower(w)
	for i, m := range monthNames {
		if lw == m || lw == fullMonths[i] {
			return i + 1
		}
	}
	return 0
}

var fullMonths = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// rfcDate reads [Weekday[,]] d Mon yy[yy] or d-Mon-yy.
func (p *dateParser) rfcDate(f *dateFields) bool {
	if p.isWord(0) {
		p.i++
		if p.isSep(0, ',') {
			p.i++
		}
		if p.isSep(0, ' ') {
			p.i++
		}
	}
	if !p.isNum(0) || len(p.toks[p.i].text) > 2 {
		return false
	}
	f.day = p.num()
	sep := byte(' ')
	if p.isSep(0, '-') {
		sep = '-'
	}
	if !p.isSep(0, sep) || !p.isWord(1) || !p.isSep(2, sep) || !p.isNum(3) {
		return false
	}
	p.i++
	if f.month = monthOf(p.toks[p.i].text); f.month == 0 {
		return false
	}
	p.i += 2
	yt := p.toks[p.i].text
	f.year = p.num()
	switch len(yt) {
	case 2:
		if f.year < 50 {
			f.year += 2000
		} else {
			f.year += 1900
		}
	case 4:
	default:
		return false
	}
	return true
}

// timeAndZone reads an optional [ ]HH:mm[:ss[.fffffff]] [AM|PM] [zone].
func (p *dateParser) timeAndZone(f *dateFields) bool {
	if p.i == len(p.toks) {
		return true
	}
	if p.isSep(0, ' ') {
		p.i++
	}
	if !p.isNum(0) || len(p.toks[p.i].text) > 2 || !p.isSep(1, ':') || !p.isNum(2) {
		return false
	}
	f.hour = p.num()
	p.i++
	f.min = p.num()
	if p.isSep(0, ':') && p.isNum(1) {
		p.i++
		f.sec = p.num()
		if p.isSep(0, '.') && p.isNum(1) {
			p.i++
			digits := p.toks[p.i].text
			p.i++
			var frac int64
			for k := 0; k < 7; k++ {
				frac *= 10
				if k < len(digits) {
					frac += int64(digits[k] - '0')
				}
			}
			f.frac = frac
		}
	}
	if p.isSep(0, ' ') && p.isWord(1) {
		p.i++
	}
	if p.isWord(0) {
		switch strings.ToUpper(p.toks[p.i].text) {
		case "AM":
			f.am, f.hasMerid = true, true
			p.i++
		case "PM":
			f.pm, f.hasMerid = true, true
			p.i++
		}
	}
	return p.zone(f)
}

var zoneHours = map[string]int64{"Z": 0, "UTC": 0, "GMT": 0, "UT": 0, "EST": -5, "EDT": -4,
	"CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}

func (p *dateParser) zone(f *dateFields) bool {
	if p.isSep(0, ' ') {
		p.i++
	}
	if p.i == len(p.toks) {
		return true
	}
	if p.isWord(0) {
		h, ok := zoneHours[strings.ToUpper(p.toks[p.i].text)]
		if !ok {
			return false
		}
		f.offset = h * value.TicksPerHour
		p.i++
		if p.i == len(p.toks) {
			return true
		}
	}
	if !p.isSep(0, '+') && !p.isSep(0, '-') || !p.isNum(1) {
		return false
	}
	sign := int64(1)
	if p.toks[p.i].kind == '-' {
		sign = -1
	}
	p.i++
	t := p.toks[p.i].text
	hh, mm := p.num(), 0
	switch {
	case len(t) == 4:
		hh, mm = hh/100, hh%100
	case len(t) <= 2:
		if p.isSep(0, ':') && p.isNum(1) {
			p.i++
			mm = p.num()
		}
	default:
		return false
	}
	if hh > 14 || mm > 59 {
		return false
	}
	f.offset = sign * (int64(hh)*value.TicksPerHour + int64(mm)*value.TicksPerMinute)
	return true
}

// daysFromCivil returns the days from 0001-01-01 to y-m-d (proleptic
// Gregorian).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	// 719162 days from 0001-01-01 to 1970-01-01; the formula counts from
	// 0000-03-01, which is 719468 days before 1970-01-01.
	return int64(era*146097+doe) - 719468 + 719162
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
