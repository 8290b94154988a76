package builtin

import (
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// format_datetime and format_timespan: .NET-like custom format specifiers.
// A run of one letter is split into the longest specifiers it allows
// ("dddd" is "dd" then "dd", as the engine renders it); letters outside the
// specifier set are an error; any other character is copied.

// fmtTok is one piece of a parsed format: a specifier letter with its
// width, or literal text (letter 0).
type fmtTok struct {
	letter byte
	width  int
	text   string
}

// dateSpecWidth and spanSpecWidth give each specifier letter's longest form.
var dateSpecWidth = map[byte]int{'d': 2, 'f': 7, 'F': 7, 'h': 2, 'H': 2, 'm': 2, 'M': 2,
	's': 2, 'y': 4, 't': 2}

var spanSpecWidth = map[byte]int{'d': 8, 'f': 7, 'F': 7, 'h': 2, 'H': 2, 'm': 2, 's': 2}

// parseFormat splits a format into tokens; widths maps allowed letters.
func parseFormat(f string, widths map[byte]int) ([]fmtTok, error) {
	var toks []fmtTok
	for i := 0; i < len(f); {
		c := f[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			max, ok := widths[c]
			if !ok {
				return nil, errFormatSpecifier(c)
			}
			j := i
			for j < len(f) && f[j] == c {
				j++
			}
			for run := j - i; run > 0; {
				w := run
				if w > max {
					w = max
				}
				toks = append(toks, fmtTok{letter: c, width: w})
				run -= w
			}
			i = j
			continue
		}
		if c == '\\' && i+1 < len(f) {
			toks = append(toks, fmtTok{text: f[i+1 : i+2]})
			i += 2
			continue
		}
		toks = append(toks, fmtTok{text: f[i : i+1]})
		i++
	}
	return toks, nil
}

func pad(b []byte, n int64, w int) []byte {
	s := strconv.FormatInt(n, 10)
	for k := len(s); k < w; k++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendFrac renders w digits of a 7-digit tick fraction; trim drops
// trailing zeros (the F forms).
func appendFrac(b []byte, frac int64, w int, trim bool) []byte {
	s := strconv.FormatInt(frac+10_000_000, 10)[1 : 1+w]
	if trim {
		s = strings.TrimRight(s, "0")
	}
	return append(b, s...)
}

// formatDateTime renders ticks with a parsed format.
func formatDateTime(toks []fmtTok, t int64) string {
	c := civil(t)
	frac := t % tps
	var b []byte
	for _, k := range toks {
		switch k.letter {
		case 0:
			b = append(b, k.text...)
		case 'd':
			b = pad(b, int64(c.Day()), k.width)
		case 'f', 'F':
			b = appendFrac(b, frac, k.width, k.letter == 'F')
		case 'h':
			h := c.Hour() % 12
			if h == 0 {
				h = 12
			}
			b = pad(b, int64(h), k.width)
		case 'H':
			b = pad(b, int64(c.Hour()), k.width)
		case 'm':
			b = pad(b, int64(c.Minute()), k.width)
		case 'M':
			b = pad(b, int64(c.Month()), k.width)
		case 's':
			b = pad(b, int64(c.Second()), k.width)
		case 'y':
			y := int64(c.Year())
			if k.width <= 2 {
				y %= 100
			}
			b = pad(b, y, k.width)
		case 't':
			ampm := "AM"
			if c.Hour() >= 12 {
				ampm = "PM"
			}
			b = append(b, ampm[:k.width]...)
		}
	}
	return string(b)
}

func formatTimespan(toks []fmtTok, t int64) string {
	var b []byte
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	frac := t % tps
	secs := t / tps
	for _, k := range toks {
		switch k.letter {
		case 0:
			b = append(b, k.text...)
		case 'd':
			b = pad(b, secs/86400, k.width)
		case 'h', 'H':
			b = pad(b, secs/3600%24, k.width)
		case 'm':
			b = pad(b, secs/60%60, k.width)
		case 's':
			b = pad(b, secs%60, k.width)
		case 'f', 'F':
			b = appendFrac(b, frac, k.width, k.letter == 'F')
		}
	}
	return string(b)
}

func bindFormat(name string, want kind, widths map[byte]int,
	render func([]fmtTok, int64) string) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs(name, args, ks(want, kStr), 0, false); err != nil {
			return value.Invalid, nil, err
		}
		var fixedToks []fmtTok
		if f, ok := constStr(args[1]); ok {
			toks, err := parseFormat(f, widths)
			if err != nil {
				return value.Invalid, nil, errBadConst(name, 1, err.Error())
			}
			fixedToks = toks
		}
		return tString, func(_ *Env, a []value.Value) value.Value {
			t, ok := argTicks(a[0])
			if !ok {
				return str("")
			}
			toks := fixedToks
			if toks == nil {
				var err error
				if toks, err = parseFormat(argStr(a[1]), widths); err != nil {
					return str("")
				}
			}
			return str(render(toks, t))
		}, nil
	}
}

func init() {
	register(bindFormat("format_datetime", kDate, dateSpecWidth, formatDateTime),
		"format_datetime")
	register(bindFormat("format_timespan", kSpan, spanSpecWidth, formatTimespan),
		"format_timespan")
}

// FormatDateTime renders ticks as format_datetime does.
func FormatDateTime(t int64, format string) (string, error) {
	toks, err := parseFormat(format, dateSpecWidth)
	if err != nil {
		return "", err
	}
	return formatDateTime(toks, t), nil
}

// FormatTimespan renders ticks as format_timespan does.
func FormatTimespan(t int64, format string) (string, error) {
	toks, err := parseFormat(format, spanSpecWidth)
	if err != nil {
		return "", err
	}
	return formatTimespan(toks, t), nil
}
