package cli

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

// TestWatchMerge runs kqlhunt watch over a real Sysmon 1 and the 4688 of
// the same process, two lines of standard input, with a realtime rule:
// one alert with a merge wait, both rows with --no-merge.
func TestWatchMerge(t *testing.T) {
	data, err := os.ReadFile(testenv.Shared(t, "datasets/derived/tutto_malseclogon.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, ev := range regexp.MustCompile(`(?s)<Event .*?</Event>`).FindAll(data, 2) {
		lines = append(lines, regexp.MustCompile(`>\s+<`).ReplaceAllString(string(ev), "><"))
	}
	stdin := strings.Join(lines, "\n") + "\n"
	query := `DeviceProcessEvents | where FileName =~ "MalSeclogon.exe" ` +
		`| project ProcessId, SHA256, AccountSid`
	tests := []struct {
		name   string
		flag   string
		alerts int
	}{
		{"merge wait", "--merge-wait=200ms", 1},
		{"no-merge", "--no-merge", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Run([]string{"watch", "--realtime", "--listen", "off", "--query", query,
				"--merge-wait=200ms", tc.flag, "-"}, strings.NewReader(stdin), &out, &errb)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			alerts := strings.Count(out.String(), "\n")
			if alerts != tc.alerts {
				t.Fatalf("%d alerts, want %d:\n%s", alerts, tc.alerts, out.String())
			}
			if tc.alerts == 1 && (!strings.Contains(out.String(), `"SHA256":"0bf5ee2b`) ||
				!strings.Contains(out.String(), `"AccountSid":"S-1-5-21-`)) {
				t.Errorf("alert without the merged fields: %s", out.String())
			}
		})
	}
}
