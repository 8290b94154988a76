package ruletest

import (
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/tuning"
	"github.com/kqlhunt/kqlhunt/value"
)

// Runner runs test files.
type Runner struct {
	Engine Engine
	// Decoder reads text and file events; nil makes them an error.
	Decoder Decoder
	// Exclusions, when set, apply to every test in addition to the file's
	// own (kqlhunt test --exclusions).
	Exclusions *tuning.Exclusions
	// Builtin finds a built-in rule by id (default rules.BuiltinByID).
	Builtin func(id string) (*rules.Rule, bool)
	// Clock decides which exclusions have expired (default time.Now).
	Clock func() time.Time
	// Schemas are the tables inline rows may name (default schema.Builtin()).
	Schemas *schema.Set
}

// Result is the outcome of one test.
type Result struct {
	File    string
	Test    string
	Line    int
	Passed  bool
	Failure string // why it failed: a diff or an error
	Elapsed time.Duration
	// Warnings are notes that did not fail the test (expired exclusions).
	Warnings []string
}

// Name is the test's full name: the file's base name and the test name.
func (r *Result) Name() string {
	base := r.File
	if i := strings.LastIndexAny(base, "/\\:"); i >= 0 {
		base = base[i+1:]
	}
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	return strings.TrimSuffix(base, ".test") + "/" + r.Test
}

// RunFile runs every test of a file; dir is the folder it sits in.
func (rn *Runner) RunFile(ctx context.Context, f *File, dir Dir) []Result {
	out := make([]Result, 0, len(f.Tests))
	for _, t := range f.Tests {
		start := time.Now()
		res := Result{File: f.Name, Test: t.Name, Line: t.Line}
		warn, err := rn.runTest(ctx, f, t, dir)
		res.Warnings = warn
		res.Elapsed = time.Since(start)
		if err != nil {
			res.Failure = err.Error()
			if t.Note != "" {
				res.Failure += "note: " + t.Note + "\n"
			}
		} else {
			res.Passed = true
		}
		out = append(out, res)
	}
	return out
}

// failure is a test that ran and did not give what it expected; its text
// is a diff, ending in a newline.
type failure string

func (f failure) Error() string { return string(f) }

func failf(format string, args ...any) error {
	return failure(fmt.Sprintf(format, args...) + "\n")
}

func (rn *Runner) runTest(ctx context.Context, f *File, t *Test, dir Dir) ([]string, error) {
	r, isQuery, err := rn.subject(f, t, dir)
	if err != nil {
		return nil, failf("%v", err)
	}
	excl, warn, err := rn.exclusions(f, t, dir)
	if err != nil {
		return warn, failf("%v", err)
	}
	var lists *tuning.Watchlists
	if wl := setting(t.Watchlists, f.Watchlists); wl != "" {
		d := dir.Sub(wl)
		if lists, err = tuning.LoadWatchlistsFS(d.FS, d.Path); err != nil {
			return warn, failf("watchlists: %v", err)
		}
	} else if tuning.UsesWatchlists(r.Query) {
		return warn, failf("rule %s calls _GetWatchlist; give the test watchlists: DIR", r.ID)
	}
	q, err := rn.Engine.Compile(r.Source, r.Query, lists)
	if t.Error != "" {
		switch {
		case err == nil:
			return warn, failf("expected a compile error containing %q; the query compiled",
				t.Error)
		case !strings.Contains(err.Error(), t.Error):
			return warn, failf("expected a compile error containing %q, got:\n%v", t.Error, err)
		}
		return warn, nil
	}
	if err != nil {
		return warn, failf("rule %s does not compile:\n%v", r.ID, err)
	}
	tables, err := rn.events(ctx, f, t, dir, q.Tables(), excl, r.ID)
	if err != nil {
		return warn, failf("%v", err)
	}
	now, err := testNow(setting(t.Now, f.Now), tables.latest)
	if err != nil {
		return warn, failf("%v", err)
	}
	cols, rows, err := q.Run(ctx, now, tables.rows)
	if err != nil {
		return warn, failf("run: %v", err)
	}
	if !isQuery && !r.Triggered(len(rows)) {
		rows = nil // below the rule's trigger threshold: no alerts
	}
	var diff strings.Builder
	diff.WriteString(checkColumns(t.Columns, cols))
	diff.WriteString(compare(*t.Expect, t.Ordered, cols, rows))
	if t.Suppressed != nil {
		got := excl.Counts()
		if !maps.Equal(got, t.Suppressed) {
			fmt.Fprintf(&diff, "suppressed: expected %s, got %s\n", showCounts(t.Suppressed),
				showCounts(got))
		}
	}
	if diff.Len() > 0 {
		return warn, failure(diff.String())
	}
	return warn, nil
}

func showCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

// subject resolves the rule a test runs: a built-in id, a rule file
// relative to the test file, or a query (isQuery: its rows are compared
// whatever any trigger would say).
func (rn *Runner) subject(f *File, t *Test, dir Dir) (r *rules.Rule, isQuery bool, err error) {
	ruleName, query := f.subject(t)
	if query != "" {
		return &rules.Rule{ID: "query", Name: "query", Kind: "Hunting", Query: query,
			Source: fmt.Sprintf("%s:%d", f.Name, t.Line), TriggerOperator: "gt"}, true, nil
	}
	r, err = rn.ruleNamed(ruleName, dir)
	return r, false, err
}

// ruleNamed finds a rule by built-in id, else as a file relative to dir.
func (rn *Runner) ruleNamed(ruleName string, dir Dir) (*rules.Rule, error) {
	builtin := rn.Builtin
	if builtin == nil {
		builtin = rules.BuiltinByID
	}
	ext := strings.ToLower(path.Ext(ruleName))
	if ext != ".yaml" && ext != ".yml" && ext != ".kql" {
		if r, ok := builtin(ruleName); ok {
			return r, nil
		}
	}
	data, err := dir.ReadFile(ruleName)
	if err != nil {
		return nil, fmt.Errorf("rule %s: neither a built-in rule nor a readable file (%v)",
			ruleName, err)
	}
	if strings.HasSuffix(ruleName, ".kql") {
		id := strings.TrimSuffix(ruleName[strings.LastIndexAny(ruleName, "/\\")+1:], ".kql")
		return &rules.Rule{ID: id, Name: id, Kind: "Hunting", Query: string(data),
			Source: ruleName, TriggerOperator: "gt"}, nil
	}
	r, err := rules.Parse(data, ruleName)
	if err != nil {
		return nil, err
	}
	base := ruleName[strings.LastIndexAny(ruleName, "/\\")+1:]
	r.ID = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	return r, nil
}

// exclusions loads the file's or test's exclusions and merges the
// runner's, with fresh counts.
func (rn *Runner) exclusions(f *File, t *Test, dir Dir) (*tuning.Exclusions, []string, error) {
	clock := rn.Clock
	if clock == nil {
		clock = time.Now
	}
	var x *tuning.Exclusions
	if p := setting(t.Exclusions, f.Exclusions); p != "" {
		data, err := dir.ReadFile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("exclusions: %v", err)
		}
		if x, err = tuning.Parse(data, p, clock()); err != nil {
			return nil, nil, err
		}
	}
	x, err := tuning.Merge(x, rn.Exclusions.Clone())
	if err != nil {
		return nil, nil, err
	}
	if x == nil {
		return nil, nil, nil
	}
	if err := x.Check(rn.schemas()); err != nil {
		return nil, x.Warnings, err
	}
	return x, x.Warnings, nil
}

func (rn *Runner) schemas() *schema.Set {
	if rn.Schemas != nil {
		return rn.Schemas
	}
	return schema.Builtin()
}

// testNow resolves a test's 'now': RFC 3339, or latest (the default): the
// newest Timestamp of its events.
func testNow(s string, latest time.Time) (time.Time, error) {
	if s != "" && !strings.EqualFold(s, "latest") {
		return ParseTime(s)
	}
	if latest.IsZero() {
		return defaultNow, nil
	}
	return latest, nil
}

// defaultNow is 'now' for a test that gives none and whose events have no
// Timestamp (a query over a datatable, say): fixed, so results are too.
var defaultNow = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// checkColumns compares the result columns with a test's columns: list
// (NAME or NAME:TYPE each). It returns "" when they agree.
func checkColumns(want []string, got []schema.Column) string {
	if want == nil {
		return ""
	}
	ok := len(want) == len(got)
	shown := make([]string, len(got))
	for i, c := range got {
		shown[i] = c.Name + ":" + c.Type.String()
		if i >= len(want) {
			continue
		}
		name, typ, typed := strings.Cut(want[i], ":")
		ok = ok && strings.TrimSpace(name) == c.Name &&
			(!typed || strings.TrimSpace(typ) == c.Type.String())
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("columns: expected [%s]\n         got      [%s]\n",
		strings.Join(want, ", "), strings.Join(shown, ", "))
}

// sortedTables returns the names of a table map, sorted (stable messages).
func sortedTables[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var _ = value.Null // rows are []value.Value throughout
