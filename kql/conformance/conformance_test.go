package conformance

import (
	"bytes"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

// TestConformanceFiles runs the shared case files and logs pass rates. It
// fails only when the runner itself breaks (no cases read).
func TestConformanceFiles(t *testing.T) {
	for _, name := range []string{
		"kql/conformance/kustainer-oracle-cases.jsonl",
		"kql/conformance/kusto-emulator-docs-cases.jsonl",
		"kql/conformance/docs-examples.jsonl",
	} {
		t.Run(name, func(t *testing.T) {
			path := testenv.Shared(t, name)
			var out bytes.Buffer
			passed, failed, err := Run(path, &out)
			if err != nil {
				t.Fatal(err)
			}
			if passed+failed == 0 {
				t.Fatal("no cases run")
			}
			t.Logf("%s", out.String())
		})
	}
}
