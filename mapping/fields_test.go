package mapping_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/value"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"7344", 7344, true}, {"0x1cb0", 7344, true}, {"0x00000000000003d0", 976, true},
		{"0X3E7", 999, true}, {" 12 ", 12, true}, {"", 0, false}, {"-", 0, false},
		{"0xzz", 0, false}, {"abc", 0, false},
	}
	for _, tc := range tests {
		got, ok := mapping.ParseNumber(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseNumber(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC3339Nano, "" when invalid
	}{
		{"2019-07-19 14:49:51.971", "2019-07-19T14:49:51.971Z"},
		{"2019-07-19T14:49:51.996250000Z", "2019-07-19T14:49:51.99625Z"},
		{"2025-03-14T09:26:53.4452210Z", "2025-03-14T09:26:53.445221Z"},
		{"2018-07-28 07:24:45.754787 UTC", "2018-07-28T07:24:45.754787Z"},
		{"2025-03-14T10:26:53+01:00", "2025-03-14T09:26:53Z"},
		{"14/03/2025", ""}, {"", ""},
	}
	for _, tc := range tests {
		got, ok := mapping.ParseTime(tc.in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339Nano)
		}
		if s != tc.want {
			t.Errorf("ParseTime(%q) = %q, want %q", tc.in, s, tc.want)
		}
	}
}

func TestLabels(t *testing.T) {
	levels := map[string]string{"S-1-16-4096": "Low", "S-1-16-8192": "Medium",
		"S-1-16-12288": "High", "S-1-16-16384": "System", "bogus": ""}
	for in, want := range levels {
		if got := mapping.IntegrityLevel(in); got != want {
			t.Errorf("IntegrityLevel(%q) = %q, want %q", in, got, want)
		}
	}
	tokens := map[string]string{"%%1936": "TokenElevationTypeDefault",
		"%%1937": "TokenElevationTypeFull", "%%1938": "TokenElevationTypeLimited",
		"TokenElevationTypeLimited (3)": "TokenElevationTypeLimited"}
	for in, want := range tokens {
		if got := mapping.TokenElevation(in); got != want {
			t.Errorf("TokenElevation(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMerger(t *testing.T) {
	at := func(ms int) time.Time { return time.Date(2021, 12, 7, 17, 33, 1, ms*1e6, time.UTC) }
	row := func(cmd, tok string) []value.Value {
		return []value.Value{value.NewString(cmd), value.NewString(tok)}
	}
	var m mapping.Merger
	m.Add(mapping.ProcessKey{Host: "h", PID: 10, Time: at(0)}, true, row("sysmon cmd", ""))
	m.Add(mapping.ProcessKey{Host: "h", PID: 10, Time: at(400)}, false, row("", "Full"))
	m.Add(mapping.ProcessKey{Host: "h", PID: 11, Time: at(0)}, false, row("", "a"))
	m.Add(mapping.ProcessKey{Host: "h", PID: 12, Time: at(0)}, true, row("x", ""))
	m.Add(mapping.ProcessKey{Host: "h", PID: 12, Time: at(0).Add(3 * time.Second)},
		false, row("", "late"))
	m.Add(mapping.ProcessKey{Host: "other", PID: 10, Time: at(0)}, false, row("", "b"))
	rows, merged := m.Finish()
	if merged != 1 || len(rows) != 5 {
		t.Fatalf("merged %d into %d rows, want 1 into 5", merged, len(rows))
	}
	found := false
	for _, r := range rows {
		if r[0].Str() == "sysmon cmd" {
			found = true
			if r[1].Str() != "Full" {
				t.Errorf("gap not filled from 4688: %q", r[1].Str())
			}
		}
	}
	if !found {
		t.Error("merged Sysmon row missing")
	}
}

// TestQuickTime checks the fast reading of times against time.Parse.
func TestQuickTime(t *testing.T) {
	for _, s := range []string{"2025-03-14T09:26:53.4461234Z", "2025-03-14 09:26:53.441",
		"2025-03-14T09:26:53Z", "2024-02-29T23:59:59.999999999Z", "2025-02-29T00:00:00Z",
		"2025-13-01T00:00:00Z", "2025-03-14T24:00:00Z", "2025-03-14T09:26:53.Z",
		"2025-03-14T09:26:53.1234567891Z", "2025-03-14T09:26:53+01:00", "2025-03-14T09:26:5x",
		"0000-01-01T00:00:00Z", "2025-03-14T09:26:53.4461234"} {
		got, gok := mapping.ParseTime(s)
		layout := "2006-01-02T15:04:05.999999999"
		v := strings.Replace(s, " ", "T", 1)
		if strings.HasSuffix(v, "Z") || strings.LastIndexAny(v, "+-") > 10 {
			layout += "Z07:00"
		}
		want, err := time.Parse(layout, v)
		if gok != (err == nil) || gok && !got.Equal(want.UTC()) {
			t.Errorf("ParseTime(%q) = %v, %v; time.Parse: %v, %v", s, got, gok, want, err)
		}
	}
}
