package evtx

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// normalisations lists every rendering difference between evtxexport
// (libevtx 20181227) and Windows that the differential test forgives. Each
// rule maps both sides to one form; nothing else is compared loosely.
var normalisations = []struct {
	name string
	fn   func(string) string
}{
	// libevtx zero-pads hex integers to the value's width (0x00000000000003e7);
	// Windows writes 0x3e7. Both become the number in lower-case hex.
	{"hex-padding", func(s string) string {
		if !hexText.MatchString(s) {
			return s
		}
		v, err := strconv.ParseUint(s[2:], 16, 64)
		if err != nil {
			return s
		}
		return "0x" + strconv.FormatUint(v, 16)
	}},
	// An XML reader turns CR LF in text into LF (XML 1.0 section 2.11), so
	// evtxexport's CR LF reaches the test as LF; the decoder keeps CR LF.
	{"xml-line-ends", func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }},
}

var hexText = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)

func normalise(s string) string {
	for _, n := range normalisations {
		s = n.fn(s)
	}
	return s
}

// refEvent is an event read back from evtxexport's XML.
type refEvent struct {
	winevent.Event
	systemTime string
}

// parseExport reads evtxexport -f xml output into events, with the same
// field rules the decoder uses (Data Name/text, UserData leaves).
func parseExport(t *testing.T, r io.Reader) []refEvent {
	t.Helper()
	evs, err := readExport(r)
	if err != nil {
		t.Fatalf("evtxexport XML: %v", err)
	}
	return evs
}

func readExport(r io.Reader) ([]refEvent, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var out []refEvent
	var cur *refEvent
	var path []string
	var text strings.Builder
	var dataName string
	childSeen := []bool{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if len(childSeen) > 0 {
				childSeen[len(childSeen)-1] = true
			}
			path = append(path, tk.Name.Local)
			childSeen = append(childSeen, false)
			text.Reset()
			if len(path) == 1 && tk.Name.Local == "Event" {
				out = append(out, refEvent{})
				cur = &out[len(out)-1]
				cur.Qualifiers = -1
			}
			if cur == nil {
				continue
			}
			attr := func(n string) (string, bool) {
				for _, a := range tk.Attr {
					if a.Name.Local == n {
						return a.Value, true
					}
				}
				return "", false
			}
			if len(path) == 3 && path[1] == "System" {
				switch tk.Name.Local {
				case "Provider":
					cur.Provider, _ = attr("Name")
				case "EventID":
					if q, ok := attr("Qualifiers"); ok {
						cur.Qualifiers, _ = strconv.Atoi(q)
					}
				case "TimeCreated":
					cur.systemTime, _ = attr("SystemTime")
				}
			}
			if len(path) == 3 && path[1] == "EventData" {
				dataName, _ = attr("Name")
				if tk.Name.Local != "Data" {
					dataName = tk.Name.Local
				}
			}
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			leaf := !childSeen[len(childSeen)-1]
			if cur != nil && len(path) == 3 && path[1] == "System" {
				switch tk.Name.Local {
				case "EventID":
					cur.EventID, _ = strconv.Atoi(text.String())
				case "EventRecordID":
					cur.RecordID, _ = strconv.ParseUint(text.String(), 10, 64)
				case "Computer":
					cur.Computer = text.String()
				case "Channel":
					cur.Channel = text.String()
				}
			}
			if cur != nil && len(path) == 3 && path[1] == "EventData" {
				cur.Data = append(cur.Data, winevent.Field{Name: dataName, Value: text.String()})
			}
			if cur != nil && len(path) >= 4 && path[1] == "UserData" && leaf {
				cur.Data = append(cur.Data, winevent.Field{Name: tk.Name.Local,
					Value: text.String()})
				cur.UserData = true
			}
			path = path[:len(path)-1]
			childSeen = childSeen[:len(childSeen)-1]
			text.Reset()
		}
	}
	return out, nil
}

func datasetFiles(t testing.TB) []string {
	t.Helper()
	dir := testenv.Shared(t, "datasets/evtx")
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".evtx") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no .evtx files in the shared datasets")
	}
	return files
}

// decodeFile decodes a whole file, copying the events out of the callback.
func decodeFile(t testing.TB, data []byte, opt Options) ([]Record, Stats) {
	t.Helper()
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var recs []Record
	st, err := f.RecordsWith(context.Background(), opt, func(r *Record) error {
		c := *r
		ev := *r.Event
		ev.Data = append([]winevent.Field(nil), r.Event.Data...)
		c.Event = &ev
		c.XML = append([]byte(nil), r.XML...)
		recs = append(recs, c)
		return nil
	})
	if err != nil {
		t.Fatalf("Records: %v", err)
	}
	return recs, st
}

func TestDifferentialEvtxexport(t *testing.T) {
	files := datasetFiles(t)
	if _, err := exec.LookPath("evtxexport"); err != nil {
		t.Skip("evtxexport not installed (Debian libevtx-utils); differential test skipped")
	}
	total, fields := 0, 0
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out, err := exec.Command("evtxexport", "-f", "xml", path).Output()
			if err != nil {
				t.Fatalf("evtxexport: %v", err)
			}
			want := parseExport(t, bytes.NewReader(out))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, st := decodeFile(t, data, Options{})
			var mine []Record
			for _, r := range got {
				if r.Flags&FlagRecovered == 0 {
					mine = append(mine, r)
				}
			}
			if len(mine) != len(want) {
				t.Fatalf("records: got %d, evtxexport %d (stats %+v)", len(mine), len(want), st)
			}
			for i := range want {
				fields += compareEvent(t, mine[i], &want[i])
			}
			total += len(want)
			compareRecovered(t, got, len(mine))
		})
	}
	t.Logf("%d files, %d records, %d data fields matched evtxexport", len(files), total, fields)
}

// compareRecovered checks the records found past the header's chunk count,
// which evtxexport does not read: they must be whole events.
func compareRecovered(t *testing.T, got []Record, n int) {
	for _, r := range got[n:] {
		if r.Event.Provider == "" || r.Event.RecordID == 0 {
			t.Errorf("recovered record %d incomplete: %+v", r.RecordID, r.Event)
		}
	}
}

func compareEvent(t *testing.T, r Record, w *refEvent) int {
	t.Helper()
	ev := r.Event
	id := fmt.Sprintf("record %d", w.RecordID)
	check := func(what, got, want string) {
		if got != want && normalise(got) != normalise(want) {
			t.Errorf("%s %s: got %q, evtxexport %q", id, what, got, want)
		}
	}
	// The record header's identifier may differ from EventRecordID (files
	// saved from a filtered view renumber records); evtxexport shows the latter.
	if ev.RecordID != w.RecordID {
		t.Errorf("%s: EventRecordID %d", id, ev.RecordID)
	}
	check("EventID", strconv.Itoa(ev.EventID), strconv.Itoa(w.EventID))
	check("Qualifiers", strconv.Itoa(ev.Qualifiers), strconv.Itoa(w.Qualifiers))
	check("Provider", ev.Provider, w.Provider)
	check("Computer", ev.Computer, w.Computer)
	check("Channel", ev.Channel, w.Channel)
	wt, err := time.Parse(time.RFC3339Nano, w.systemTime)
	if err != nil || !wt.Equal(ev.TimeCreated) {
		t.Errorf("%s TimeCreated: got %v, evtxexport %q", id, ev.TimeCreated, w.systemTime)
	}
	if ev.UserData != w.UserData {
		t.Errorf("%s UserData: got %v, evtxexport %v", id, ev.UserData, w.UserData)
	}
	if len(ev.Data) != len(w.Data) {
		t.Errorf("%s: %d data fields, evtxexport %d\n got %q\nwant %q", id,
			len(ev.Data), len(w.Data), ev.Data, w.Data)
		return 0
	}
	for i := range w.Data {
		check("field name", ev.Data[i].Name, w.Data[i].Name)
		check("field "+w.Data[i].Name, ev.Data[i].Value, w.Data[i].Value)
	}
	return len(w.Data)
}

// xmlNormalisations are the rendering differences forgiven when WriteXML
// output is compared, as text, with evtxexport -f xml.
var xmlNormalisations = []struct {
	name        string
	re          *regexp.Regexp
	replacement string
}{
	// Zero-padded hex, as in the field comparison.
	{"hex-padding", regexp.MustCompile(`0x0+([0-9a-fA-F])`), "0x$1"},
	// libevtx prints SystemTime with nine fraction digits, the last two
	// always 00; Windows prints seven.
	{"systemtime-digits", regexp.MustCompile(`(SystemTime="[^"]*\.\d{7})00Z"`), `${1}Z"`},
}

func normaliseXML(s string) string {
	for _, n := range xmlNormalisations {
		s = n.re.ReplaceAllString(s, n.replacement)
	}
	return s
}

func TestXMLMatchesEvtxexport(t *testing.T) {
	files := datasetFiles(t)
	if _, err := exec.LookPath("evtxexport"); err != nil {
		t.Skip("evtxexport not installed (Debian libevtx-utils); XML comparison skipped")
	}
	for _, path := range files {
		out, err := exec.Command("evtxexport", "-f", "xml", path).Output()
		if err != nil {
			t.Fatalf("evtxexport: %v", err)
		}
		// evtxexport starts with its banner line and a blank line.
		_, want, _ := strings.Cut(string(out), "\n\n")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		recs, _ := decodeFile(t, data, Options{XML: true})
		var got bytes.Buffer
		for i := range recs {
			if recs[i].Flags&FlagRecovered == 0 {
				WriteXML(&got, &recs[i])
			}
		}
		g, w := normaliseXML(got.String()), normaliseXML(want)
		if g != w {
			gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
			for i := 0; i < len(gl) && i < len(wl); i++ {
				if gl[i] != wl[i] {
					t.Errorf("%s line %d:\n got %q\nwant %q", filepath.Base(path), i+1,
						gl[i], wl[i])
					break
				}
			}
			if len(gl) != len(wl) {
				t.Errorf("%s: %d lines, evtxexport %d", filepath.Base(path), len(gl), len(wl))
			}
		}
	}
}

// TestDerivedXML compares WriteXML with the evtxexport renderings kept in
// the shared data (datasets/derived), so the XML check runs where
// evtxexport is not installed.
func TestDerivedXML(t *testing.T) {
	for _, name := range []string{"PanacheSysmon_vs_AtomicRedTeam01", "tutto_malseclogon",
		"security_4624_4673_token_manip"} {
		ref, err := os.ReadFile(testenv.Shared(t, "datasets/derived/"+name+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(testenv.Shared(t, "datasets/evtx/sbousseaden/"+name+".evtx"))
		if err != nil {
			t.Fatal(err)
		}
		// The reference wraps the events: an XML declaration, <Events> and a
		// blank line before, </Events> after.
		want := strings.TrimSuffix(string(ref), "</Events>\n")
		_, want, _ = strings.Cut(want, "<Events>\n\n")
		recs, _ := decodeFile(t, data, Options{XML: true})
		var got bytes.Buffer
		n := 0
		for i := range recs {
			if recs[i].Flags&FlagRecovered == 0 {
				WriteXML(&got, &recs[i])
				n++
			}
		}
		if g, w := normaliseXML(got.String()), normaliseXML(want); g != w {
			t.Errorf("%s: XML differs from the derived rendering", name)
		}
		t.Logf("%s: %d events match", name, n)
	}
}
