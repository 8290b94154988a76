package ruletest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/tuning"
	"github.com/kqlhunt/kqlhunt/value"
)

// fakeEngine stands in for the KQL engine: the query "match WORD" returns
// the DeviceProcessEvents rows whose ProcessCommandLine contains WORD,
// projected to DeviceName, FileName, ProcessCommandLine, and a bool column
// Late (Timestamp after now - 1h). Anything else fails to compile.
type fakeEngine struct{}

type fakeQuery struct{ word string }

var fakeCols = []schema.Column{{Name: "Timestamp", Type: value.DateTime},
	{Name: "DeviceName", Type: value.String}, {Name: "FileName", Type: value.String},
	{Name: "ProcessCommandLine", Type: value.String}}

func (fakeEngine) Compile(name, text string, _ *tuning.Watchlists) (Query, error) {
	w, ok := strings.CutPrefix(strings.TrimSpace(text), "match ")
	if !ok {
		return nil, errors.New(name + ":1:1: unknown operator")
	}
	return fakeQuery{w}, nil
}

func (q fakeQuery) Tables() []TableUse {
	return []TableUse{{Name: "DeviceProcessEvents", Columns: fakeCols}}
}

func (q fakeQuery) Run(_ context.Context, now time.Time, tables map[string][][]value.Value) (
	[]schema.Column, [][]value.Value, error) {
	cols := append(fakeCols[1:4:4], schema.Column{Name: "Late", Type: value.Bool})
	var out [][]value.Value
	for _, r := range tables["DeviceProcessEvents"] {
		if strings.Contains(r[3].Str(), q.word) {
			late := r[0].Time().After(now.Add(-time.Hour))
			out = append(out, []value.Value{r[1], r[2], r[3], value.NewBool(late)})
		}
	}
	return cols, out, nil
}

const testFile = `
query: match copy
now: 2025-03-14T12:00:00Z
exclusions: excl.yaml
defaults:
  DeviceProcessEvents: {Timestamp: 2025-03-14T11:30:00Z, DeviceName: wks-01}
tests:
  - name: one match
    events:
      - rows:
          - {FileName: cmd.exe, ProcessCommandLine: 'cmd /c copy a b'}
          - {FileName: cmd.exe, ProcessCommandLine: 'cmd /c dir'}
    expect:
      - {FileName: cmd.exe, Late: true}
  - name: none
    events:
      - rows: [{FileName: cmd.exe, ProcessCommandLine: dir}]
    expect: []
  - name: unordered by default
    events:
      - rows:
          - {FileName: a.exe, ProcessCommandLine: copy 1}
          - {FileName: b.exe, ProcessCommandLine: copy 2, Timestamp: 2025-03-14T09:00:00Z}
    expect:
      - {FileName: b.exe, Late: false}
      - {FileName: a.exe}
  - name: excluded by the file's exclusions
    events:
      - rows:
          - {FileName: robocopy.exe, ProcessCommandLine: robocopy x y /e,
             InitiatingProcessFolderPath: 'c:\program files\veeam\agent.exe'}
    expect: []
    suppressed: {veeam: 1}
  - name: exclusions switched off
    exclusions: none
    events:
      - rows:
          - {FileName: robocopy.exe, ProcessCommandLine: robocopy x y /e,
             InitiatingProcessFolderPath: 'c:\program files\veeam\agent.exe'}
    expect: [{FileName: robocopy.exe}]
  - name: latest now
    now: latest
    events:
      - rows: [{ProcessCommandLine: copy, Timestamp: 2020-01-01T00:00:00Z}]
    expect: [{Late: true}]
  - name: compile error expected
    query: nonsense
    error: unknown operator
  - name: rule file with threshold
    rule: rules/two.yaml
    events:
      - rows: [{ProcessCommandLine: copy}]
    expect: []
`

const exclFile = `
exclusions:
  - id: veeam
    rules: ["*"]
    when:
      - {column: InitiatingProcessFolderPath, startswith: 'c:\program files\veeam\'}
    reason: backup
`

const ruleFile = `
id: 00000000-0000-0000-0000-000000000002
name: two or more
query: match copy
triggerOperator: gt
triggerThreshold: 1
`

func suiteFS(t *testing.T, text string) Suite {
	t.Helper()
	fsys := fstest.MapFS{
		"t/a.test.yaml":      {Data: []byte(text)},
		"t/excl.yaml":        {Data: []byte(exclFile)},
		"t/rules/two.yaml":   {Data: []byte(ruleFile)},
		"t/other/x.test.yml": {Data: []byte("query: match x\ntests: [{name: n, expect: []}]\n")},
	}
	suites, err := LoadFS(fsys, ".", "fs:")
	if err != nil {
		t.Fatal(err)
	}
	if len(suites) != 2 {
		t.Fatalf("%d suites, want 2", len(suites))
	}
	return suites[0]
}

func TestRunnerPasses(t *testing.T) {
	s := suiteFS(t, testFile)
	rn := &Runner{Engine: fakeEngine{}}
	for _, r := range rn.RunFile(context.Background(), s.File, s.Dir) {
		if !r.Passed {
			t.Errorf("%s (line %d) failed:\n%s", r.Name(), r.Line, r.Failure)
		}
	}
}

func TestRunnerFailures(t *testing.T) {
	cases := []struct {
		name, test string
		want       []string
	}{
		{"missing and unexpected", `
  - name: t
    events: [{rows: [{FileName: cmd.exe, ProcessCommandLine: copy}]}]
    expect: [{FileName: xcopy.exe}]`,
			[]string{"rows differ (expected 1 row, got 1 row)", `- {FileName: "xcopy.exe"}`,
				`+ {FileName: "cmd.exe"}`}},
		{"no rows expected", `
  - name: t
    events: [{rows: [{FileName: cmd.exe, ProcessCommandLine: copy}]}]
    expect: []`,
			[]string{"expected 0 rows, got 1", `ProcessCommandLine: "copy"`}},
		{"ordered", `
  - name: t
    ordered: true
    events:
      - rows: [{FileName: a, ProcessCommandLine: copy}, {FileName: b, ProcessCommandLine: copy}]
    expect: [{FileName: b}, {FileName: a}]`,
			[]string{"in order", "row 1:", `- {FileName: "b"}`, `+ {FileName: "a"}`}},
		{"unknown result column", `
  - name: t
    events: [{rows: [{ProcessCommandLine: copy}]}]
    expect: [{Nope: 1}]`, []string{"expect names column Nope"}},
		{"unknown source column", `
  - name: t
    events: [{rows: [{FileNam: x}]}]
    expect: []`, []string{"table DeviceProcessEvents has no column FileNam"}},
		{"suppressed count", `
  - name: t
    events: [{rows: [{ProcessCommandLine: dir}]}]
    expect: []
    suppressed: {veeam: 2}`, []string{"suppressed: expected veeam=2, got none"}},
		{"bad value", `
  - name: t
    events: [{rows: [{ProcessId: abc}]}]
    expect: []`, []string{"ProcessId: want an integer"}},
		{"compiles though error expected", `
  - name: t
    error: boom
    events: []`, []string{"the query compiled"}},
		{"text without decoder", `
  - name: t
    events: [{text: "<Event/>"}]
    expect: []`, []string{"need kqlhunt's input decoders"}},
		{"unknown rule", `
  - name: t
    rule: T0000
    expect: []`, []string{"T0000: neither a built-in rule nor a readable file"}},
	}
	head := "query: match copy\nnow: 2025-03-14T12:00:00Z\nexclusions: excl.yaml\ntests:"
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := suiteFS(t, head+c.test+"\n")
			rs := (&Runner{Engine: fakeEngine{}}).RunFile(context.Background(), s.File, s.Dir)
			if len(rs) != 1 || rs[0].Passed {
				t.Fatalf("want one failure, got %+v", rs)
			}
			for _, w := range c.want {
				if !strings.Contains(rs[0].Failure, w) {
					t.Errorf("failure lacks %q:\n%s", w, rs[0].Failure)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"tests: []", "no tests"},
		{"tests: [{name: a, expect: []}]", "names no rule and no query"},
		{"query: x\ntests: [{name: a}]", "states no expectation"},
		{"query: x\ntests: [{name: a, expect: [], error: e}]", "both rows and an error"},
		{"query: x\ntests: [{name: a, expect: []}, {name: a, expect: []}]", "already defined"},
		{"query: x\ntests: [{name: a, expect: [], events: [{}]}]", "exactly one of"},
		{"query: x\ntests: [{name: a, expext: []}]", "field expext not found"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.text), "f.test.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want %q", c.text, err, c.want)
		}
	}
}

func TestReport(t *testing.T) {
	rs := []Result{
		{File: "rules/T1119.test.yaml", Test: "a", Line: 3, Passed: true},
		{File: "rules/T1119.test.yaml", Test: "b", Line: 9, Failure: "expected 1 row, got 0\n"},
	}
	var out bytes.Buffer
	for _, r := range rs {
		WriteResult(&out, r)
	}
	WriteSummary(&out, rs)
	want := "--- PASS: T1119/a (0.00s)\n--- FAIL: T1119/b (0.00s)\n" +
		"    rules/T1119.test.yaml:9\n    expected 1 row, got 0\n1 passed, 1 failed\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	if err := WriteJUnit(&out, rs); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`<testsuites tests="2" failures="1"`,
		`<testsuite name="rules/T1119.test.yaml" tests="2" failures="1"`,
		`<testcase name="b" classname="T1119"`, `<failure message="expected 1 row, got 0">`} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("JUnit lacks %q:\n%s", w, out.String())
		}
	}
}

func TestMatches(t *testing.T) {
	ts := value.NewDateTime(time.Date(2025, 3, 14, 9, 26, 53, 441e6, time.UTC))
	dyn, _ := value.ParseJSON(`{"a":1,"b":[1,2]}`)
	cases := []struct {
		want any
		got  value.Value
		ok   bool
	}{
		{"x", value.NewString("x"), true},
		{"X", value.NewString("x"), false},
		{nil, value.NewString(""), true},
		{true, value.NewBool(true), true},
		{"false", value.NewBool(true), false},
		{42, value.NewLong(42), true},
		{1.5, value.NewReal(1.5), true},
		{"2025-03-14T09:26:53.441Z", ts, true},
		{"2025-03-14 09:26:53.441", ts, true},
		{"2025-03-14T09:26:53Z", ts, false},
		{map[string]any{"b": []any{1, 2}, "a": 1}, dyn, true},
		{`{"a":1,"b":[1,2]}`, dyn, true},
		{nil, value.Null(value.Long), true},
	}
	for _, c := range cases {
		if got := matches(c.want, c.got); got != c.ok {
			t.Errorf("matches(%v, %s) = %v, want %v", c.want, c.got.Text(), got, c.ok)
		}
	}
}

func TestResultName(t *testing.T) {
	r := Result{File: "builtin:tests/T1119-extended.test.yaml", Test: "x"}
	if r.Name() != "T1119-extended/x" {
		t.Errorf("Name = %s", r.Name())
	}
}

var _ = rules.Builtin

// benchRows returns n expected rows and the same rows returned in
// reverse order.
func benchRows(n int) ([]map[string]any, []schema.Column, [][]value.Value) {
	cols := []schema.Column{{Name: "N", Type: value.Long}, {Name: "S", Type: value.String}}
	want := make([]map[string]any, n)
	rows := make([][]value.Value, n)
	for i := range n {
		want[i] = map[string]any{"N": i, "S": "x"}
		rows[n-1-i] = []value.Value{value.NewLong(int64(i)), value.NewString("x")}
	}
	return want, cols, rows
}

func TestDiskSuiteAndColumns(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"rules/copy.test.yaml": `
rule: ../r/copy.yaml
exclusions: ../x/excl.yaml
tests:
  - name: columns checked, now from the events
    events: [{rows: [{Timestamp: 2025-01-01T10:00:00Z, ProcessCommandLine: copy}]}]
    columns: [DeviceName:string, FileName, ProcessCommandLine, Late:bool]
    expect: [{Late: true}]
  - name: wrong columns
    events: [{rows: [{ProcessCommandLine: copy}]}]
    columns: [DeviceName:long]
    expect: [{FileName: ""}]
`,
		"r/copy.yaml":  "id: x\nname: copy\nquery: match copy\n",
		"x/excl.yaml":  exclFile,
		"r/other.yaml": "not a test",
		"rules/n.yaml": "also not a test",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	suites, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(suites) != 1 {
		t.Fatalf("%d suites, want 1", len(suites))
	}
	rs := (&Runner{Engine: fakeEngine{}}).Run(context.Background(), suites, nil)
	if len(rs) != 2 || !rs[0].Passed {
		t.Fatalf("results %+v", rs)
	}
	if rs[1].Passed || !strings.Contains(rs[1].Failure, "columns: expected [DeviceName:long]") {
		t.Errorf("wrong columns: %s", rs[1].Failure)
	}
	sel := Select(suites, regexp.MustCompile("wrong"))
	if len(sel) != 1 || len(sel[0].File.Tests) != 1 {
		t.Errorf("Select kept %+v", sel)
	}
}
