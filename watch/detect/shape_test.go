package detect

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		name, query       string
		streamable, keyed bool
	}{
		{"filter", "DeviceProcessEvents | where FileName =~ 'x.exe' | project A, B", true, true},
		{"sort is fine per event", "T | where a | extend b = 1 | sort by Timestamp desc",
			true, true},
		{"scalar let", "let S = dynamic(['.doc', '|']); T | where x has_any (S)", true, true},
		{"pipe in string", "T | where x == 'a | summarize'", true, true},
		{"pipe in comment", "T // | summarize count()\n| where x", true, true},
		{"count by key", "T | summarize count() by DeviceId, bin(Timestamp, 1h)", false, true},
		{"count by other", "T | summarize count() by DeviceName", false, false},
		{"global count", "T | summarize count()", false, false},
		{"key renamed", "T | summarize n = count() by Id = DeviceId", false, true},
		{"take", "T | take 10", false, false},
		{"join on key", "T | join kind=inner (U | where y) on DeviceId", false, true},
		{"join on key pair", "T | join (U) on $left.DeviceId == $right.DeviceId", false, true},
		{"join elsewhere", "T | join (U) on ReportId", false, false},
		{"sub-pipeline aggregates", "T | where x in ((U | summarize by DeviceName | " +
			"project DeviceName))", false, false},
		{"tabular let", "let U = T | summarize c = count() by DeviceId; U | where c > 3",
			false, true},
		{"union", "union T, U | where x", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Classify(tc.query, "DeviceId")
			if s.Streamable != tc.streamable || s.Keyable != tc.keyed {
				t.Errorf("streamable %v keyable %v (%q, %q), want %v %v", s.Streamable,
					s.Keyable, s.Why, s.WhyNotKeyed, tc.streamable, tc.keyed)
			}
		})
	}
}
