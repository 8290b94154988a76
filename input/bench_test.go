package input_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// benchRow is one advanced-hunting DeviceProcessEvents row of typical
// width (about 3 KB), with %d placeholders varied per line.
const benchRow = `{"Timestamp":"2025-03-14T09:26:%02d.4461234Z","DeviceId":` +
	`"b7e3c2a19f0d4e8a6c5b3a2f1e0d9c8b7a6f5e4d","DeviceName":"wks-%04d.contoso.example",` +
	`"ActionType":"ProcessCreated","FileName":"powershell.exe","FolderPath":` +
	`"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","SHA1":` +
	`"3b1e2f0c9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c","SHA256":` +
	`"1f2e3d4c5b6a79880f1e2d3c4b5a69788f0e1d2c3b4a59687f0e1d2c3b4a5968","MD5":` +
	`"9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d","FileSize":450560,"ProcessVersionInfoCompanyName":` +
	`"Microsoft Corporation","ProcessVersionInfoProductName":"Microsoft\u00ae Windows\u00ae ` +
	`Operating System","ProcessVersionInfoProductVersion":"10.0.19041.3636",` +
	`"ProcessVersionInfoInternalFileName":"POWERSHELL","ProcessVersionInfoOriginalFileName":` +
	`"PowerShell.EXE","ProcessVersionInfoFileDescription":"Windows PowerShell","ProcessId":%d,` +
	`"ProcessCommandLine":"powershell.exe -NoProfile -Command \"Get-ChildItem -Path ` +
	`C:\\Users\\jdoe -Recurse -Include *.docx,*.xlsx,*.pdf -ErrorAction SilentlyContinue | ` +
	`Copy-Item -Destination C:\\ProgramData\\stg%d\\\"","ProcessIntegrityLevel":"Medium",` +
	`"ProcessTokenElevation":"TokenElevationTypeLimited","ProcessCreationTime":` +
	`"2025-03-14T09:26:53.4410000Z","AccountDomain":"contoso","AccountName":"jdoe",` +
	`"AccountSid":"S-1-5-21-1004336348-1177238915-682003330-1104","AccountUpn":` +
	`"jdoe@contoso.example","AccountObjectId":"0c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5",` +
	`"LogonId":3967506,"InitiatingProcessAccountDomain":"contoso",` +
	`"InitiatingProcessAccountName":"jdoe","InitiatingProcessAccountSid":` +
	`"S-1-5-21-1004336348-1177238915-682003330-1104","InitiatingProcessAccountUpn":` +
	`"jdoe@contoso.example","InitiatingProcessAccountObjectId":` +
	`"0c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5","InitiatingProcessLogonId":3967506,` +
	`"InitiatingProcessIntegrityLevel":"Medium","InitiatingProcessTokenElevation":` +
	`"TokenElevationTypeLimited","InitiatingProcessSHA1":"0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",` +
	`"InitiatingProcessSHA256":"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",` +
	`"InitiatingProcessMD5":"fedcba98765432100123456789abcdef","InitiatingProcessFileName":` +
	`"cmd.exe","InitiatingProcessFileSize":289792,"InitiatingProcessVersionInfoCompanyName":` +
	`"Microsoft Corporation","InitiatingProcessVersionInfoProductName":"Microsoft Windows",` +
	`"InitiatingProcessVersionInfoProductVersion":"10.0.19041.3636",` +
	`"InitiatingProcessVersionInfoInternalFileName":"cmd",` +
	`"InitiatingProcessVersionInfoOriginalFileName":"Cmd.Exe",` +
	`"InitiatingProcessVersionInfoFileDescription":"Windows Command Processor",` +
	`"InitiatingProcessId":6120,"InitiatingProcessCommandLine":"C:\\Windows\\system32\\cmd.exe ` +
	`/c \"C:\\Users\\jdoe\\AppData\\Local\\Temp\\collect.bat\"","InitiatingProcessCreationTime":` +
	`"2025-03-14T09:26:52.9870000Z","InitiatingProcessFolderPath":"c:\\windows\\system32\\cmd.exe",` +
	`"InitiatingProcessParentId":4412,"InitiatingProcessParentFileName":"explorer.exe",` +
	`"InitiatingProcessParentCreationTime":"2025-03-14T08:02:11.0970000Z",` +
	`"InitiatingProcessSignerType":"OsVendor","InitiatingProcessSignatureStatus":"Valid",` +
	`"ReportId":%d,"AppGuardContainerId":"","AdditionalFields":null,` +
	`"InitiatingProcessSessionId":1,"IsInitiatingProcessRemoteSession":false,` +
	`"InitiatingProcessRemoteSessionDeviceName":"","InitiatingProcessRemoteSessionIP":"",` +
	`"CreatedProcessSessionId":1,"IsProcessRemoteSession":false,` +
	`"ProcessRemoteSessionDeviceName":"","ProcessRemoteSessionIP":"",` +
	`"InitiatingProcessUniqueId":"5348024557502464","ProcessUniqueId":"5348024557502471"}`

// writeBenchFile writes about size bytes of JSON lines and returns the
// path and the exact size.
func writeBenchFile(b *testing.B, size int) (string, int64) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "rows.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	n := 0
	for i := 0; n < size; i++ {
		k, _ := fmt.Fprintf(w, benchRow+"\n", i%60, i%5000, 1000+i%60000, i%97, i)
		n += k
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path, int64(n)
}

func pick(b *testing.B, names ...string) map[string][]schema.Column {
	tab, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	var cols []schema.Column
	for _, n := range names {
		c, ok := tab.Column(n)
		if !ok {
			b.Fatalf("no column %s", n)
		}
		cols = append(cols, c)
	}
	return map[string][]schema.Column{"DeviceProcessEvents": cols}
}

func BenchmarkJSONLines(b *testing.B) {
	path, size := writeBenchFile(b, 64<<20)
	all, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	cases := []struct {
		name   string
		tables map[string][]schema.Column
	}{
		{"timestamp-only", pick(b, "Timestamp")},
		{"query-8-columns", pick(b, "Timestamp", "DeviceName", "FileName",
			"ProcessCommandLine", "InitiatingProcessFileName", "InitiatingProcessCommandLine",
			"AccountName", "FolderPath")},
		{"all-columns", map[string][]schema.Column{"DeviceProcessEvents": all.Columns}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			var rows atomic.Int64
			cpu0 := cpuTime()
			for b.Loop() {
				_, err := input.Read(context.Background(), []string{path},
					input.Request{Tables: tc.tables},
					func(_ string, r [][]value.Value) { rows.Add(int64(len(r))) })
				if err != nil {
					b.Fatal(err)
				}
			}
			if rows.Load() == 0 {
				b.Fatal("no rows")
			}
			// Throughput per CPU-second: robust to a busy machine, and what
			// "MB/s per core" means.
			if cpu := (cpuTime() - cpu0).Seconds(); cpu > 0 {
				b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
			}
		})
	}
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
