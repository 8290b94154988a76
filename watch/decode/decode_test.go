package decode

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

var cols = []schema.Column{
	{Name: "Timestamp", Type: value.DateTime}, {Name: "DeviceName", Type: value.String},
	{Name: "ProcessId", Type: value.Long}, {Name: "AdditionalFields", Type: value.Dynamic},
	{Name: "TimeGenerated", Type: value.DateTime},
}

func TestDecode(t *testing.T) {
	d := New(map[string][]schema.Column{"DeviceProcessEvents": cols}, "DeviceProcessEvents")
	tests := []struct {
		name, msg string
		rows      int
		device    string
	}{
		{"row", `{"Timestamp":"2025-03-14T10:00:00.1234567Z","DeviceName":"pc1",` +
			`"ProcessId":42,"Other":[1,{"a":"}"}],"AdditionalFields":"{\"x\":1}"}`, 1, "pc1"},
		{"escaped key", `{"Device\u004eame":"p\u00e9\"c"}`, 1, "pé\"c"},
		{"typed", `{"Type":"DeviceProcessEvents","DeviceName":"pc2"}`, 1, "pc2"},
		{"other table", `{"Type":"DeviceFileEvents","DeviceName":"pc2"}`, 0, ""},
		{"streaming", `{"records":[{"time":"2025-03-14T10:00:00Z","category":` +
			`"AdvancedHunting-DeviceProcessEvents","properties":{"DeviceName":"a"}},` +
			`{"category":"AdvancedHunting-DeviceProcessEvents","properties":` +
			`{"DeviceName":"b","ProcessId":"7"}}]}`, 2, "b"},
		{"array", `[{"DeviceName":"x"},{"DeviceName":"y"}]`, 2, "y"},
		{"byte-order mark", "\xEF\xBB\xBF" + `{"DeviceName":"bom"}`, 1, "bom"},
		{"byte-order mark, array", "\xEF\xBB\xBF" + `[{"DeviceName":"z"}]`, 1, "z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var last []value.Value
			n, err := d.Decode([]byte(tc.msg), func(_ string, row []value.Value, _ *mapping.Origin) { last = row })
			if err != nil || n != tc.rows {
				t.Fatalf("got %d rows, err %v; want %d", n, err, tc.rows)
			}
			if n > 0 && last[1].Str() != tc.device {
				t.Errorf("DeviceName %q, want %q", last[1].Str(), tc.device)
			}
			if n > 0 && !last[4].IsNull() {
				t.Errorf("TimeGenerated %v, want null", last[4])
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	d := New(map[string][]schema.Column{"DeviceProcessEvents": cols}, "DeviceProcessEvents")
	var row []value.Value
	msg := `{"Timestamp":"2025-03-14T10:00:00.5Z","ProcessId":"42","AdditionalFields":{"k":[1]}}`
	keep := func(_ string, r []value.Value, _ *mapping.Origin) { row = r }
	if _, err := d.Decode([]byte(msg), keep); err != nil {
		t.Fatal(err)
	}
	if row[0].Text() != "2025-03-14T10:00:00.5000000Z" || row[2].Long() != 42 ||
		row[3].Text() != `{"k":[1]}` {
		t.Errorf("row %v %v %v", row[0].Text(), row[2].Text(), row[3].Text())
	}
}

func TestDecodeErrors(t *testing.T) {
	d := New(map[string][]schema.Column{"DeviceProcessEvents": cols}, "DeviceProcessEvents")
	for _, msg := range []string{`{"a":`, `{"a" 1}`, `not json`, `{"a":"x}`, `[{"a":1},`,
		`{"winlog":{"event_id":1}}`} {
		if _, err := d.Decode([]byte(msg), func(string, []value.Value, *mapping.Origin) {}); err == nil {
			t.Errorf("%s: no error", msg)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"records":[{"category":"AdvancedHunting-DeviceProcessEvents","properties":{}}]}`)
	f.Add(`{"DeviceName":"a\u00e9","ProcessId":1.5e3}`)
	d := New(map[string][]schema.Column{"DeviceProcessEvents": cols}, "DeviceProcessEvents")
	f.Fuzz(func(t *testing.T, msg string) {
		d.Decode([]byte(msg), func(_ string, row []value.Value, _ *mapping.Origin) {
			if len(row) != len(cols) {
				t.Fatalf("row of %d columns", len(row))
			}
		})
	})
}
