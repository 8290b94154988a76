package input_test

import (
	"context"
	"testing"

	"github.com/kqlhunt/kqlhunt/input"
)

func TestDecodeMessage(t *testing.T) {
	tables := tableCols(t, "DeviceProcessEvents")
	tests := []struct {
		name, msg string
		rows      int64
		known     bool
	}{
		{"event xml", `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">` +
			`<System><Provider Name="Microsoft-Windows-Sysmon"/><EventID>1</EventID>` +
			`<TimeCreated SystemTime="2025-03-14T10:00:00.000Z"/><Computer>pc1</Computer>` +
			`</System><EventData><Data Name="Image">C:\Windows\System32\cmd.exe</Data>` +
			`<Data Name="CommandLine">cmd.exe /c whoami</Data><Data Name="ProcessId">42</Data>` +
			`</EventData></Event>`, 1, true},
		{"json row", `{"Type":"DeviceProcessEvents","DeviceName":"pc2"}`, 1, true},
		{"text", `hello, world`, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c collected
			sum, err := input.DecodeMessage(context.Background(), []byte(tc.msg),
				input.Request{Tables: tables, NoMerge: true}, c.sink)
			if err != nil {
				t.Fatal(err)
			}
			if got := sum.Total(); got != tc.rows {
				t.Errorf("%d rows, want %d (summary %+v)", got, tc.rows, sum)
			}
			if known := len(sum.Inputs) > 0; known != tc.known {
				t.Errorf("recognised %v, want %v", known, tc.known)
			}
			if tc.rows > 0 && len(c.rows["DeviceProcessEvents"]) == 0 {
				t.Errorf("no row delivered")
			}
		})
	}
}
