package jsonfmt_test

import (
	"testing"

	_ "github.com/kqlhunt/kqlhunt/input/all"
	"github.com/kqlhunt/kqlhunt/input/inputtest"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

func FuzzJSONLines(f *testing.F) {
	inputtest.Seed(f, testenv.SharedDir(), "datasets/examples_synthetic/*.json*")
	f.Add([]byte(`{"Timestamp":"2025-03-14T09:26:53Z","ActionType":"ProcessCreated"}` + "\n" +
		`{"Type":"DeviceProcessEvents","ProcessId":"x","AdditionalFields":"{\"a\":1}"}`))
	f.Add([]byte(`[{"ReportId_long":1,"ReportId_string":"","ActionType":"LdapSearch"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inputtest.Run(t, "fuzz.json", data)
	})
}

func FuzzWindowsJSON(f *testing.F) {
	inputtest.Seed(f, testenv.SharedDir(), "datasets/examples_synthetic/sysmon_*.json*",
		"datasets/examples_synthetic/security_*.json")
	f.Add([]byte(`{"EventID":4688,"Channel":"Security","NewProcessId":"0x1","Hostname":"h"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inputtest.Run(t, "fuzz.json", data)
	})
}
