// Package ruletest is kqlhunt's behaviour-test format and its runner: small
// YAML files that say "these events in, this rule or query, at this time,
// these rows out", runnable without writing Go, in the spirit of
// promtool's rule tests. `kqlhunt test` runs them; the rules' tests sit
// beside the rules as NAME.test.yaml.
//
// A file:
//
//	rule: T1119                  # default for its tests: a built-in id or a rule file
//	now: 2025-03-14T12:00:00Z    # default 'now' (RFC 3339) or "latest"
//	exclusions: tuning.yaml      # optional: an exclusions file applied before the query
//	watchlists: watchlists/      # optional: a folder of watchlist CSVs for _GetWatchlist
//	defaults:                    # optional: column values every inline row starts from
//	  DeviceProcessEvents: {DeviceName: wks-01.contoso.example, AccountName: alice}
//	tests:
//	  - name: dir /s over documents fires
//	    events:
//	      - rows:                # inline rows (table: DeviceProcessEvents by default)
//	          - {FileName: cmd.exe, ProcessCommandLine: 'cmd.exe /c dir /s /b *.docx'}
//	      - text: |              # any input format kqlhunt reads, as text
//	          <Event>...</Event>
//	      - file: ../../testdata/x.evtx   # a file or folder, relative to this file
//	    expect:                  # the rows out: a subset of columns per row;
//	      - {FileName: cmd.exe, AutoColl_RecursiveSearch: true}   # [] means none
//	    ordered: false           # true: rows must come in this order
//	    columns: [Timestamp:datetime, FileName]  # optional: the result columns,
//	                             # in order (a type after the colon is checked too)
//	    suppressed: {backup-agents: 1}   # optional: events each exclusion removed
//
// A test may give query: instead of rule: (a datatable inside the query
// needs no events), or error: with a fragment of the compile error it
// expects. Without now:, 'now' is the newest Timestamp of the test's
// events, or 2000-01-01T00:00:00Z when they have none. File paths are
// relative to the test file. Rules, queries and
// paths set on a test override the file's defaults; `exclusions: none`
// switches the file's exclusions off for one test.
package ruletest

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is one parsed test file.
type File struct {
	// Name is how the file is shown: its path, or builtin:NAME.
	Name string `yaml:"-"`

	Rule       string                    `yaml:"rule"`
	Query      string                    `yaml:"query"`
	Now        string                    `yaml:"now"`
	Exclusions string                    `yaml:"exclusions"`
	Watchlists string                    `yaml:"watchlists"`
	Defaults   map[string]map[string]any `yaml:"defaults"`
	Tests      []*Test                   `yaml:"tests"`
}

// Test is one behaviour test.
type Test struct {
	Name       string  `yaml:"name"`
	Rule       string  `yaml:"rule"`
	Query      string  `yaml:"query"`
	Now        string  `yaml:"now"`
	Exclusions string  `yaml:"exclusions"`
	Watchlists string  `yaml:"watchlists"`
	Events     []Input `yaml:"events"`
	// Expect is nil when the test states no rows (then Error must be set);
	// an empty list means the rule must not alert.
	Expect     *[]map[string]any `yaml:"expect"`
	Ordered    bool              `yaml:"ordered"`
	Columns    []string          `yaml:"columns"`
	Suppressed map[string]int    `yaml:"suppressed"`
	Error      string            `yaml:"error"`
	// Note says why the outcome is what it is; shown on failure.
	Note string `yaml:"note"`

	// Line is the test's line in its file.
	Line int `yaml:"-"`
}

// Input is one source of events for a test: inline rows, text in any
// supported input format, or a file or folder.
type Input struct {
	Table string           `yaml:"table"`
	Rows  []map[string]any `yaml:"rows"`
	Text  string           `yaml:"text"`
	File  string           `yaml:"file"`
}

// Parse reads a test file. name is how it is shown in results.
func Parse(data []byte, name string) (*File, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	f := &File{Name: name}
	if err := strictDecode(&doc, f); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(f.Tests) == 0 {
		return nil, fmt.Errorf("%s: no tests", name)
	}
	lines := testLines(&doc)
	seen := map[string]int{}
	for i, t := range f.Tests {
		if i < len(lines) {
			t.Line = lines[i]
		}
		if err := f.check(t); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, t.Line, err)
		}
		if prev, dup := seen[t.Name]; dup {
			return nil, fmt.Errorf("%s:%d: test %q already defined at line %d", name,
				t.Line, t.Name, prev)
		}
		seen[t.Name] = t.Line
	}
	return f, nil
}

// strictDecode decodes node into v, rejecting unknown keys so a typo in a
// test file is an error rather than a silently ignored expectation.
func strictDecode(node *yaml.Node, v any) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(node); err != nil {
		return err
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	return dec.Decode(v)
}

// testLines returns the line of each item of the top-level tests list.
func testLines(doc *yaml.Node) []int {
	if len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "tests" {
			var out []int
			for _, t := range m.Content[i+1].Content {
				out = append(out, t.Line)
			}
			return out
		}
	}
	return nil
}

// check validates one test against its file's defaults.
func (f *File) check(t *Test) error {
	if strings.TrimSpace(t.Name) == "" {
		return fmt.Errorf("test without a name")
	}
	rule, query := f.subject(t)
	if rule == "" && query == "" {
		return fmt.Errorf("test %q names no rule and no query", t.Name)
	}
	if t.Expect == nil && t.Error == "" {
		return fmt.Errorf("test %q states no expectation (expect: rows, expect: [] for "+
			"none, or error:)", t.Name)
	}
	if t.Expect != nil && t.Error != "" {
		return fmt.Errorf("test %q expects both rows and an error", t.Name)
	}
	for i, in := range t.Events {
		n := 0
		for _, set := range []bool{in.Rows != nil, in.Text != "", in.File != ""} {
			if set {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("test %q: events[%d] needs exactly one of rows, text, file",
				t.Name, i)
		}
	}
	return nil
}

// subject returns the rule and query a test runs: the test's own, else the
// file's. A test's query overrides the file's rule and vice versa.
func (f *File) subject(t *Test) (rule, query string) {
	switch {
	case t.Rule != "" || t.Query != "":
		return t.Rule, t.Query
	}
	return f.Rule, f.Query
}

// setting returns the test's value for a per-test setting, else the file's;
// "none" clears it.
func setting(test, file string) string {
	v := file
	if test != "" {
		v = test
	}
	if strings.EqualFold(v, "none") {
		return ""
	}
	return v
}
