package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

// seedQuery extracts the KQL block of the seed document: from the let
// statement to "| sort by Timestamp desc", without the prose that follows
// it on the same line.
func seedQuery(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(testenv.Shared(t, "seed/000_3a72e532289954b0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "let SensitiveExtensions")
	const last = "| sort by Timestamp desc"
	end := strings.Index(text, last)
	if start < 0 || end < start {
		t.Fatal("seed: query block not found")
	}
	return text[start:end+len(last)] + "\n"
}

func TestBuiltinT1119IsTheSeedVerbatim(t *testing.T) {
	r, ok := BuiltinByID("T1119")
	if !ok {
		t.Fatal("built-in T1119 missing")
	}
	if want := seedQuery(t); r.Query != want {
		t.Errorf("T1119 query differs from the seed:\n got: %q\nwant: %q", r.Query, want)
	}
}

func TestBuiltinT1119Metadata(t *testing.T) {
	r, _ := BuiltinByID("t1119")
	checks := []struct{ name, got, want string }{
		{"GUID", r.GUID, "3a72e532-2899-4b0f-9c41-7d1a6e0b1119"},
		{"Severity", r.Severity, "Medium"},
		{"Kind", r.Kind, "Scheduled"},
		{"Tactic", strings.Join(r.Tactics, ","), "Collection"},
		{"Technique", strings.Join(r.Techniques, ","), "T1119"},
		{"TriggerOperator", r.TriggerOperator, "gt"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if r.QueryFrequency != time.Hour || r.QueryPeriod != 24*time.Hour {
		t.Errorf("frequency/period = %v/%v, want 1h/24h", r.QueryFrequency, r.QueryPeriod)
	}
	if len(r.FalsePositives) != 5 || len(r.References) != 12 {
		t.Errorf("false positives %d, references %d; want 5 and 12",
			len(r.FalsePositives), len(r.References))
	}
	if !r.Triggered(1) || r.Triggered(0) {
		t.Error("trigger must fire on more than 0 rows only")
	}
	// Line 1 of the query sits on the line after "query: |", indented by 2.
	data, _ := BuiltinFile("T1119")
	lines := strings.Split(string(data), "\n")
	line, col := r.FilePosition(1, 1)
	if got := lines[line-1][col-1:]; !strings.HasPrefix(got, "let SensitiveExtensions") {
		t.Errorf("FilePosition(1,1) = %d:%d points at %q", line, col, got)
	}
}

func TestDurations(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		iso  string
	}{
		{"1h", time.Hour, "PT1H"}, {"1d", 24 * time.Hour, "P1D"}, {"5m", 5 * time.Minute, "PT5M"},
		{"PT1H", time.Hour, "PT1H"}, {"P14D", 14 * 24 * time.Hour, "P14D"},
		{"PT5M", 5 * time.Minute, "PT5M"}, {"PT1H30M", 90 * time.Minute, "PT1H30M"},
	}
	for _, c := range cases {
		got, err := ParseDuration(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if iso := FormatISODuration(got); iso != c.iso {
			t.Errorf("FormatISODuration(%v) = %q, want %q", got, iso, c.iso)
		}
	}
	for _, bad := range []string{"1x", "h", "P1X"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) accepted", bad)
		}
	}
}

func TestLoadSharedSentinelRules(t *testing.T) {
	dir := testenv.Shared(t, "sentinel-rules")
	rules, errs := LoadDir(dir)
	for _, err := range errs {
		t.Errorf("load: %v", err)
	}
	if len(rules) < 50 {
		t.Fatalf("loaded %d rules, want the 53 shared ones", len(rules))
	}
	lenient := 0
	for _, r := range rules {
		if len(r.Warnings) > 0 {
			lenient++
		}
		if strings.TrimSpace(r.Query) == "" {
			t.Errorf("%s: empty query", r.Source)
		}
		data, _ := os.ReadFile(r.Source)
		lines := strings.Split(string(data), "\n")
		line, col := r.FilePosition(1, 1)
		if line < 1 || line > len(lines) || col-1 > len(lines[line-1]) {
			t.Errorf("%s: query position %d:%d outside the file", r.Source, line, col)
			continue
		}
		first := strings.SplitN(strings.TrimLeft(r.Query, " "), "\n", 2)[0]
		got := lines[line-1][col-1:]
		if !strings.HasPrefix(strings.TrimLeft(got, " "), strings.TrimSpace(first)) {
			t.Errorf("%s: query line 1 maps to %q, want %q", filepath.Base(r.Source), got, first)
		}
	}
	// The manifest notes one upstream file that is not valid YAML.
	if lenient == 0 {
		t.Error("no rule needed the lenient reader; Regsvr32Rundll32 should")
	}
}

// TestFoldedQueryPositions: in a folded (>) block, several file lines make
// one query line; positions still land on the right file line and column.
func TestFoldedQueryPositions(t *testing.T) {
	src := "name: folded\nquery: >-\n  DeviceProcessEvents\n  | where Nope == 1\n\n" +
		"  | project\n    FileName\nseverity: Low\n"
	r, err := Parse([]byte(src), "folded.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.Query, "DeviceProcessEvents | where Nope == 1\n") {
		t.Fatalf("query = %q", r.Query)
	}
	lines := strings.Split(src, "\n")
	for _, c := range []struct{ line, col int }{{1, 1}, {1, 29}, {2, 3}} {
		fl, fc := r.FilePosition(c.line, c.col)
		ql := strings.Split(r.Query, "\n")[c.line-1]
		want := []rune(ql)[c.col-1]
		if got := []rune(lines[fl-1])[fc-1]; got != want {
			t.Errorf("query %d:%d (%q) maps to %d:%d (%q)", c.line, c.col, want, fl, fc, got)
		}
	}
}
