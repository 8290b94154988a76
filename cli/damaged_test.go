package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

// TestDamagedEVTXAmongMany hunts a folder holding a truncated EVTX file, a
// file with a corrupted chunk, garbage named .evtx and a good file: the
// damaged files are read as far as they can be, their faults counted in
// the summary, and the hunt over the others goes on.
func TestDamagedEVTXAmongMany(t *testing.T) {
	src := testenv.Shared(t, "datasets/evtx/sbousseaden/PanacheSysmon_vs_AtomicRedTeam01.evtx")
	good := testenv.Shared(t, "datasets/evtx/sbousseaden/sysmon_zipexec.evtx")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Cut in the middle of the fifth chunk: four whole chunks remain.
	write("truncated.evtx", data[:4096+4*65536+30000])
	// Scribble over the records of the second chunk (its checksum fails).
	corrupt := bytes.Clone(data)
	for i := 4096 + 65536 + 2000; i < 4096+65536+2600; i++ {
		corrupt[i] = 0xAA
	}
	write("corrupt.evtx", corrupt)
	write("garbage.evtx", bytes.Repeat([]byte("not an event log "), 1000))
	goodData, _ := os.ReadFile(good)
	write("good.evtx", goodData)

	var out, errb bytes.Buffer
	code := Run([]string{"hunt", "--rule", "T1119", "--now", "2019-07-19T16:00:00Z", "--format",
		"jsonl", dir},
		strings.NewReader(""), &out, &errb)
	stderr := errb.String()
	if code != ExitAlerts {
		t.Errorf("exit code %d, want %d (the intact chunks still alert)\n%s", code,
			ExitAlerts, stderr)
	}
	for _, want := range []string{"good.evtx [evtx]", "truncated.evtx [evtx]",
		"corrupt.evtx [evtx]", "garbage.evtx skipped: unknown format", "EVTX fault"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(out.String(), "\n"); n < 4 {
		t.Errorf("%d alerts, want the 4 of the intact chunks at least\n%s", n, stderr)
	}
}

// TestSymlinksInFolders: a linked file in a folder is hunted; a broken
// link and a link to a folder (which could loop) are listed as skipped.
func TestSymlinksInFolders(t *testing.T) {
	dir := t.TempDir()
	demo, _ := filepath.Abs("../examples/t1119-demo.jsonl")
	for name, target := range map[string]string{"demo.jsonl": demo,
		"dangling": filepath.Join(dir, "absent"), "loop": dir} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	alerts, stderr, code := huntJSONL(t, "--rule", "T1119", "--now", "latest", dir)
	if code != ExitAlerts || len(alerts) != 5 {
		t.Errorf("code %d, %d alerts; want 1 and the demo's 5\n%s", code, len(alerts), stderr)
	}
	for _, want := range []string{"dangling skipped: broken symbolic link",
		"loop skipped: symbolic link to a folder (not followed)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
}
