package kqlengine

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/ruletest"
	"github.com/kqlhunt/kqlhunt/ruletest/atomic"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

var update = flag.Bool("update", false, "rewrite the comparison table in docs/rules/T1119.md")

// compareCommand is the command that produces the table.
const compareCommand = "go test ./ruletest/kqlengine -run TestCompareT1119 -update"

// ruleSet is the two rules compared, compiled.
type ruleSet struct {
	ids  []string
	qs   []ruletest.Query
	cols []schema.Column // union of the columns both read, plus ProcessId
}

func compileBoth(t *testing.T) *ruleSet {
	t.Helper()
	rs := &ruleSet{ids: []string{"T1119", "T1119-extended"}}
	for _, id := range rs.ids {
		r, ok := rules.BuiltinByID(id)
		if !ok {
			t.Fatalf("no built-in rule %s", id)
		}
		q, err := Engine{}.Compile(r.Source, r.Query, nil)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		rs.qs = append(rs.qs, q)
		for _, tu := range q.Tables() {
			for _, c := range tu.Columns {
				if !hasCol(rs.cols, c.Name) {
					rs.cols = append(rs.cols, c)
				}
			}
		}
	}
	tbl, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	for _, name := range []string{"ProcessId", "Timestamp"} {
		if c, ok := tbl.Column(name); ok && !hasCol(rs.cols, name) {
			rs.cols = append(rs.cols, c)
		}
	}
	return rs
}

func hasCol(cols []schema.Column, name string) bool {
	for _, c := range cols {
		if c.Name == name {
			return true
		}
	}
	return false
}

// fires runs rule i over one row (with rs.cols) and reports whether it
// alerts.
func (rs *ruleSet) fires(t *testing.T, i int, row []value.Value, now time.Time) bool {
	t.Helper()
	use := rs.qs[i].Tables()[0]
	proj := make([]value.Value, len(use.Columns))
	for k, c := range use.Columns {
		for j, rc := range rs.cols {
			if rc.Name == c.Name {
				proj[k] = row[j]
			}
		}
	}
	_, out, err := rs.qs[i].Run(context.Background(), now,
		map[string][][]value.Value{use.Name: {proj}})
	if err != nil {
		t.Fatalf("%s: %v", rs.ids[i], err)
	}
	return len(out) > 0
}

// makeRow builds a row with rs.cols from named string or time cells.
func (rs *ruleSet) makeRow(cells map[string]any) []value.Value {
	row := make([]value.Value, len(rs.cols))
	for i, c := range rs.cols {
		row[i] = value.Null(c.Type)
		switch v := cells[c.Name].(type) {
		case string:
			if c.Type == value.String {
				row[i] = value.NewString(v)
			}
		case time.Time:
			row[i] = value.NewDateTime(v)
		}
	}
	return row
}

func (rs *ruleSet) col(row []value.Value, name string) value.Value {
	for i, c := range rs.cols {
		if c.Name == name {
			return row[i]
		}
	}
	return value.Value{}
}

// decodeFile reads DeviceProcessEvents rows of a telemetry file.
func (rs *ruleSet) decodeFile(t *testing.T, path string) [][]value.Value {
	t.Helper()
	got, err := Decoder{}.Decode(context.Background(), ruletest.EventSource{Name: path, Path: path},
		map[string][]schema.Column{"DeviceProcessEvents": rs.cols})
	if err != nil {
		t.Logf("%s: %v", path, err)
	}
	return got["DeviceProcessEvents"]
}

// tally counts outcomes of one rule on one dataset.
type tally struct{ tp, fn, fp, tn, other int }

func (c *tally) add(label string, fired bool) {
	switch {
	case label == "yes" && fired:
		c.tp++
	case label == "yes":
		c.fn++
	case label == "no" && fired:
		c.fp++
	case label == "no":
		c.tn++
	case fired:
		c.other++
	}
}

func (c tally) String() string {
	s := fmt.Sprintf("%d detected, %d missed, %d false positives", c.tp, c.fn, c.fp)
	if c.other > 0 {
		s += fmt.Sprintf(" (+%d on 'depends')", c.other)
	}
	return s
}

func TestCompareT1119(t *testing.T) {
	rs := compileBoth(t)
	var table strings.Builder
	table.WriteString("Produced by `" + compareCommand + "` (shared data from " +
		"`$KQLHUNT_SHARED`, default `../shared`).\n\n")
	table.WriteString("| dataset | unit | " + rs.ids[0] + " (seed) | " + rs.ids[1] + " |\n")
	table.WriteString("|---|---|---|---|\n")
	var details strings.Builder
	compareART(t, rs, &table, &details)
	compareLabels(t, rs, &table, &details)
	compareScenarios(t, rs, &table, &details)
	compareTraps(t, rs, &table)
	out := table.String() + "\n" + details.String()
	t.Log("\n" + out)
	if *update {
		writeTable(t, out)
	}
}

// writeTable replaces the generated part of docs/rules/T1119.md.
func writeTable(t *testing.T, text string) {
	path := filepath.Join("..", "..", "docs", "rules", "T1119.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- begin generated: ", "<!-- end generated -->"
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the generated-table markers", path)
	}
	i += strings.Index(doc[i:], "-->") + len("-->\n")
	doc = doc[:i] + text + doc[j:]
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}

// artFiles are the Atomic Red Team techniques the rules are measured on.
var artFiles = []string{"T1119", "T1560.001", "T1560", "T1005", "T1074.001"}

func compareART(t *testing.T, rs *ruleSet, table, details *strings.Builder) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	details.WriteString("### Atomic Red Team tests (Windows, default arguments, " +
		"launched as Invoke-AtomicTest does)\n\n| test | name | " + rs.ids[0] + " | " +
		rs.ids[1] + " |\n|---|---|---|---|\n")
	var n [2]int
	total := 0
	for _, tech := range artFiles {
		file := testenv.Shared(t, "datasets/atomic-red-team/"+tech+".yaml")
		tests, err := atomic.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range tests {
			total++
			procs := at.Processes()
			var cells [2]string
			for i := range rs.qs {
				var hits []string
				for _, p := range procs {
					parent, parentCmd := "powershell.exe", atomic.Host
					if p.Parent >= 0 {
						parent, parentCmd = procs[p.Parent].FileName, procs[p.Parent].CommandLine
					}
					row := rs.makeRow(map[string]any{"Timestamp": now.Add(-time.Minute),
						"DeviceName": "wks-0733.contoso.example", "AccountName": "bob",
						"FileName": p.FileName, "FolderPath": p.FolderPath,
						"ProcessCommandLine": p.CommandLine, "InitiatingProcessFileName": parent,
						"InitiatingProcessCommandLine": parentCmd})
					if rs.fires(t, i, row, now) {
						hits = append(hits, p.FileName)
					}
				}
				cells[i] = "no"
				if len(hits) > 0 {
					n[i]++
					cells[i] = "**yes** (" + strings.Join(hits, ", ") + ")"
				}
			}
			fmt.Fprintf(details, "| %s | %s | %s | %s |\n", at.ID(), at.Name, cells[0], cells[1])
		}
	}
	details.WriteString("\n")
	fmt.Fprintf(table, "| Atomic Red Team %s | %d Windows tests | %d detected | %d detected |\n",
		strings.Join(artFiles, ", "), total, n[0], n[1])
}

// compareLabels measures both rules on the analyst-labelled events of
// PanacheSysmon_vs_AtomicRedTeam01 and counts their alerts on the whole
// file.
func compareLabels(t *testing.T, rs *ruleSet, table, details *strings.Builder) {
	labels := testenv.Shared(t, "datasets/ground_truth/PanacheSysmon_vs_AtomicRedTeam01.labels.csv")
	xml := testenv.Shared(t, "datasets/derived/PanacheSysmon_vs_AtomicRedTeam01.xml")
	f, err := os.Open(labels)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := rs.decodeFile(t, xml)
	if len(rows) == 0 {
		t.Skip("PanacheSysmon XML gave no rows")
	}
	var latest time.Time
	for _, r := range rows {
		if tm := rs.col(r, "Timestamp").Time(); tm.After(latest) {
			latest = tm
		}
	}
	byPID := map[string][]value.Value{}
	for _, r := range rows {
		byPID[rs.col(r, "ProcessId").Text()+"|"+rs.col(r, "ProcessCommandLine").Str()] = r
	}
	details.WriteString("### Analyst labels, PanacheSysmon_vs_AtomicRedTeam01 " +
		"(ground_truth/…labels.csv)\n\n| record | command line | label | " + rs.ids[0] + " | " +
		rs.ids[1] + " |\n|---|---|---|---|---|\n")
	var c [2]tally
	counts := map[string]int{}
	labelled := map[string]bool{}
	for _, rec := range recs[1:] {
		key := rec[3] + "|" + rec[6]
		row, ok := byPID[key]
		if !ok {
			t.Errorf("labelled record %s not found in the XML", rec[1])
			continue
		}
		labelled[key] = true
		label := strings.Fields(rec[8])[0]
		counts[label]++
		var cells [2]string
		for i := range rs.qs {
			fired := rs.fires(t, i, row, latest)
			c[i].add(label, fired)
			cells[i] = yesNo(fired)
		}
		fmt.Fprintf(details, "| %s | `%s` | %s | %s | %s |\n", rec[1], mdCode(rec[6]), rec[8],
			cells[0], cells[1])
	}
	details.WriteString("\n")
	fmt.Fprintf(table, "| ground truth labels (%d events: %d yes, %d no, %d depends) | events | "+
		"%s | %s |\n", len(recs)-1, counts["yes"], counts["no"], counts["depends"], c[0], c[1])
	var all [2]int
	var unl [2][]string
	for _, r := range rows {
		key := rs.col(r, "ProcessId").Text() + "|" + rs.col(r, "ProcessCommandLine").Str()
		for i := range rs.qs {
			if rs.fires(t, i, r, latest) {
				all[i]++
				if !labelled[key] {
					unl[i] = append(unl[i], rs.col(r, "ProcessCommandLine").Str())
				}
			}
		}
	}
	fmt.Fprintf(table, "| PanacheSysmon, all %d process events | alerts (unlabelled) | %d (%d) | "+
		"%d (%d) |\n", len(rows), all[0], len(unl[0]), all[1], len(unl[1]))
	for i := range rs.qs {
		if len(unl[i]) == 0 {
			continue
		}
		fmt.Fprintf(details, "Alerts of %s on unlabelled PanacheSysmon events:\n\n", rs.ids[i])
		for _, cl := range unl[i] {
			fmt.Fprintf(details, "- `%s`\n", mdCode(cl))
		}
		details.WriteString("\n")
	}
}

func yesNo(b bool) string {
	if b {
		return "**alert**"
	}
	return "-"
}

// mdCode makes text safe inside a Markdown table's code span.
func mdCode(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "`", "'")
	if len(s) > 110 {
		s = s[:107] + "..."
	}
	return s
}
