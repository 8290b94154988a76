package tuning

import (
	"fmt"
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

// FuzzParse checks that no exclusions file makes Parse or Filter panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("exclusions: [{id: a, rules: ['*'], reason: r, when: [{column: FileName, " +
		"regex: '(a|b)+'}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := Parse(data, "fuzz", now)
		if err != nil {
			return
		}
		x.Filter("T1119", "DeviceProcessEvents", cols,
			[][]value.Value{row("a", "b", "c", "d", "e")})
	})
}

// FuzzUsesWatchlists checks that the query scanner never panics.
func FuzzUsesWatchlists(f *testing.F) {
	f.Add("let a = _GetWatchlist('x'); T | where y in (a)")
	f.Add(`@'\' "\"" _GetWatchlist("`)
	f.Fuzz(func(t *testing.T, q string) { UsesWatchlists(q) })
}

// BenchmarkFilter measures the exclusions of the shipped example shape
// over rows none of them removes (the common case).
func BenchmarkFilter(b *testing.B) {
	x, err := Parse([]byte(sample), "x.yaml", now)
	if err != nil {
		b.Fatal(err)
	}
	rows := make([][]value.Value, 1024)
	for i := range rows {
		rows[i] = row("cmd.exe", fmt.Sprintf("cmd.exe /c dir /s C:\\%d\\*.docx", i),
			`c:\windows\system32\cmd.exe`, `C:\Windows\System32\cmd.exe`, "alice")
	}
	b.ResetTimer()
	for b.Loop() {
		x.Filter("T1119", "DeviceProcessEvents", cols, rows)
	}
	b.ReportMetric(float64(b.N*len(rows))/b.Elapsed().Seconds(), "rows/s")
}
