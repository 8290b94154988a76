package input_test

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

func TestRealFiles(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		noMerge bool
		format  string
		rows    int64            // DeviceProcessEvents rows
		other   map[string]int64 // rows of other tables
		merged  int64
	}{
		{name: "panache", file: "datasets/derived/PanacheSysmon_vs_AtomicRedTeam01.xml",
			format: "event-xml", rows: 511},
		{name: "tutto merged", file: "datasets/derived/tutto_malseclogon.xml",
			format: "event-xml", rows: 6, merged: 3},
		{name: "tutto unmerged", file: "datasets/derived/tutto_malseclogon.xml",
			format: "event-xml", rows: 9, noMerge: true},
		{name: "token manip 4688 v1", file: "datasets/derived/security_4624_4673_token_manip.xml",
			format: "event-xml", rows: 8},
		{name: "mde csv union", file: "datasets/mde/defender_portal_ah_union_export_REDACTED.csv",
			format: "csv", rows: 1, other: map[string]int64{"DeviceEvents": 17, "DeviceNetworkEvents": 8}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := testenv.Shared(t, tc.file)
			req := input.Request{Tables: tableCols(t, "DeviceProcessEvents"), NoMerge: tc.noMerge}
			c, sum := read(t, req, path)
			if got := int64(len(c.rows["DeviceProcessEvents"])); got != tc.rows {
				t.Errorf("rows = %d, want %d", got, tc.rows)
			}
			if sum.Rows["DeviceProcessEvents"] != tc.rows {
				t.Errorf("summary rows = %d, want %d", sum.Rows["DeviceProcessEvents"], tc.rows)
			}
			if sum.Merged != tc.merged {
				t.Errorf("merged = %d, want %d", sum.Merged, tc.merged)
			}
			if len(sum.Inputs) != 1 || sum.Inputs[0].Format != tc.format {
				t.Errorf("inputs = %+v, want format %s", sum.Inputs, tc.format)
			}
			for tab, n := range tc.other {
				if sum.OtherTables[tab] != n {
					t.Errorf("other %s = %d, want %d", tab, sum.OtherTables[tab], n)
				}
			}
			t.Logf("other tables %v skipped %v", sum.OtherTables, keys(sum.Skipped))
			for r, s := range sum.Skipped {
				if r == input.ReasonMalformed {
					t.Errorf("malformed records: %d %v", s.Count, s.Examples)
				}
			}
		})
	}
}
