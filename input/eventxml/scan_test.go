package eventxml

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// sameAsStd checks the scanner against encoding/xml on data: when the
// scanner accepts, encoding/xml must accept too and give the same event.
// It reports whether the scanner accepted.
func sameAsStd(t *testing.T, data []byte) bool {
	t.Helper()
	data = sanitize(data)
	var want, got winevent.Event
	werr := parseStd(data, &want)
	var s scanner
	if !s.scan(data, string(data), &got) {
		return false
	}
	if werr != nil {
		t.Fatalf("scanner accepts what encoding/xml refuses (%v):\n%q", werr, data)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scanner and encoding/xml differ on %q:\n got %+v\nwant %+v", data, got, want)
	}
	return true
}

var scanCases = []struct {
	name string
	xml  string
	fast bool // the scanner decodes it without falling back
}{
	{"minimal", `<Event><System><EventID>1</EventID></System></Event>`, true},
	{"prefixed", `<e:Event xmlns:e="x"><e:System><e:EventID Qualifiers='16384'>7` +
		`</e:EventID></e:System></e:Event>`, true},
	{"references", `<Event><EventData><Data Name="a&amp;b">&lt;x&gt; &#65;&#x42;&#x1F600;` +
		`&quot;&apos;</Data></EventData></Event>`, true},
	{"surrogate reference", `<Event><EventData><Data>&#xD800;</Data></EventData></Event>`, true},
	{"cdata and comment", `<Event><EventData><Data Name='c'>a<![CDATA[<b>&amp;]]>` +
		`<!-- note -->c</Data></EventData></Event>`, true},
	{"line ends", "<Event>\r\n<EventData>\r\n<Data Name=\"x\r\ny\">a\r\nb\rc&#13;\n</Data>" +
		"</EventData></Event>", true},
	{"userdata", `<Event><System><Provider Name="P"/></System><UserData><Log xmlns="y">` +
		`<A>1</A><B/><C>x<D>2</D></C></Log></UserData></Event>`, true},
	{"spaces", "<Event  >\n <System >\n  <TimeCreated  SystemTime = \"2025-03-14T09:26:53Z\" />" +
		"\n  <EventRecordID>\n 12 </EventRecordID>\n</System >\n</Event\t>", true},
	{"no space between attributes", `<Event><System><Execution ProcessID="1"ThreadID="2"/>` +
		`</System></Event>`, true},
	{"two roots", `<Event><EventData><Data>1</Data></EventData></Event>` +
		`<Event><EventData><Data>2</Data></EventData></Event>`, true},
	{"processing instruction", `<?xml version="1.0"?><Event></Event>`, false},
	{"bad reference", `<Event><EventData><Data>&nbsp;</Data></EventData></Event>`, false},
	{"nul reference", `<Event><EventData><Data>&#0;</Data></EventData></Event>`, false},
	{"unquoted", `<Event><System><Provider Name=P/></System></Event>`, false},
	{"mismatch", `<Event><System></Sys></Event>`, false},
	{"cut", `<Event><System>`, false},
	{"other root", `<Events></Events>`, false},
	{"]]> in text", `<Event><EventData><Data>]]></Data></EventData></Event>`, false},
	{"< in attribute", `<Event><System><Provider Name="<"/></System></Event>`, false},
	{"non-ascii name", `<Event><UserData><É>1</É></UserData></Event>`, false},
}

func TestScanMatchesStd(t *testing.T) {
	for _, tc := range scanCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameAsStd(t, []byte(tc.xml)); got != tc.fast {
				t.Errorf("scanner accepted = %v, want %v", got, tc.fast)
			}
		})
	}
}

// TestScanRealEvents checks every event of the shared XML samples: the
// scanner must decode each itself, exactly as encoding/xml does.
func TestScanRealEvents(t *testing.T) {
	dir := testenv.Shared(t, "datasets")
	var files []string
	for _, p := range []string{"derived/*.xml", "examples_synthetic/*.xml",
		"examples_synthetic/*.txt"} {
		m, _ := filepath.Glob(filepath.Join(dir, p))
		files = append(files, m...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range events(t, data) {
			if !sameAsStd(t, ev) {
				t.Fatalf("%s: scanner falls back on %q", f, ev)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: no events", f)
		}
	}
}

// events splits data into its <Event> elements.
func events(t testing.TB, data []byte) [][]byte {
	var out [][]byte
	err := split(context.Background(), bytes.NewReader(data), 1<<20,
		func(b *block) {
			for _, e := range b.events {
				out = append(out, b.data[e.a:e.b])
			}
		}, func(input.Pos, string) {})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func FuzzScanDiff(f *testing.F) {
	for _, tc := range scanCases {
		f.Add([]byte(tc.xml))
	}
	if dir := testenv.SharedDir(); dir != "" {
		data, err := os.ReadFile(filepath.Join(dir, "datasets/derived/tutto_malseclogon.xml"))
		if err == nil {
			for _, ev := range events(f, data)[:8] {
				f.Add(ev)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameAsStd(t, data) })
}
