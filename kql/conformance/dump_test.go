package conformance

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

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
