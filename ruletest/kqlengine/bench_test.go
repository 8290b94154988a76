package kqlengine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/value"
)

// benchLines is a mix of process command lines, about 1 in 8 collection.
var benchLines = [][3]string{
	{"svchost.exe", "services.exe", `C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`},
	{"chrome.exe", "explorer.exe", `"C:\Program Files\Google\Chrome\Application\chrome.exe" ` +
		`--type=renderer --field-trial-handle=1712,i,3982 --lang=en-US /prefetch:1`},
	{"cmd.exe", "explorer.exe", `cmd.exe /c echo hello > C:\Temp\x.txt`},
	{"powershell.exe", "cmd.exe", `powershell.exe -NoProfile -Command "Get-Service | Out-File a.txt"`},
	{"conhost.exe", "cmd.exe", `\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1`},
	{"findstr.exe", "cmd.exe", `findstr /i winword`},
	{"git.exe", "Code.exe", `git.exe status --porcelain=v1 -uall`},
	{"cmd.exe", "powershell.exe", `cmd.exe /c dir /s /b C:\Users\*.docx > C:\Temp\l.txt`},
}

// BenchmarkRules runs each built-in rule over 64k rows pushed in batches
// of 1024, as hunt pushes them.
func BenchmarkRules(b *testing.B) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	for _, id := range []string{"T1119", "T1119-extended"} {
		r, _ := rules.BuiltinByID(id)
		q, err := Engine{}.Compile(r.Source, r.Query, nil)
		if err != nil {
			b.Fatal(err)
		}
		use := q.Tables()[0]
		rows := make([][]value.Value, 65536)
		for i := range rows {
			l := benchLines[i%len(benchLines)]
			row := make([]value.Value, len(use.Columns))
			for k, c := range use.Columns {
				switch c.Name {
				case "Timestamp":
					row[k] = value.NewDateTime(now.Add(-time.Duration(i) * time.Second))
				case "FileName":
					row[k] = value.NewString(l[0])
				case "InitiatingProcessFileName":
					row[k] = value.NewString(l[1])
				case "ProcessCommandLine":
					row[k] = value.NewString(fmt.Sprintf("%s %d", l[2], i))
				case "InitiatingProcessCommandLine":
					row[k] = value.NewString(`"C:\Windows\system32\cmd.exe"`)
				default:
					row[k] = value.Null(c.Type)
				}
			}
			rows[i] = row
		}
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := q.Run(context.Background(), now,
					map[string][][]value.Value{use.Name: rows}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*len(rows))/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
