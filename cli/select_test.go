package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRuleGivenTwice runs T1119 named twice: it runs once, so each alert
// is raised once.
func TestRuleGivenTwice(t *testing.T) {
	var out, errb bytes.Buffer
	code := Run([]string{"hunt", "--rule", "T1119", "--rule", "T1119", "--now", "latest",
		"--format", "jsonl", "../examples/t1119-demo.jsonl"}, strings.NewReader(""), &out, &errb)
	if code != ExitAlerts {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 5 {
		t.Errorf("%d alerts, want the demo's 5 once each\n%s", n, out.String())
	}
}

// TestWatchRuleDiagnostics gives watch a rule whose query does not
// compile: the error is positioned in the YAML file, with the line and a
// caret, as check shows it.
func TestWatchRuleDiagnostics(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(path, []byte("id: bad\nkind: Scheduled\nquery: |\n  DeviceProcessEvents\n"+
		"  | where FileName =~ \"x\" and\n  | project Timestamp\n"), 0o644)
	var out, errb bytes.Buffer
	Run([]string{"watch", "--listen", "off", "--rule", path, "--rule", "T1119", "-"},
		strings.NewReader(""), &out, &errb)
	want := path + ":6:3: expected an expression, found '|'\n  | project Timestamp\n  ^\n"
	if !strings.Contains(errb.String(), want) {
		t.Errorf("stderr lacks\n%s\ngot:\n%s", want, errb.String())
	}
}
