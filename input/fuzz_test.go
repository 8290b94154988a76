package input

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2025-03-14T09:26:53.4461234Z", "3/14/2025, 9:26:53.446 AM",
		"14/03/2025 09:26:53", "2025-03-14 09:26:53.441", "2025-03-14T10:26:53+01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ticks, err := ParseDateTime([]byte(s)); err == nil {
			_ = value.NewDateTimeTicks(ticks).Text()
		}
	})
}

func FuzzScanObject(f *testing.F) {
	f.Add([]byte(`{"Timestamp":"2025-03-14T09:26:53Z","ProcessId":7,"X":{"a":[1,"\""]}}`))
	f.Add([]byte(`{"AdditionalFields":"{\"k\":\"\\ud83d\\ude00\"}","ReportId_long":null}`))
	tab, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	p := NewPlan(map[string][]schema.Column{tab.Name: tab.Columns})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := p.NewRecord()
		if _, err := p.ScanObject(data, 0, r); err != nil {
			return
		}
		row, err := p.Build(r, tab.Name)
		if err == nil && len(row) != len(tab.Columns) {
			t.Fatalf("row has %d values", len(row))
		}
	})
}
