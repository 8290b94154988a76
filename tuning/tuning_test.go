package tuning

import (
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

const sample = `
exclusions:
  - id: veeam
    rules: [T1119]
    when:
      - column: InitiatingProcessFolderPath
        startswith: 'c:\program files\veeam\'
      - column: FileName
        in~: [robocopy.exe, xcopy.exe]
    reason: nightly backup copy
    owner: backup-team
  - id: python-build
    rules: ["*"]
    table: DeviceProcessEvents
    when:
      - column: ProcessCommandLine
        has: [os.walk, glob.glob]
      - column: FolderPath
        regex: '(?i)\\venv\\Scripts\\python\.exe$'
    reason: build scripts
  - id: old
    rule: T1119
    when:
      - {column: AccountName, equals: bob}
    reason: temporary
    expires: 2026-01-31
`

var cols = []schema.Column{{Name: "FileName", Type: value.String},
	{Name: "ProcessCommandLine", Type: value.String},
	{Name: "InitiatingProcessFolderPath", Type: value.String},
	{Name: "FolderPath", Type: value.String}, {Name: "AccountName", Type: value.String}}

func row(f, cmd, parent, folder, acct string) []value.Value {
	return []value.Value{value.NewString(f), value.NewString(cmd), value.NewString(parent),
		value.NewString(folder), value.NewString(acct)}
}

func TestFilter(t *testing.T) {
	x, err := Parse([]byte(sample), "x.yaml", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "old expired on 2026-01-31") {
		t.Errorf("warnings %q", x.Warnings)
	}
	cases := []struct {
		name string
		rule string
		row  []value.Value
		kept bool
	}{
		{"veeam robocopy", "T1119", row("ROBOCOPY.EXE", "robocopy a b /e",
			`C:\Program Files\Veeam\Endpoint Backup\Veeam.Agent.exe`, "", "svc-backup"), false},
		{"veeam other rule", "T9999", row("robocopy.exe", "robocopy a b /e",
			`c:\program files\veeam\x.exe`, "", "svc-backup"), true},
		{"robocopy by a person", "T1119", row("robocopy.exe", "robocopy a b /e",
			`c:\windows\system32\cmd.exe`, "", "alice"), true},
		{"python in venv", "T1119-extended", row("python.exe", "python -c os.walk('.')",
			"", `C:\src\app\venv\Scripts\python.exe`, "dave"), false},
		{"has is a term match", "T1119", row("python.exe", "python -c xos.walk('.')",
			"", `C:\src\app\venv\Scripts\python.exe`, "dave"), true},
		{"expired entry does not apply", "T1119", row("cmd.exe", "cmd", "", "", "bob"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := x.Clone().Filter(c.rule, "DeviceProcessEvents", cols, [][]value.Value{c.row})
			if (len(got) == 1) != c.kept {
				t.Errorf("kept = %v, want %v", len(got) == 1, c.kept)
			}
		})
	}
	all := [][]value.Value{cases[0].row, cases[2].row, cases[3].row}
	kept := x.Filter("T1119", "DeviceProcessEvents", cols, all)
	if len(kept) != 1 {
		t.Errorf("kept %d rows, want 1", len(kept))
	}
	counts := x.Counts()
	if counts["veeam"] != 1 || counts["python-build"] != 1 || len(counts) != 2 {
		t.Errorf("counts %v", counts)
	}
	if s := x.Stats(); len(s[0].Samples) != 1 || s[0].Samples[0].Row[4].Str() != "svc-backup" {
		t.Errorf("samples %+v", s[0].Samples)
	}
	if got := strings.Join(x.Columns("T1119", "DeviceProcessEvents"), ","); got !=
		"InitiatingProcessFolderPath,FileName,ProcessCommandLine,FolderPath" {
		t.Errorf("Columns = %s", got)
	}
	if err := x.Check(schema.Builtin()); err != nil {
		t.Error(err)
	}
	// A table the rows lack a column of: the entry does not apply.
	if got := x.Clone().Filter("T1119", "DeviceProcessEvents", cols[:2],
		[][]value.Value{cases[0].row[:2]}); len(got) != 1 {
		t.Error("an entry whose column is not read must not apply")
	}
}

func TestNotAndTable(t *testing.T) {
	x, err := Parse([]byte(`
exclusions:
  - id: robocopy-not-by-alice
    rules: ["*"]
    table: DeviceProcessEvents
    when:
      - {column: FileName, =~: robocopy.exe}
      - {column: AccountName, in~: [alice], not: true}
    reason: r
`), "n.yaml", now)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]value.Value{row("Robocopy.exe", "", "", "", "alice"),
		row("robocopy.exe", "", "", "", "bob")}
	if got := x.Clone().Filter("R", "DeviceProcessEvents", cols, rows); len(got) != 1 ||
		got[0][4].Str() != "alice" {
		t.Errorf("not: kept %v", got)
	}
	if got := x.Clone().Filter("R", "DeviceFileEvents", cols, rows); len(got) != 2 {
		t.Errorf("table: an entry for another table must not apply")
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"exclusions: [{id: a, when: [{column: X, equals: y}], reason: r}]", "names no rule"},
		{"exclusions: [{id: a, rules: [T], when: [{column: X, equals: y}]}]", "gives no reason"},
		{"exclusions: [{id: a, rules: [T], reason: r}]", "no conditions"},
		{"exclusions: [{id: a, rules: [T], reason: r, when: [{column: X, like: y}]}]",
			"unknown key"},
		{"exclusions: [{id: a, rules: [T], reason: r, when: [{column: X, regex: '('}]}]",
			"regex"},
		{"exclusions: [{id: a, rules: [T], reason: r, when: [{column: X, equals: [a, b]}]}]",
			"not a list"},
		{"exclusions: [{id: a, rules: [T], reason: r, expires: soon, " +
			"when: [{column: X, equals: y}]}]", "bad date"},
		{"exclusions: [{id: a, rules: [T], reason: r, when: [{column: X, equals: y}]}, " +
			"{id: a, rules: [T], reason: r, when: [{column: X, equals: y}]}]", "defined twice"},
		{"exclusion: []", "not found"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.text), "f", now)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want %q", c.text, err, c.want)
		}
	}
}

func TestCheckColumns(t *testing.T) {
	x, err := Parse([]byte("exclusions: [{id: a, rules: [T], reason: r, "+
		"when: [{column: FolderPth, equals: y}]}]"), "f", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Check(schema.Builtin()); err == nil || !strings.Contains(err.Error(), "FolderPth") {
		t.Errorf("Check = %v", err)
	}
}

func TestNilExclusions(t *testing.T) {
	var x *Exclusions
	rows := [][]value.Value{row("a", "b", "c", "d", "e")}
	if len(x.Filter("T", "DeviceProcessEvents", cols, rows)) != 1 || x.Columns("T", "D") != nil {
		t.Error("nil exclusions must exclude nothing")
	}
}

func TestWatchlists(t *testing.T) {
	w, err := LoadWatchlists("testdata/watchlists")
	if err != nil {
		t.Fatal(err)
	}
	cols, rows, err := w.Table("IT_Admins")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cols {
		names = append(names, c.Name)
	}
	want := "_DTItemId,LastUpdatedTimeUTC,SearchKey,WatchlistItem,AccountName,Department,Reason"
	if strings.Join(names, ",") != want {
		t.Errorf("columns %v", names)
	}
	if len(rows) != 2 || rows[1][2].Str() != "adm-erin" || rows[1][6].Str() != "decommission, FS-02" {
		t.Errorf("rows %v", rows)
	}
	if _, _, err := w.Table("nope"); err == nil || !strings.Contains(err.Error(), "it_admins") {
		t.Errorf("missing watchlist: %v", err)
	}
}

func TestGetWatchlist(t *testing.T) {
	w, err := LoadWatchlists("testdata/watchlists")
	if err != nil {
		t.Fatal(err)
	}
	cols, rows, err := w.GetWatchlist([]value.Value{value.NewString("it_admins")})
	if err != nil || len(cols) != 7 || len(rows) != 2 {
		t.Fatalf("GetWatchlist: %v %d %d", err, len(cols), len(rows))
	}
	item, _ := rows[0][3].Bag()
	if v, ok := item.Get("Department"); !ok || v.Text() != "IT Operations" {
		t.Errorf("WatchlistItem %s", rows[0][3].Text())
	}
	if _, _, err := w.GetWatchlist([]value.Value{value.NewLong(1)}); err == nil {
		t.Error("want an error for a non-string alias")
	}
	cases := []struct {
		query string
		uses  bool
	}{
		{"x | join (_GetWatchlist('a')) on y", true},
		{`_GetWatchlist ( "it_admins" )`, true},
		{"T | where X has '_GetWatchlist(1)'", false},
		{"// _GetWatchlist('a')\nT", false},
		{"my_GetWatchlist('a')", false},
	}
	for _, c := range cases {
		if got := UsesWatchlists(c.query); got != c.uses {
			t.Errorf("UsesWatchlists(%q) = %v", c.query, got)
		}
	}
}
