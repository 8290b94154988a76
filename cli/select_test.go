package cli

import (
	"bytes"
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
