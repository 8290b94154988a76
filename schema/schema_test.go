package schema

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

// TestDeviceProcessEventsShape: the Sentinel shape of the table, every
// Defender column plus the Log Analytics ones, AdditionalFields dynamic.
func TestDeviceProcessEventsShape(t *testing.T) {
	dpe, ok := Builtin().Lookup("DeviceProcessEvents")
	if !ok {
		t.Fatal("DeviceProcessEvents missing")
	}
	want := map[string]value.Type{
		"Timestamp": value.DateTime, "ProcessCommandLine": value.String,
		"ProcessId": value.Long, "AdditionalFields": value.Dynamic,
		"TenantId": value.String, "TimeGenerated": value.DateTime,
		"SourceSystem": value.String, "Type": value.String, "MachineGroup": value.String,
		"IsProcessRemoteSession": value.Bool, "ProcessUniqueId": value.String,
	}
	for name, typ := range want {
		c, ok := dpe.Column(name)
		if !ok || c.Type != typ {
			t.Errorf("%s: %v %v, want %v", name, c.Type, ok, typ)
		}
	}
	if len(dpe.Columns) != 73 || dpe.Columns[0].Name != "Timestamp" {
		t.Errorf("%d columns starting %s; want 73 from Timestamp", len(dpe.Columns),
			dpe.Columns[0].Name)
	}
	for _, name := range []string{"DeviceFileEvents", "DeviceNetworkEvents", "SecurityEvent",
		"Event", "DeviceRegistryEvents", "DeviceImageLoadEvents"} {
		if _, ok := Builtin().Lookup(name); !ok {
			t.Errorf("table %s missing", name)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"T(a:string", "T(a)", "T(a:varchar)", "(a:string)"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
