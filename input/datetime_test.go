package input

import (
	"errors"
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in        string
		want      string // Kusto rendering; "" for an error
		ambiguous bool
	}{
		{"2025-03-14T09:26:53.4461234Z", "2025-03-14T09:26:53.4461234Z", false},
		{"2023-10-18T10:34:50.770896Z", "2023-10-18T10:34:50.7708960Z", false},
		{"2025-03-14T09:26:53Z", "2025-03-14T09:26:53.0000000Z", false},
		{"2025-03-14 09:26:53.441", "2025-03-14T09:26:53.4410000Z", false},
		{"2025-03-14T10:26:53.5+01:00", "2025-03-14T09:26:53.5000000Z", false},
		{"2019-07-19T14:49:51.996250000Z", "2019-07-19T14:49:51.9962500Z", false},
		{"3/14/2025, 9:26:53.446 AM", "2025-03-14T09:26:53.4460000Z", false},
		{"3/4/2025, 12:05:00.000 AM", "2025-03-04T00:05:00.0000000Z", false},
		{"3/4/2025, 12:05:00.000 PM", "2025-03-04T12:05:00.0000000Z", false},
		{"12/31/2024, 11:59:59.999 PM", "2024-12-31T23:59:59.9990000Z", false},
		{"14/03/2025 09:26:53", "2025-03-14T09:26:53.0000000Z", false},
		{"03/14/2025 09:26:53", "2025-03-14T09:26:53.0000000Z", false},
		{"03/04/2025 09:26:53", "", true},
		{"3/4/2025", "", true},
		{"2/30/2025, 1:00:00 AM", "", false},
		{"2025-02-30T00:00:00Z", "", false},
		{"13/14/2025 10:00:00", "", false},
		{"yesterday", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		ticks, err := ParseDateTime([]byte(tc.in))
		got := ""
		if err == nil {
			got = value.NewDateTimeTicks(ticks).Text()
		}
		if got != tc.want {
			t.Errorf("ParseDateTime(%q) = %q (%v), want %q", tc.in, got, err, tc.want)
		}
		if errors.Is(err, ErrAmbiguousDate) != tc.ambiguous {
			t.Errorf("ParseDateTime(%q): ambiguous = %v, want %v", tc.in, err, tc.ambiguous)
		}
	}
}

func TestUnescape(t *testing.T) {
	tests := map[string]string{
		`plain`:           "plain",
		`C:\\Windows\\x`:  `C:\Windows\x`,
		`say \"hi\"`:      `say "hi"`,
		`\u00ae\n\t`:      "\u00ae\n\t",
		`\ud83d\ude00`:    "\U0001F600",
		`\ud800 lone`:     "\uFFFD lone",
		`bad \q and \u12`: `bad \q and \u12`,
		`trailing \`:      `trailing \`,
	}
	for in, want := range tests {
		if got := unescape([]byte(in)); got != want {
			t.Errorf("unescape(%q) = %q, want %q", in, got, want)
		}
	}
}
