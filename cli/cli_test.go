package cli

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoRow is one invented advanced-hunting row on which the seed fires.
const demoRow = `{"Timestamp":"2025-03-14T09:26:53.4461234Z","DeviceName":"wks-1.contoso.example",` +
	`"ActionType":"ProcessCreated","FileName":"cmd.exe","AccountName":"jdoe",` +
	`"ProcessCommandLine":"cmd.exe /c dir C:\\Users /s /b *.docx > list.txt",` +
	`"InitiatingProcessFileName":"explorer.exe"}`

// trapRow must not fire: /sub is not the term /s, .docm is not .doc.
const trapRow = `{"Timestamp":"2025-03-14T09:27:00Z","DeviceName":"wks-1.contoso.example",` +
	`"ActionType":"ProcessCreated","FileName":"cmd.exe","AccountName":"jdoe",` +
	`"ProcessCommandLine":"cmd.exe /c dir /sub report.docm"}`

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	badRule := filepath.Join(dir, "bad.kql")
	os.WriteFile(badRule, []byte("DeviceProcessEvents\n| where FileName == \n| take 1\n"), 0o644)
	notTelemetry := filepath.Join(dir, "notes.txt")
	os.WriteFile(notTelemetry, []byte("just some notes\nnothing to see\n"), 0o644)
	badState := filepath.Join(dir, "state.json")
	os.WriteFile(badState, []byte(`{"version":1,"files":[`), 0o644)
	cases := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		stdout    []string // substrings expected on stdout
		stderr    []string // substrings expected on stderr
		notStdout []string
	}{
		{name: "rules lists T1119", args: []string{"rules"}, code: ExitOK,
			stdout: []string{"T1119", "3a72e532-2899-4b0f-9c41-7d1a6e0b1119", "Collection"}},
		{name: "rules --show prints the YAML", args: []string{"rules", "--show", "T1119"},
			stdout: []string{"queryFrequency: 1h", "| sort by Timestamp desc"}},
		{name: "hunt stdin fires", args: []string{"hunt", "--now", "latest", "-"},
			stdin: demoRow + "\n" + trapRow + "\n", code: ExitAlerts,
			stdout: []string{"T1119", "dir C:\\Users /s /b *.docx"}, notStdout: []string{"/sub"},
			stderr: []string{"<stdin>", "DeviceProcessEvents 2", "T1119", "1 alert",
				"now: 2025-03-14T09:27:00.0000000Z (latest event time in the inputs)"}},
		{name: "hunt jsonl shape", args: []string{"hunt", "--now", "latest", "--format",
			"jsonl", "-q", "-"}, stdin: demoRow + "\n", code: ExitAlerts,
			stdout: []string{`{"rule":{"id":"T1119","name":"Automated Collection (T1119)",` +
				`"severity":"Medium","tactics":["Collection"],"techniques":["T1119"]},"row":{` +
				`"Timestamp":"2025-03-14T09:26:53.4461234Z","DeviceName":"wks-1.contoso.example"`,
				`"AutoColl_RecursiveSearch":true,"AutoColl_SensitiveExt":true,` +
					`"AutoColl_ArchiveTool":false`}},
		{name: "hunt csv shape", args: []string{"hunt", "--now", "latest", "--format", "csv",
			"-q", "-"}, stdin: demoRow + "\n", code: ExitAlerts,
			stdout: []string{"RuleId,RuleName,Timestamp,DeviceName,AccountName,FileName,",
				"T1119,Automated Collection (T1119),2025-03-14T09:26:53.4461234Z,"}},
		{name: "no alerts exits 0", args: []string{"hunt", "--now", "latest", "-"},
			stdin: trapRow + "\n", code: ExitOK, stderr: []string{"no alerts"}},
		{name: "wall clock hides old events", args: []string{"hunt", "-"},
			stdin: demoRow + "\n", code: ExitOK, stderr: []string{"wall clock"}},
		{name: "ad-hoc query", args: []string{"hunt", "--now", "latest", "--query",
			"DeviceProcessEvents | where ProcessCommandLine has '/sub' | project AccountName",
			"-"}, stdin: demoRow + "\n" + trapRow + "\n", code: ExitAlerts,
			stdout: []string{"AccountName", "jdoe"}},
		{name: "bad query is positioned", args: []string{"hunt", "--query",
			"DeviceProcessEvents | where Nope == 1", "-"}, stdin: demoRow, code: ExitUsage,
			stderr: []string{"<query>:1:29:", "^"}},
		{name: "bad query file keeps its name", args: []string{"hunt", "--query-file", badRule,
			"-"}, stdin: demoRow, code: ExitUsage,
			stderr: []string{"bad.kql:3:1: expected an expression", "| take 1\n^"}},
		{name: "unknown rule", args: []string{"hunt", "--rule", "NOPE", "-"}, code: ExitUsage,
			stderr: []string{"NOPE"}},
		{name: "bad format", args: []string{"hunt", "--format", "xml", "-"}, code: ExitUsage},
		{name: "bad now", args: []string{"hunt", "--now", "yesterday", "-"}, stdin: demoRow,
			code: ExitUsage, stderr: []string{"RFC3339"}},
		{name: "missing input", args: []string{"hunt", filepath.Join(dir, "absent.jsonl")},
			code: ExitNoInput},
		{name: "unknown format is skipped", args: []string{"hunt", notTelemetry},
			code: ExitNoInput, stderr: []string{"notes.txt skipped"}},
		{name: "no args is usage", args: []string{"hunt"}, code: ExitUsage},
		{name: "exclusions suppress a backup agent", args: []string{"hunt", "--rule", "T1119",
			"--now", "latest", "--exclusions", "../examples/tuning/exclusions.yaml",
			"--show-suppressed", "../testdata/scenarios/jsonl/s3-01-veeam-robocopy-mir.jsonl"},
			code: ExitOK, stderr: []string{"suppressed by backup-veeam (1 events", "backup-veeam",
				"1 suppressed", "no alerts"}},
		{name: "watchlist rule needs --watchlists", args: []string{"hunt", "--rules",
			"../examples/tuning", "-"}, code: ExitUsage, stderr: []string{"--watchlists"}},
		{name: "watchlist-tuned rule", args: []string{"hunt", "--rules", "../examples/tuning",
			"--watchlists", "../examples/tuning/watchlists", "--now", "latest", "-q",
			"../testdata/scenarios/jsonl/s3-08-admin-robocopy-migration.jsonl"}, code: ExitOK},
		{name: "built-in rule tests", args: []string{"test"}, code: ExitOK,
			stdout: []string{"--- PASS: ", " passed, 0 failed\n"}},
		{name: "watch refuses a corrupt state file", args: []string{"watch", "--listen", "off",
			"--state", badState, notTelemetry}, code: ExitUsage,
			stderr: []string{"state file " + badState + ": corrupt"}},
		{name: "a second --query is refused", args: []string{"hunt", "--query", "print 1",
			"--query", "print 2", "-"}, code: ExitUsage,
			stderr: []string{`invalid argument "print 2" for "--query" flag: given twice`}},
		{name: "watch refuses a negative merge wait", args: []string{"watch", "--listen", "off",
			"--merge-wait=-1s", "-"}, code: ExitUsage,
			stderr: []string{"merge wait -1s: want 0 (no wait) or more"}},
		{name: "export ARM", args: []string{"export", "T1119", "--format", "arm"}, code: ExitOK,
			stdout: []string{"Microsoft.SecurityInsights/alertRules", `"queryFrequency": "PT1H"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Run(c.args, strings.NewReader(c.stdin), &out, &errb)
			if code != c.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code,
					out.String(), errb.String())
			}
			for _, s := range c.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range c.notStdout {
				if strings.Contains(out.String(), s) {
					t.Errorf("stdout has %q:\n%s", s, out.String())
				}
			}
			for _, s := range c.stderr {
				if !strings.Contains(errb.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, errb.String())
				}
			}
		})
	}
}

// TestDemoExample is the README's first command: the shipped invented
// export fires the rule on the rows examples/README.md lists.
func TestDemoExample(t *testing.T) {
	perRule := func(alerts []alertLine) map[string]int {
		n := map[string]int{}
		for _, a := range alerts {
			n[a.Rule.ID]++
		}
		return n
	}
	// examples/README.md: the seed fires on 5 rows, the extended rule on 6.
	want := map[string]int{"T1119": 5, "T1119-extended": 6}
	alerts, stderr, code := huntJSONL(t, "--now", "latest", "../examples/t1119-demo.jsonl")
	if got := perRule(alerts); code != ExitAlerts || !maps.Equal(got, want) {
		t.Fatalf("code %d, alerts per rule %v; want 1 and %v\n%s", code, got, want, stderr)
	}
	xml, _, _ := huntJSONL(t, "--now", "latest", "../examples/t1119-demo-sysmon.xml")
	if got := perRule(xml); !maps.Equal(got, want) {
		t.Errorf("Sysmon XML twin: alerts per rule %v, want %v", got, want)
	}
}
