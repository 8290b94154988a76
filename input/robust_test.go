package input_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

const goodRow = `{"Timestamp":"2025-03-14T09:26:53.4461234Z","ActionType":"ProcessCreated",` +
	`"FileName":"a.exe","ProcessId":7}`

// sysmonXML is a minimal Sysmon 1 event with the given command line.
func sysmonXML(pid, cmd string) string {
	return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>` +
		`<Provider Name="Microsoft-Windows-Sysmon"/><EventID>1</EventID>` +
		`<TimeCreated SystemTime="2025-03-14T09:26:53.4457913Z"/><Computer>H</Computer>` +
		`</System><EventData><Data Name="UtcTime">2025-03-14 09:26:53.441</Data>` +
		`<Data Name="ProcessId">` + pid + `</Data><Data Name="Image">C:\a.exe</Data>` +
		`<Data Name="CommandLine">` + cmd + `</Data></EventData></Event>`
}

func TestBadInput(t *testing.T) {
	long := strings.Repeat("A", 32767)
	tests := []struct {
		name      string
		file      string
		data      []byte
		rows      int64
		malformed int64
		example   string // substring of the first malformed example
	}{
		{name: "broken json line", file: "a.jsonl",
			data: []byte(goodRow + "\n{\"Timestamp\":\"x\n" + goodRow + "\n"),
			rows: 2, malformed: 1, example: "a.jsonl:2: malformed JSON"},
		{name: "wrong type", file: "b.jsonl",
			data: []byte(goodRow + "\n" + strings.Replace(goodRow, "7}", `"seven"}`, 1) + "\n"),
			rows: 1, malformed: 1, example: "b.jsonl:2: column ProcessId"},
		{name: "nul and invalid utf8 in json", file: "c.jsonl",
			data: []byte(strings.Replace(goodRow, "a.exe", "a\x00\xff\\ud800.exe", 1) + "\n"),
			rows: 1},
		{name: "huge command line", file: "d.jsonl",
			data: []byte(strings.Replace(goodRow, "a.exe", long, 1) + "\n"), rows: 1},
		{name: "truncated xml event", file: "e.xml",
			data: []byte("<Events>" + sysmonXML("1", "x") + sysmonXML("2", "y")[:200] +
				sysmonXML("3", long) + "</Events>"),
			rows: 2, malformed: 1, example: "truncated event"},
		{name: "xml cut at end", file: "f.xml",
			data: []byte(sysmonXML("1", "x") + "\n" + sysmonXML("2", "y")[:150]),
			rows: 1, malformed: 1, example: "f.xml:2: truncated event"},
		{name: "utf16 xml with nul", file: "g.xml",
			data: utf16LE(sysmonXML("1", "a\x00b") + "\r\n" + sysmonXML("2", "\U0001F600")),
			rows: 2},
		{name: "utf16 without bom", file: "g2.xml",
			data: utf16LE(sysmonXML("1", "x"))[2:], rows: 1},
		{name: "csv wrong column count", file: "h.csv",
			data: []byte("Timestamp,ActionType,FileName\n2025-03-14T09:26:53Z,ProcessCreated,a\n" +
				"x,y\n2025-03-14T09:26:53Z,ProcessCreated,\"multi\nline\"\n"),
			rows: 2, malformed: 1, example: "h.csv:3: row has 2 fields"},
		{name: "csv ambiguous date", file: "i.csv",
			data: []byte("Timestamp,ActionType,FileName\n3/4/2025 10:00:00,ProcessCreated,a\n" +
				"\"3/14/2025, 9:26:53.446 AM\",ProcessCreated,b\n"),
			rows: 1, malformed: 1, example: "ambiguous date"},
	}
	req := input.Request{Tables: tableCols(t, "DeviceProcessEvents")}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := write(t, t.TempDir(), tc.file, tc.data)
			_, sum := read(t, req, p)
			if got := sum.Rows["DeviceProcessEvents"]; got != tc.rows {
				t.Errorf("rows = %d, want %d (summary %+v)", got, tc.rows, sum)
			}
			sk := sum.Skipped[input.ReasonMalformed]
			var n int64
			if sk != nil {
				n = sk.Count
			}
			if n != tc.malformed {
				t.Fatalf("malformed = %d, want %d: %+v", n, tc.malformed, sk)
			}
			if tc.example != "" && !strings.Contains(sk.Examples[0].String(), tc.example) {
				t.Errorf("example %q does not contain %q", sk.Examples[0], tc.example)
			}
		})
	}
}

func TestWalkZipStdin(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "sub/rows.jsonl", []byte(goodRow+"\n"))
	write(t, dir, "sub/deeper/ev.txt", []byte(sysmonXML("5", "x")))
	write(t, dir, "notes.md", []byte("# not telemetry\n"))
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, body := range map[string]string{"in/a.json": goodRow, "readme": "hello"} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	write(t, dir, "archive.bin", zbuf.Bytes())

	req := input.Request{Tables: tableCols(t, "DeviceProcessEvents"),
		Stdin: strings.NewReader(goodRow + "\n" + goodRow + "\n")}
	c, sum := read(t, req, dir, "-", filepath.Join(dir, "missing.json"))
	if got := len(c.rows["DeviceProcessEvents"]); got != 5 {
		t.Errorf("rows = %d, want 5; summary %+v", got, sum)
	}
	var skipped []string
	for _, sf := range sum.SkippedFiles {
		skipped = append(skipped, filepath.Base(sf.Name))
	}
	if strings.Join(skipped, ",") != "archive.bin!readme,notes.md" {
		t.Errorf("skipped files = %v", skipped)
	}
	formats := map[string]string{}
	for _, in := range sum.Inputs {
		formats[filepath.Base(in.Name)] = in.Format
		if filepath.Base(in.Name) == "missing.json" && in.Err == "" {
			t.Error("missing file has no error")
		}
	}
	want := map[string]string{"rows.jsonl": "json-rows", "ev.txt": "event-xml",
		"archive.bin": "zip", "a.json": "json-rows", "<stdin>": "json-rows"}
	for k, v := range want {
		if formats[k] != v {
			t.Errorf("format of %s = %q, want %q (all %v)", k, formats[k], v, formats)
		}
	}
}

func TestOTRFZips(t *testing.T) {
	tests := []struct {
		file  string
		table string
		rows  int64
		// merged: the 4688 twins merge despite OTRF's shifted clocks
		merged int64
	}{
		{"datasets/otrf/cmd_seatbelt_group_user.zip", "DeviceProcessEvents", 2, 2},
		{"datasets/otrf/psh_python_webserver.zip", "DeviceProcessEvents", 3, 3},
		{"datasets/otrf/Microsoft365DefenderEvents.Zip", "DeviceEvents", 5, 0},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			p := testenv.Shared(t, tc.file)
			req := input.Request{Tables: tableCols(t, "DeviceProcessEvents", "DeviceEvents")}
			c, sum := read(t, req, p)
			if got := sum.Rows[tc.table]; got != tc.rows {
				t.Errorf("%s rows = %d, want %d", tc.table, got, tc.rows)
			}
			if sum.Merged != tc.merged {
				t.Errorf("merged = %d, want %d", sum.Merged, tc.merged)
			}
			if sum.Skipped[input.ReasonMalformed] != nil {
				t.Errorf("malformed: %+v", sum.Skipped[input.ReasonMalformed])
			}
			if tc.table == "DeviceEvents" {
				checkUnion(t, req.Tables["DeviceEvents"], c.rows["DeviceEvents"])
			}
		})
	}
}

// checkUnion checks that union-suffixed columns (ReportId_long, ...)
// were read into their plain columns.
func checkUnion(t *testing.T, cols []schema.Column, rows [][]value.Value) {
	t.Helper()
	if len(rows) == 0 {
		t.Fatal("no DeviceEvents rows")
	}
	filled := 0
	for _, r := range rows {
		if v := r[colIndex(cols, "ReportId")]; !v.IsNull() {
			filled++
		}
	}
	if filled == 0 {
		t.Error("ReportId never filled from ReportId_long/ReportId_string")
	}
}

func colIndex(cols []schema.Column, name string) int {
	for i, c := range cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}

func TestPreScanTimestamp(t *testing.T) {
	p := testenv.Shared(t, "datasets/examples_synthetic/mde_advanced_hunting_rows.jsonl")
	tab, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	ts, _ := tab.Column("Timestamp")
	req := input.Request{Tables: map[string][]schema.Column{"DeviceProcessEvents": {ts}}}
	c, _ := read(t, req, p)
	rows := c.rows["DeviceProcessEvents"]
	if len(rows) != 1 || len(rows[0]) != 1 || rows[0][0].Text() != "2025-03-14T09:26:53.4461234Z" {
		t.Errorf("rows = %v", rows)
	}
}

func TestNoTables(t *testing.T) {
	if _, err := input.Read(context.Background(), nil, input.Request{}, nil); err == nil {
		t.Error("no error for an empty request")
	}
}
