package decode

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// inventedXML is a Sysmon process creation made up for the test.
const inventedXML = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">` +
	`<System><Provider Name="Microsoft-Windows-Sysmon"/><EventID>1</EventID>` +
	`<TimeCreated SystemTime="2025-03-14T10:00:00.000Z"/><Computer>pc7.example</Computer>` +
	`</System><EventData><Data Name="Image">C:\Windows\System32\whoami.exe</Data>` +
	`<Data Name="CommandLine">whoami /all</Data><Data Name="ProcessId">4242</Data>` +
	`</EventData></Event>`

// inventedBeat is a winlogbeat (raw winlog) Sysmon 1 made up for the test.
const inventedBeat = `{"@timestamp":"2025-03-14T10:00:01.000Z","winlog":{` +
	`"provider_name":"Microsoft-Windows-Sysmon","event_id":1,` +
	`"computer_name":"pc8.example","event_data":{"Image":"C:\\Windows\\System32\\net.exe",` +
	`"CommandLine":"net user","ProcessId":"77"}}}`

// dpeColumns returns the built-in DeviceProcessEvents columns.
func dpeColumns(t *testing.T) []schema.Column {
	t.Helper()
	tab, ok := schema.Builtin().Lookup("DeviceProcessEvents")
	if !ok {
		t.Fatal("no DeviceProcessEvents table")
	}
	return tab.Columns
}

// readLine reads a shared example and flattens it to one line.
func readLine(t *testing.T, rel string) string {
	data, err := os.ReadFile(testenv.Shared(t, "datasets/examples_synthetic/"+rel))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		var b bytes.Buffer
		if err := json.Compact(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	flat := regexp.MustCompile(`>\s+<`).ReplaceAll(bytes.TrimSpace(data), []byte("><"))
	return string(bytes.ReplaceAll(flat, []byte("\n"), []byte(" ")))
}

func TestEventsFallback(t *testing.T) {
	cols := dpeColumns(t)
	index := map[string]int{}
	for i, c := range cols {
		index[c.Name] = i
	}
	d := New(map[string][]schema.Column{"DeviceProcessEvents": cols}, "DeviceProcessEvents")
	d.Fallback = Events()
	tests := []struct {
		name, file, msg, device, cmd string
	}{
		{"invented xml", "", inventedXML, "pc7.example", "whoami /all"},
		{"invented winlogbeat", "", inventedBeat, "pc8.example", "net user"},
		{"sysmon xml", "sysmon_eid1_eventviewer.xml", "", "wks-0420.contoso.example", ""},
		{"winlogbeat ecs", "sysmon_eid1_winlogbeat_ecs.json", "", "wks-0420.contoso.example",
			""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := tc.msg
			if tc.file != "" {
				msg = readLine(t, tc.file)
			}
			var rows [][]value.Value
			n, err := d.Decode([]byte(msg), func(table string, row []value.Value, _ *mapping.Origin) {
				if table != "DeviceProcessEvents" || len(row) != len(cols) {
					t.Fatalf("row of %s with %d columns", table, len(row))
				}
				rows = append(rows, row)
			})
			if err != nil || n != 1 || len(rows) != 1 {
				t.Fatalf("got %d rows, err %v; want 1", n, err)
			}
			row := rows[0]
			if got := row[index["DeviceName"]].Str(); !equalFold(got, tc.device) {
				t.Errorf("DeviceName %q, want %q", got, tc.device)
			}
			cmd := row[index["ProcessCommandLine"]].Str()
			if tc.cmd != "" && cmd != tc.cmd || cmd == "" {
				t.Errorf("ProcessCommandLine %q, want %q", cmd, tc.cmd)
			}
			if row[index["Timestamp"]].IsNull() {
				t.Errorf("no Timestamp")
			}
		})
	}
}

func TestEventsFallbackRefuses(t *testing.T) {
	d := New(map[string][]schema.Column{"DeviceProcessEvents": dpeColumns(t)},
		"DeviceProcessEvents")
	d.Fallback = Events()
	for _, msg := range []string{`not json`, `{"a":1}`, `<Event><System>`} {
		if n, err := d.Decode([]byte(msg), func(string, []value.Value, *mapping.Origin) {}); err == nil {
			t.Errorf("%s: %d rows, no error", msg, n)
		}
	}
}

func equalFold(a, b string) bool { return bytes.EqualFold([]byte(a), []byte(b)) }

// TestEventsOrigin decodes the Sysmon 1 and the Security 4688 of one
// invented process from two messages: each row comes with its origin,
// and the two origins pair; a JSON row comes with none.
func TestEventsOrigin(t *testing.T) {
	d := New(map[string][]schema.Column{"DeviceProcessEvents": dpeColumns(t)},
		"DeviceProcessEvents")
	d.Fallback = Events()
	origin := func(msg string) *mapping.Origin {
		t.Helper()
		var got []*mapping.Origin
		_, err := d.Decode([]byte(msg), func(_ string, _ []value.Value, o *mapping.Origin) {
			got = append(got, o)
		})
		if err != nil || len(got) != 1 {
			t.Fatalf("%d rows, err %v; want 1", len(got), err)
		}
		return got[0]
	}
	sysmon := origin(readLine(t, "sysmon_eid1_eventviewer.xml"))
	sec := origin(readLine(t, "security_4688_eventviewer.xml"))
	if sysmon == nil || sec == nil || !sysmon.Sysmon || sec.Sysmon ||
		sysmon.Key.PID != 7344 || sec.Key.PID != 7344 {
		t.Fatalf("origins %+v and %+v: want Sysmon 1 and 4688 of process 7344", sysmon, sec)
	}
	var pool mapping.Pool[string]
	pool.Add(sysmon.Key, true, "sysmon")
	if got, ok := pool.Take(sec.Key, false); !ok || got != "sysmon" {
		t.Errorf("the 4688 does not pair with the Sysmon 1")
	}
	if o := origin(`{"Type":"DeviceProcessEvents","DeviceName":"pc9"}`); o != nil {
		t.Errorf("a JSON row has origin %+v", o)
	}
}
