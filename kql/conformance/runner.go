// Package conformance runs the KQL conformance cases of
// ../shared/kql/conformance/*.jsonl through the engine and reports, per
// feature tag, how many pass. Each case carries its own input (datatable,
// print, range, let); expected cells are compared by type (compare.go).
package conformance

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Case is one conformance case, in the union of the files' formats.
type Case struct {
	ID               string            `json:"id"`
	Query            string            `json:"query"`
	ExpectedColumns  []string          `json:"expected_columns"`
	ExpectedTypes    []string          `json:"expected_types"`
	ExpectedRows     []json.RawMessage `json:"expected_rows"`
	RowOrder         string            `json:"row_order"`
	Nondeterministic bool              `json:"nondeterministic"`
	ExpectedError    bool              `json:"expected_error"`
	RowsComplete     *bool             `json:"rows_complete"`
	ExpectedRowCount *int              `json:"expected_row_count"`
	Features         []string          `json:"features"`
	Category         string            `json:"category"`
	DocSuspect       bool              `json:"doc_suspect"`
}

// format tells how a file writes its cells.
type format int

const (
	formatKustainer format = iota // strings unquoted, True/False, pretty JSON
	formatEmulator                // JSON-typed values
	formatDocs                    // the text of a docs table
)

func formatOf(c *Case) format {
	switch {
	case strings.HasPrefix(c.ID, "emulator:"):
		return formatEmulator
	case strings.HasPrefix(c.ID, "docs:"):
		return formatDocs
	}
	return formatKustainer
}

// now is the fixed now() of conformance runs; cases using now() are
// marked nondeterministic and compare schemas only.
var now = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// stormEvents is the schema of the docs' StormEvents sample table.
var stormEvents = []schema.Column{
	{Name: "StartTime", Type: value.DateTime}, {Name: "EndTime", Type: value.DateTime},
	{Name: "EpisodeId", Type: value.Int}, {Name: "EventId", Type: value.Int},
	{Name: "State", Type: value.String}, {Name: "EventType", Type: value.String},
	{Name: "InjuriesDirect", Type: value.Int}, {Name: "InjuriesIndirect", Type: value.Int},
	{Name: "DeathsDirect", Type: value.Int}, {Name: "DeathsIndirect", Type: value.Int},
	{Name: "DamageProperty", Type: value.Int}, {Name: "DamageCrops", Type: value.Int},
	{Name: "Source", Type: value.String}, {Name: "BeginLocation", Type: value.String},
	{Name: "EndLocation", Type: value.String}, {Name: "BeginLat", Type: value.Real},
	{Name: "BeginLon", Type: value.Real}, {Name: "EndLat", Type: value.Real},
	{Name: "EndLon", Type: value.Real}, {Name: "EpisodeNarrative", Type: value.String},
	{Name: "EventNarrative", Type: value.String}, {Name: "StormSummary", Type: value.Dynamic},
}

// caseTimeout bounds one case.
const caseTimeout = 10 * time.Second

// Result is the verdict on one case.
type Result struct {
	ID       string
	Features []string
	Pass     bool
	Reason   string // why it failed
	// Nondeterministic is set when only the schema was compared.
	Nondeterministic bool
}

// excludedTags are the feature tags of the emulator file outside the
// engine's scope; the report gives the rate without them separately.
var excludedTags = map[string]bool{"geo": true, "series": true, "plugin": true, "ipv4/ipv6": true}

// RunCases runs cases and returns a verdict for each.
func RunCases(cases []*Case) []Result {
	out := make([]Result, 0, len(cases))
	for _, c := range cases {
		r := Result{ID: c.ID, Features: c.Features, Nondeterministic: c.Nondeterministic}
		r.Pass, r.Reason = runCase(c)
		out = append(out, r)
	}
	return out
}

func runCase(c *Case) (pass bool, reason string) {
	defer func() {
		if p := recover(); p != nil {
			pass, reason = false, fmt.Sprintf("panic: %v", p)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
	defer cancel()
	var tables map[string]*kql.Table
	if c.Category == "stormevents" {
		// The docs' StormEvents data is not here: check parsing and the
		// result schema over an empty table.
		tables = map[string]*kql.Table{"StormEvents": {Columns: stormEvents}}
		cc := *c
		cc.Nondeterministic = true
		c = &cc
	}
	res, err := kql.Eval(ctx, c.Query, tables, now)
	if c.ExpectedError {
		if err != nil {
			return true, ""
		}
		return false, "expected an error, got a result"
	}
	if err != nil {
		return false, "error: " + firstLine(err.Error())
	}
	return compareResult(c, formatOf(c), res)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// ReadCases reads a JSONL case file.
func ReadCases(path string) ([]*Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []*Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		c := &Case{}
		if err := json.Unmarshal([]byte(text), c); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", filepath.Base(path), line, err)
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

// Run runs the cases of one file and writes a report to w: pass counts per
// feature tag, the failure reasons by frequency, and a last line
// "N passed, N failed".
func Run(path string, w io.Writer) (passed, failed int, err error) {
	cases, err := ReadCases(path)
	if err != nil {
		return 0, 0, err
	}
	if len(cases) == 0 {
		return 0, 0, fmt.Errorf("%s: no cases", path)
	}
	results := RunCases(cases)
	Report(w, filepath.Base(path), results)
	for _, r := range results {
		if r.Pass {
			passed++
		} else {
			failed++
		}
	}
	return passed, failed, nil
}

// Report writes the per-feature table and failure reasons.
func Report(w io.Writer, name string, results []Result) {
	type tally struct{ pass, total int }
	byFeature := map[string]*tally{}
	reasons := map[string]int{}
	passed := 0
	for _, r := range results {
		feats := r.Features
		if len(feats) == 0 {
			feats = []string{"(untagged)"}
		}
		for _, f := range feats {
			t := byFeature[f]
			if t == nil {
				t = &tally{}
				byFeature[f] = t
			}
			t.total++
			if r.Pass {
				t.pass++
			}
		}
		if r.Pass {
			passed++
		} else {
			reasons[reasonKey(r.Reason)]++
		}
	}
	names := make([]string, 0, len(byFeature))
	for f := range byFeature {
		names = append(names, f)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%s: %d cases\n", name, len(results))
	for _, f := range names {
		t := byFeature[f]
		fmt.Fprintf(w, "  %-28s %4d/%-4d %3.0f%%\n", f, t.pass, t.total,
			100*float64(t.pass)/float64(t.total))
	}
	type kv struct {
		k string
		n int
	}
	var rs []kv
	for k, n := range reasons {
		rs = append(rs, kv{k, n})
	}
	sort.Slice(rs, func(i, j int) bool {
		return rs[i].n > rs[j].n || rs[i].n == rs[j].n && rs[i].k < rs[j].k
	})
	if len(rs) > 0 {
		fmt.Fprintf(w, "  failures by reason:\n")
	}
	for i, r := range rs {
		if i == 40 {
			fmt.Fprintf(w, "    ... %d more reasons\n", len(rs)-i)
			break
		}
		fmt.Fprintf(w, "    %4d  %s\n", r.n, r.k)
	}
	writeRates(w, results)
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, len(results)-passed)
}

// writeRates writes the pass rate over the deterministic cases (expected
// errors included) and over those not tagged with an excluded tag.
func writeRates(w io.Writer, results []Result) {
	var det, detPass, in, inPass int
	for _, r := range results {
		if r.Nondeterministic {
			continue
		}
		det++
		if r.Pass {
			detPass++
		}
		excluded := false
		for _, f := range r.Features {
			excluded = excluded || excludedTags[f]
		}
		if !excluded {
			in++
			if r.Pass {
				inPass++
			}
		}
	}
	fmt.Fprintf(w, "deterministic: %d/%d %s\n", detPass, det, percent(detPass, det))
	fmt.Fprintf(w, "excluding geo/series/plugin/ipv4/ipv6: %d/%d %s\n", inPass, in,
		percent(inPass, in))
}

func percent(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

// reasonKey shortens a failure reason for grouping: positions and values
// are dropped, unsupported features and unknown names are kept.
func reasonKey(s string) string {
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "error: ") {
		rest := s[len("error: "):]
		// drop "line:col: "
		if j := strings.Index(rest, ": "); j >= 0 && j < 10 {
			rest = rest[j+2:]
		}
		if k := strings.Index(rest, " (and "); k >= 0 {
			rest = rest[:k]
		}
		return "error: " + rest
	}
	if i := strings.Index(s, ":"); i >= 0 && strings.HasPrefix(s, "row") {
		return "wrong values"
	}
	return s
}
