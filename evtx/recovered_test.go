package evtx

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRecoveredMatchesEvtxexport compares records recovered from chunks past
// the header's count with what evtxexport reads from the intact file: a
// log whose header counts two chunks fewer (and is marked dirty) must
// yield the same events, flagged as recovered.
func TestRecoveredMatchesEvtxexport(t *testing.T) {
	if _, err := exec.LookPath("evtxexport"); err != nil {
		t.Skip("evtxexport not installed (Debian libevtx-utils); comparison skipped")
	}
	clean := sampleFile(t)
	path := filepath.Join(t.TempDir(), "clean.evtx")
	if err := os.WriteFile(path, clean, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("evtxexport", "-f", "xml", path).Output()
	if err != nil {
		t.Fatalf("evtxexport: %v", err)
	}
	want := parseExport(t, bytes.NewReader(out))

	dirty := bytes.Clone(clean)
	n := (len(dirty) - fileHeaderSize) / chunkSize
	binary.LittleEndian.PutUint16(dirty[42:], uint16(n-2))
	binary.LittleEndian.PutUint32(dirty[120:], 1)
	fixFileCRC(dirty)
	got, st := decodeFile(t, dirty, Options{})
	if len(got) != len(want) || st.Recovered == 0 {
		t.Fatalf("%d records (%d recovered), evtxexport %d", len(got), st.Recovered, len(want))
	}
	for i := len(got) - st.Recovered; i < len(got); i++ {
		if got[i].Flags&FlagRecovered == 0 {
			t.Fatalf("record %d not flagged recovered", got[i].RecordID)
		}
		compareEvent(t, got[i], &want[i])
	}
	t.Logf("%d recovered records match evtxexport on the intact file", st.Recovered)
}

// TestSlackMatchesEvtxexport compares the records carved from slack space
// (Options.Slack) with those evtxexport -m recovered finds. Every record
// carved must be found by evtxexport with the same content. evtxexport
// also shows records whose template definition was overwritten, decoded
// with the wrong template (values under another event's names); the
// decoder refuses those (the template identifier does not match), so they
// are only counted.
func TestSlackMatchesEvtxexport(t *testing.T) {
	files := datasetFiles(t)
	if _, err := exec.LookPath("evtxexport"); err != nil {
		t.Skip("evtxexport not installed (Debian libevtx-utils); comparison skipped")
	}
	matched, refused := 0, 0
	for _, path := range files {
		out, err := exec.Command("evtxexport", "-m", "recovered", "-f", "xml", path).Output()
		if err != nil {
			t.Fatalf("evtxexport: %v", err)
		}
		want, err := readExport(bytes.NewReader(out))
		if err != nil {
			// libevtx writes malformed XML for some carved records.
			t.Logf("%s: evtxexport -m recovered XML unreadable after %d events: %v",
				filepath.Base(path), len(want), err)
		}
		byID := map[uint64]*refEvent{}
		for i := range want {
			byID[want[i].RecordID] = &want[i]
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		recs, st := decodeFile(t, data, Options{Slack: true})
		n := 0
		for _, r := range recs {
			if r.Flags&FlagSlack == 0 {
				continue
			}
			n++
			w := byID[r.Event.RecordID]
			if w == nil {
				t.Errorf("%s: carved record %d not in evtxexport -m recovered",
					filepath.Base(path), r.Event.RecordID)
				continue
			}
			compareEvent(t, r, w)
			matched++
		}
		refused += len(want) - n
		_ = st
	}
	t.Logf("%d records carved from slack match evtxexport -m recovered; "+
		"%d more that evtxexport shows were refused", matched, refused)
}
