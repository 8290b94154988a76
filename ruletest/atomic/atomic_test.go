package atomic

import (
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

func TestT1119(t *testing.T) {
	file := testenv.Shared(t, "datasets/atomic-red-team/T1119.yaml")
	tests, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(tests) != 4 {
		t.Fatalf("%d Windows tests, want 4", len(tests))
	}
	p := tests[0].Processes()
	want := []string{
		`cmd.exe /c mkdir %temp%\T1119_command_prompt_collection >nul 2>&1 & ` +
			`dir c: /b /s .docx | findstr /e .docx & for /R c:\ %f in (*.docx) do copy /Y %f ` +
			`%temp%\T1119_command_prompt_collection`,
		`C:\Windows\system32\cmd.exe  /S /D /c" dir c: /b /s .docx "`,
		`findstr  /e .docx`,
	}
	if len(p) != len(want) {
		t.Fatalf("processes %+v", p)
	}
	for i, w := range want {
		if p[i].CommandLine != w {
			t.Errorf("process %d:\n got %q\nwant %q", i, p[i].CommandLine, w)
		}
	}
	if p[2].FileName != "findstr.exe" {
		t.Errorf("FileName %q", p[2].FileName)
	}
	ps := tests[1].Processes()
	if len(ps) != 1 || !strings.HasPrefix(ps[0].CommandLine, "powershell.exe & {New-Item") ||
		!strings.Contains(ps[0].CommandLine, "Out-Null\nGet-ChildItem") {
		t.Errorf("powershell test: %+v", ps)
	}
	// #4: four programs, redirections kept out of their command lines.
	var names []string
	for _, q := range tests[3].Processes()[1:] {
		names = append(names, q.FileName+"|"+q.CommandLine)
	}
	got := strings.Join(names, ",")
	if got != "sc.exe|sc  query type=service,doskey.exe|doskey  /history,"+
		"wmic.exe|wmic  process list,tree.exe|tree  C:\\AtomicRedTeam\\atomics" {
		t.Errorf("children %s", got)
	}
}

func TestDefaultsReplaced(t *testing.T) {
	file := testenv.Shared(t, "datasets/atomic-red-team/T1560.001.yaml")
	tests, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		if strings.Contains(tt.Command, "#{") {
			t.Errorf("%s: argument left: %s", tt.ID(), tt.Command)
		}
	}
	rar := tests[0].Processes()
	if len(rar) != 2 || rar[1].FileName != "Rar.exe" ||
		rar[1].CommandLine != `"C:\Program Files/WinRAR/Rar.exe"  a -r `+
			`C:\Users\bob\T1560.001-data.rar C:\Users\bob\*.txt` ||
		rar[1].FolderPath != `C:\Program Files\WinRAR\Rar.exe` {
		t.Errorf("rar: %+v", rar)
	}
}
