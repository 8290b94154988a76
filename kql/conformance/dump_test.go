package conformance

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDumpFailures is a debugging aid: with CF_FILE set to a case file it
// prints each failing case whose reason contains CF_FILTER.
func TestDumpFailures(t *testing.T) {
	file := os.Getenv("CF_FILE")
	if file == "" {
		t.Skip("set CF_FILE (and CF_FILTER) to list failing cases")
	}
	filter := os.Getenv("CF_FILTER")
	cases, err := ReadCases(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range RunCases(cases) {
		if r.Pass || !strings.Contains(r.Reason, filter) {
			continue
		}
		for _, c := range cases {
			if c.ID == r.ID {
				fmt.Printf("=== %s\n%s\n--> %s\n", c.ID, c.Query, r.Reason)
			}
		}
	}
}
