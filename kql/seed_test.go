package kql_test

import (
	"context"
	_ "embed"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// seedQuery is the T1119 automated-collection rule of the seed corpus.
//
//go:embed testdata/seed_t1119.kql
var seedQuery string

var seedNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// proc is one DeviceProcessEvents row of a test: the columns the seed
// query reads, the rest left empty.
type proc struct {
	ago      time.Duration
	file     string
	cmd      string
	positive bool
}

var seedProcs = []proc{
	{1 * time.Hour, "powershell.exe",
		`powershell Get-ChildItem C:\Users -Recurse -Include *.docx`, true},
	{2 * time.Hour, "pwsh.exe", `pwsh -c "gci -r C:\ | ? Name -like '*.pdf'"`, true},
	// "gci " needs the space: a tab does not match.
	{2 * time.Hour, "pwsh.exe", "pwsh -c \"gci\t-r C:\\ *.pdf\"", false},
	{3 * time.Hour, "cmd.exe", `cmd /c dir /s /b C:\Users\*.xlsx`, true},
	// "/s" must end on a term boundary.
	{4 * time.Hour, "cmd.exe", `cmd /c dir /sb C:\Users\*.xlsx`, false},
	{5 * time.Hour, "forfiles.exe", `forfiles /p C:\ /s /m *.docx /c "cmd /c echo @path"`, true},
	{6 * time.Hour, "Robocopy.exe", `robocopy C:\data D:\stage /MIR`, true},
	{7 * time.Hour, "robocopy.exe", `robocopy C:\data D:\stage file.txt`, false},
	{8 * time.Hour, "xcopy.exe", `xcopy C:\docs E:\ /S /E`, true},
	{9 * time.Hour, "7z.exe", `7z a out.7z C:\docs\*.pdf -pSecret`, true},
	{10 * time.Hour, "7z.exe", `7z x out.7z`, false},
	{11 * time.Hour, "python.exe", `python -c "import os; [print(p) for p in os.walk('C:/')]"`, true},
	{12 * time.Hour, "wscript.exe", `wscript collect.vbs GetFolder`, true},
	{13 * time.Hour, "notepad.exe", `notepad report.docx`, false},
	{30 * time.Hour, "cmd.exe", `cmd /c dir /s C:\*.docx`, false}, // older than ago(24h)
	{14 * time.Hour, "powershell.exe", `powershell Get-ChildItem -Recurse C:\x.docxm`, false},
	{15 * time.Hour, "rar.exe", `rar a -r backup.rar C:\Users\*.pst`, true},
	{16 * time.Hour, "powershell.exe", `powershell gci -Recurse C:\keys\*.PFX`, true},
}

// procTable builds a full-width DeviceProcessEvents table.
func procTable(procs []proc) *kql.Table {
	t, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	tab := &kql.Table{Columns: t.Columns}
	ts, fn, cmd := t.Index("Timestamp"), t.Index("FileName"), t.Index("ProcessCommandLine")
	dev, acct := t.Index("DeviceName"), t.Index("AccountName")
	for i, p := range procs {
		row := make([]value.Value, len(t.Columns))
		for j, c := range t.Columns {
			row[j] = value.Null(c.Type)
		}
		row[ts] = value.NewDateTime(seedNow.Add(-p.ago))
		row[fn] = value.NewString(p.file)
		row[cmd] = value.NewString(p.cmd)
		row[dev] = value.NewString(fmt.Sprintf("host%d", i))
		row[acct] = value.NewString("alice")
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

func TestSeedRule(t *testing.T) {
	q, err := kql.Compile("seed.kql", seedQuery, kql.Options{Schemas: schema.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	uses := q.Tables()
	if len(uses) != 1 || uses[0].Name != "DeviceProcessEvents" {
		t.Fatalf("Tables() = %+v", uses)
	}
	var need []string
	for _, c := range uses[0].Columns {
		need = append(need, c.Name)
	}
	wantNeed := "[Timestamp DeviceName FileName ProcessCommandLine AccountName " +
		"InitiatingProcessFileName InitiatingProcessCommandLine]"
	if fmt.Sprint(need) != wantNeed {
		t.Errorf("narrow columns = %v, want %s", need, wantNeed)
	}
	if d, ok := q.MaxLookback(); !ok || d != 24*time.Hour {
		t.Errorf("MaxLookback = %v, %v", d, ok)
	}
	res, err := kql.Eval(context.Background(), seedQuery,
		map[string]*kql.Table{"DeviceProcessEvents": procTable(seedProcs)}, seedNow)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range seedProcs {
		if p.positive {
			want = append(want, p.cmd)
		}
	}
	var got []string
	for _, r := range res.Rows {
		got = append(got, r[4].Str())
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("matched:\n got %q\nwant %q", got, want)
	}
	if n := len(res.Columns); n != 12 || res.Columns[11].Name != "AutoColl_CredentialFiles" {
		t.Errorf("columns = %v", res.Columns)
	}
}

// BenchmarkSeedRule runs the seed rule over ~100k DeviceProcessEvents rows
// (0.1% positives) pushed by two goroutines, as decoders do.
func BenchmarkSeedRule(b *testing.B) {
	q, err := kql.Compile("seed.kql", seedQuery, kql.Options{Schemas: schema.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	use := q.Tables()[0]
	rows := benchRows(use.Columns, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		run := q.Start(context.Background(), kql.RunOptions{Now: seedNow})
		var wg sync.WaitGroup
		const batch = 1024
		half := len(rows) / 2
		for _, part := range [][][]value.Value{rows[:half], rows[half:]} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for s := 0; s < len(part); s += batch {
					if err := run.Push(use.Name, part[s:min(s+batch, len(part))]); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		res, err := run.Finish()
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Rows) == 0 {
			b.Fatal("no positives")
		}
	}
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchCommands is a realistic command-line mix; benign lines dominate.
var benchCommands = []struct{ file, cmd string }{
	{"svchost.exe", `C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`},
	{"chrome.exe", `"C:\Program Files\Google\Chrome\Application\chrome.exe" --type=renderer ` +
		`--field-trial-handle=1234,i,5678 --lang=en-US --renderer-client-id=42 /prefetch:1`},
	{"powershell.exe", `powershell.exe -NoProfile -ExecutionPolicy Bypass ` +
		`-File C:\ProgramData\agent\health.ps1`},
	{"cmd.exe", `cmd.exe /c "C:\Program Files\App\update.bat" /quiet`},
	{"conhost.exe", `\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1`},
	{"msedge.exe", `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" ` +
		`--single-argument https://example.com/report.pdf`},
	{"robocopy.exe", `robocopy C:\build D:\out app.exe`},
	{"python.exe", `python.exe C:\tools\scripts\collect_metrics.py --interval 60`},
	{"git.exe", `git.exe status --porcelain --untracked-files=all`},
	{"WINWORD.EXE", `"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" ` +
		`/n "C:\Users\bob\Documents\plan.docx"`},
}

func benchRows(cols []schema.Column, n int) [][]value.Value {
	idx := map[string]int{}
	for i, c := range cols {
		idx[c.Name] = i
	}
	rows := make([][]value.Value, n)
	for i := range rows {
		row := make([]value.Value, len(cols))
		for j, c := range cols {
			row[j] = value.Null(c.Type)
		}
		c := benchCommands[i%len(benchCommands)]
		file, cmd := c.file, c.cmd
		if i%1000 == 7 {
			file, cmd = "powershell.exe", `powershell Get-ChildItem C:\Users -Recurse -Include *.docx`
		}
		row[idx["Timestamp"]] = value.NewDateTime(seedNow.Add(-time.Duration(i%48) * time.Hour))
		row[idx["FileName"]] = value.NewString(file)
		row[idx["ProcessCommandLine"]] = value.NewString(cmd)
		row[idx["DeviceName"]] = value.NewString("host")
		rows[i] = row
	}
	return rows
}
