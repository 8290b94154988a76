package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// alertLine is one line of hunt --format jsonl.
type alertLine struct {
	Rule struct {
		ID string `json:"id"`
	} `json:"rule"`
	Row map[string]any `json:"row"`
}

// huntJSONL runs kqlhunt hunt with --format jsonl and returns the alerts.
func huntJSONL(t *testing.T, args ...string) ([]alertLine, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"hunt", "--format", "jsonl"}, args...)
	code := Run(full, strings.NewReader(""), &out, &errb)
	return parseAlerts(t, out.Bytes()), errb.String(), code
}

// parseAlerts reads hunt --format jsonl output.
func parseAlerts(t *testing.T, out []byte) []alertLine {
	t.Helper()
	var alerts []alertLine
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var a alertLine
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("bad jsonl output line %q: %v", sc.Text(), err)
		}
		alerts = append(alerts, a)
	}
	return alerts
}

// scenarioRecord is one row of testdata/scenarios/MANIFEST.tsv.
type scenarioRecord struct {
	id, file, key, expect string
	flags                 map[string]string
}

var flagColumns = []string{"AutoColl_RecursiveSearch", "AutoColl_SensitiveExt",
	"AutoColl_ArchiveTool", "AutoColl_MassCopy", "AutoColl_CredentialFiles"}

func readManifest(t *testing.T) []scenarioRecord {
	t.Helper()
	data, err := os.ReadFile("../testdata/scenarios/MANIFEST.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []scenarioRecord
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 {
			continue
		}
		if len(f) < 9 {
			t.Fatalf("MANIFEST.tsv line %d: %d fields", i+1, len(f))
		}
		r := scenarioRecord{id: f[0], file: f[1], key: f[2], expect: f[3],
			flags: map[string]string{}}
		for k, name := range flagColumns {
			r.flags[name] = f[4+k]
		}
		out = append(out, r)
	}
	return out
}

// commandLines maps ProcessId=N to the command line, from a scenario's
// JSON-lines rendering (the same processes in every format).
func commandLines(t *testing.T, id string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/scenarios/jsonl", id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var row struct {
			ProcessId          json.Number
			ProcessCommandLine string
		}
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		out["ProcessId="+row.ProcessId.String()] = row.ProcessCommandLine
	}
	return out
}

// TestScenarios runs the built-in T1119 rule over every scenario file (the
// seed's four tests, Atomic Red Team's four T1119 tests, the seed's
// false-positive classes and has-semantics traps, each in three formats)
// and checks which records alert and each AutoColl_* flag.
func TestScenarios(t *testing.T) {
	byFile := map[string][]scenarioRecord{}
	var files []string
	for _, r := range readManifest(t) {
		if _, ok := byFile[r.file]; !ok {
			files = append(files, r.file)
		}
		byFile[r.file] = append(byFile[r.file], r)
	}
	for _, file := range files {
		recs := byFile[file]
		t.Run(file, func(t *testing.T) {
			cmds := commandLines(t, recs[0].id)
			alerts, stderr, code := huntJSONL(t, "--rule", "T1119", "--now", "latest",
				filepath.Join("../testdata/scenarios", file))
			var want, got []string
			wantFlags := map[string]map[string]string{}
			for _, r := range recs {
				if r.expect == "fire" {
					cl := cmds[r.key]
					want = append(want, cl)
					wantFlags[cl] = r.flags
				}
			}
			for _, a := range alerts {
				cl, _ := a.Row["ProcessCommandLine"].(string)
				got = append(got, cl)
				for _, name := range flagColumns {
					if w, ok := wantFlags[cl][name]; ok {
						if g := a.Row[name]; g != (w == "true") {
							t.Errorf("%s: %s = %v, want %s", cl, name, g, w)
						}
					}
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("alerts differ\n got: %q\nwant: %q\nstderr:\n%s", got, want, stderr)
			}
			wantCode := ExitOK
			if len(want) > 0 {
				wantCode = ExitAlerts
			}
			if code != wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, wantCode, stderr)
			}
		})
	}
}
