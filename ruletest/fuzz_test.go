package ruletest

import "testing"

// FuzzParse checks that no test file makes Parse panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(testFile))
	f.Add([]byte("query: x\ntests: [{name: a, expect: [{A: [1, {b: c}]}], events: [{rows: [{}]}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Parse(data, "fuzz.test.yaml")
	})
}

// BenchmarkCompare measures matching 200 expected rows against 200
// returned rows in reverse order.
func BenchmarkCompare(b *testing.B) {
	want, cols, rows := benchRows(200)
	for b.Loop() {
		if d := compare(want, false, cols, rows); d != "" {
			b.Fatal(d)
		}
	}
}
