package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenInputs are the real files of ../shared/datasets the T1119 rule is
// hunted over, one per run, with the number of alerts each must give. The
// alerts themselves are in testdata/golden/, checked record by record.
var goldenInputs = []struct {
	rel    string
	alerts int
}{
	// Recursive dir /s searches for .key (records 3677, 3678) and .docx
	// (3724, 3725): parent cmd.exe /c and its /S /D /c child each.
	{"datasets/derived/PanacheSysmon_vs_AtomicRedTeam01.xml", 4},
	{"datasets/derived/tutto_malseclogon.xml", 0},
	{"datasets/derived/security_4624_4673_token_manip.xml", 0},
	{"datasets/otrf/cmd_seatbelt_group_user.zip", 0},
	{"datasets/otrf/psh_python_webserver.zip", 0},
	{"datasets/otrf/Microsoft365DefenderEvents.Zip", 0},
	{"datasets/mde/defender_portal_ah_union_export_REDACTED.csv", 0},
}

// TestGoldenSharedDatasets runs hunt --rule T1119 --now latest over each
// real file and compares the alerts with the golden file.
func TestGoldenSharedDatasets(t *testing.T) {
	for _, g := range goldenInputs {
		t.Run(filepath.Base(g.rel), func(t *testing.T) {
			path := testenv.Shared(t, g.rel)
			checkGolden(t, path, g.alerts)
		})
	}
}

// TestGoldenEVTX hunts each real EVTX file and checks it gives the same
// alerts as its XML rendering, where one exists, and as its golden file.
func TestGoldenEVTX(t *testing.T) {
	dir := testenv.Shared(t, "datasets/evtx")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.evtx"))
	if len(files) == 0 {
		t.Skip("no .evtx files in " + dir)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := 0
			if strings.Contains(path, "PanacheSysmon_vs_AtomicRedTeam01") {
				want = 4
			}
			got := checkGolden(t, path, want)
			xml := filepath.Join(dir, "..", "derived",
				strings.TrimSuffix(filepath.Base(path), ".evtx")+".xml")
			if _, err := os.Stat(xml); err == nil {
				fromXML, _, _ := huntJSONL(t, "--rule", "T1119", "--now", "latest", xml)
				if a, b := alertKeys(got), alertKeys(fromXML); a != b {
					t.Errorf("EVTX alerts differ from the XML rendering's:\nevtx: %s\n xml: %s",
						a, b)
				}
			}
		})
	}
}

func checkGolden(t *testing.T, path string, want int) []alertLine {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run([]string{"hunt", "--format", "jsonl", "--rule", "T1119", "--now", "latest",
		path}, strings.NewReader(""), &out, &errb)
	alerts := parseAlerts(t, out.Bytes())
	if len(alerts) != want {
		t.Errorf("%d alerts, want %d; stderr:\n%s", len(alerts), want, errb.String())
	}
	wantCode := ExitOK
	if want > 0 {
		wantCode = ExitAlerts
	}
	if code != wantCode {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, wantCode, errb.String())
	}
	golden := filepath.Join("testdata", "golden", filepath.Base(path)+".jsonl")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, sortedLines(out.Bytes()), 0o644); err != nil {
			t.Fatal(err)
		}
		return alerts
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -run Golden -update to create it)", err)
	}
	if got := sortedLines(out.Bytes()); !bytes.Equal(got, data) {
		t.Errorf("alerts differ from %s\n got:\n%s\nwant:\n%s", golden, got, data)
	}
	return alerts
}

// sortedLines sorts output lines so golden files do not depend on the
// order of rows with equal sort keys.
func sortedLines(b []byte) []byte {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	sort.Strings(lines)
	s := strings.Join(lines, "\n")
	if s != "" {
		s += "\n"
	}
	return []byte(s)
}

// alertKeys summarises alerts by time, host and command line.
func alertKeys(as []alertLine) string {
	var keys []string
	for _, a := range as {
		keys = append(keys, strings.Join([]string{str(a.Row["Timestamp"]),
			str(a.Row["DeviceName"]), str(a.Row["ProcessCommandLine"])}, "|"))
	}
	sort.Strings(keys)
	return strings.Join(keys, "\n")
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
