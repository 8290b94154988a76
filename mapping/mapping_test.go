package mapping_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/input/eventxml"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/winevent"
)

func columns(t testing.TB, table string) []schema.Column {
	t.Helper()
	tab, ok := schema.Builtin().Lookup(table)
	if !ok {
		t.Fatalf("no table %s", table)
	}
	return tab.Columns
}

// mapOne maps ev to every column of table and returns the row by name.
func mapOne(t testing.TB, ev *winevent.Event, table string) map[string]value.Value {
	t.Helper()
	cols := columns(t, table)
	m := mapping.New(map[string][]schema.Column{table: cols})
	out := map[string]value.Value{}
	n := m.Map(ev, func(tab string, row []value.Value) {
		for i, c := range cols {
			out[c.Name] = row[i]
		}
	})
	if n != 1 {
		t.Fatalf("Map produced %d rows, want 1", n)
	}
	return out
}

func parseFile(t testing.TB, rel string) *winevent.Event {
	t.Helper()
	data, err := os.ReadFile(testenv.Shared(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	var ev winevent.Event
	if err := eventxml.Parse(data, &ev); err != nil {
		t.Fatal(err)
	}
	return &ev
}

func TestSysmonExpected(t *testing.T) {
	ev := parseFile(t, "datasets/examples_synthetic/sysmon_eid1_eventviewer.xml")
	data, err := os.ReadFile(testenv.Shared(t,
		"datasets/examples_synthetic/expected_DeviceProcessEvents_from_sysmon_eid1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	got := mapOne(t, ev, mapping.ProcessTable)
	for k, w := range want {
		if strings.HasPrefix(k, "_") {
			continue
		}
		g, ok := got[k]
		if !ok {
			t.Errorf("no column %s", k)
			continue
		}
		switch w := w.(type) {
		case nil:
			if !g.IsNull() && g.Str() != "" {
				t.Errorf("%s = %s, want null", k, g.Text())
			}
		case float64:
			if g.Long() != int64(w) || g.IsNull() {
				t.Errorf("%s = %s, want %v", k, g.Text(), w)
			}
		case string:
			if g.Type() == value.DateTime {
				wt, _ := time.Parse(time.RFC3339Nano, w)
				if !g.Time().Equal(wt) {
					t.Errorf("%s = %s, want %s", k, g.Text(), w)
				}
			} else if g.Str() != w {
				t.Errorf("%s = %q, want %q", k, g.Str(), w)
			}
		}
	}
	extras, _ := got["AdditionalFields"].Bag()
	if v, ok := extras.Get("ProcessGuid"); !ok || v.Str() != "{3F2A1B0C-2D3E-65F2-9C01-000000002A00}" {
		t.Errorf("AdditionalFields.ProcessGuid = %v", v.Text())
	}
}

func event(provider string, id int, fields ...string) *winevent.Event {
	ev := &winevent.Event{Provider: provider, EventID: id, Computer: "HOST",
		TimeCreated: time.Date(2025, 3, 14, 9, 26, 53, 445221000, time.UTC)}
	for i := 0; i+1 < len(fields); i += 2 {
		ev.Data = append(ev.Data, winevent.Field{Name: fields[i], Value: fields[i+1]})
	}
	return ev
}

const (
	sysmon   = "Microsoft-Windows-Sysmon"
	security = "Microsoft-Windows-Security-Auditing"
)

func TestSecurity4688(t *testing.T) {
	tests := []struct {
		name string
		ev   *winevent.Event
		want map[string]string
	}{
		{"subject account, padded hex pids", event(security, 4688,
			"SubjectUserSid", "S-1-5-18", "SubjectUserName", "WKS$", "SubjectDomainName", "CORP",
			"SubjectLogonId", "0x3e7", "NewProcessId", "0x00000000000021a4",
			"NewProcessName", `C:\Windows\System32\cmd.exe`, "TokenElevationType", "%%1936",
			"ProcessId", "0x000004f0", "CommandLine", "",
			"TargetUserSid", "S-1-0-0", "TargetUserName", "-", "TargetDomainName", "-",
			"TargetLogonId", "0x0", "MandatoryLabel", "S-1-16-16384"),
			map[string]string{"ProcessId": "8612", "InitiatingProcessId": "1264",
				"FileName": "cmd.exe", "FolderPath": `C:\Windows\System32\cmd.exe`,
				"AccountName": "WKS$", "AccountDomain": "CORP", "LogonId": "999",
				"ProcessTokenElevation": "TokenElevationTypeDefault",
				"ProcessIntegrityLevel": "System", "ProcessCommandLine": "",
				"InitiatingProcessFileName": "", "InitiatingProcessLogonId": "999",
				"Timestamp": "2025-03-14T09:26:53.4452210Z"}},
		{"target account even with S-1-0-0 sid", event(security, 4688,
			"SubjectUserName", "MSEDGEWIN10$", "SubjectDomainName", "WORKGROUP",
			"SubjectLogonId", "0x3e7", "NewProcessId", "0x17b8", "ProcessId", "0x2a0",
			"NewProcessName", `\Device\Mup\VBoxSvr\x\MalSeclogon.exe`,
			"TokenElevationType", "%%1937", "TargetUserSid", "S-1-0-0",
			"TargetUserName", "IEUser", "TargetDomainName", "MSEDGEWIN10",
			"TargetLogonId", "0x16e3db3", "ParentProcessName", `C:\Windows\System32\lsass.exe`,
			"MandatoryLabel", "S-1-16-12288"),
			map[string]string{"ProcessId": "6072", "AccountName": "IEUser",
				"AccountDomain": "MSEDGEWIN10", "LogonId": "24001971",
				"InitiatingProcessAccountName": "MSEDGEWIN10$",
				"InitiatingProcessFileName":    "lsass.exe", "FileName": "MalSeclogon.exe",
				"ProcessTokenElevation": "TokenElevationTypeFull",
				"ProcessIntegrityLevel": "High"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mapOne(t, tc.ev, mapping.ProcessTable)
			for k, w := range tc.want {
				if g := got[k].Text(); g != w {
					t.Errorf("%s = %q, want %q", k, g, w)
				}
			}
		})
	}
}

func TestOtherTables(t *testing.T) {
	tests := []struct {
		name, table string
		ev          *winevent.Event
		want        map[string]string
	}{
		{"sysmon 3 outbound", mapping.NetworkTable, event(sysmon, 3,
			"UtcTime", "2025-03-14 09:26:53.441", "Image", `C:\x\a.exe`, "ProcessId", "12",
			"Protocol", "tcp", "Initiated", "true", "SourceIp", "10.0.0.5", "SourcePort", "50000",
			"DestinationIp", "1.2.3.4", "DestinationPort", "443", "DestinationHostname", "h.example"),
			map[string]string{"ActionType": "ConnectionSuccess", "RemoteIP": "1.2.3.4",
				"RemotePort": "443", "LocalIP": "10.0.0.5", "Protocol": "Tcp",
				"RemoteUrl": "h.example", "InitiatingProcessFileName": "a.exe",
				"Timestamp": "2025-03-14T09:26:53.4410000Z"}},
		{"sysmon 7", mapping.ImageTable, event(sysmon, 7, "Image", `C:\x\a.exe`,
			"ImageLoaded", `C:\Windows\System32\ntdll.dll`, "Hashes", "SHA1=AB,MD5=CD"),
			map[string]string{"ActionType": "ImageLoaded", "FileName": "ntdll.dll", "SHA1": "ab"}},
		{"sysmon 11", mapping.FileTable, event(sysmon, 11, "Image", `C:\x\a.exe`,
			"ProcessId", "7344", "TargetFilename", `C:\ProgramData\stg\Q1.xlsx`),
			map[string]string{"ActionType": "FileCreated", "FileName": "Q1.xlsx",
				"FolderPath": `C:\ProgramData\stg\Q1.xlsx`, "InitiatingProcessId": "7344"}},
		{"sysmon 13", mapping.RegistryTable, event(sysmon, 13, "EventType", "SetValue",
			"TargetObject", `HKLM\SOFTWARE\Run\evil`, "Details", "c:\\e.exe", "Image", `C:\a.exe`),
			map[string]string{"ActionType": "RegistryValueSet",
				"RegistryKey": `HKEY_LOCAL_MACHINE\SOFTWARE\Run`, "RegistryValueName": "evil",
				"RegistryValueData": `c:\e.exe`}},
		{"security to SecurityEvent", mapping.SecurityTable, event(security, 4688,
			"SubjectUserName", "jdoe", "SubjectDomainName", "CONTOSO", "TargetUserName", "-",
			"NewProcessName", `C:\w\p.exe`, "NewProcessId", "0x1cb0", "CommandLine", "p -x"),
			map[string]string{"EventID": "4688", "Account": `CONTOSO\jdoe`, "Process": "p.exe",
				"NewProcessId": "0x1cb0", "CommandLine": "p -x", "Type": "SecurityEvent",
				"Activity": "4688 - A new process has been created."}},
		{"sysmon to Event", mapping.EventTable, event(sysmon, 1, "Image", `a<b`),
			map[string]string{"EventID": "1", "Source": sysmon, "Computer": "HOST"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mapOne(t, tc.ev, tc.table)
			for k, w := range tc.want {
				if g := got[k].Text(); g != w {
					t.Errorf("%s = %q, want %q", k, g, w)
				}
			}
		})
	}
}

func TestEventDataXML(t *testing.T) {
	got := mapOne(t, event(sysmon, 1, "Image", `a<b`), mapping.EventTable)
	if s := got["EventData"].Str(); !strings.Contains(s, `<Data Name="Image">a&lt;b</Data>`) {
		t.Errorf("EventData = %s", s)
	}
}
