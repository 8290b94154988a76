// Package inputtest helps test and fuzz input formats: it reads bytes as
// one input through every registered format and checks the invariants
// every decoder must keep.
package inputtest

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Tables are the tables Run requests, with all their columns.
var Tables = []string{"DeviceProcessEvents", "DeviceFileEvents", "DeviceEvents",
	"SecurityEvent", "Event", "DeviceNetworkEvents"}

// Run reads data as one input named name and checks that every row has
// exactly the requested columns with the requested types (or null).
func Run(tb testing.TB, name string, data []byte) *input.Summary {
	tb.Helper()
	req := input.Request{Tables: map[string][]schema.Column{}}
	for _, n := range Tables {
		t, _ := schema.Builtin().Lookup(n)
		req.Tables[n] = t.Columns
	}
	src := input.NewSource(name, int64(len(data)), func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
	var mu sync.Mutex
	var bad string
	sink := func(table string, rows [][]value.Value) {
		cols := req.Tables[table]
		for _, r := range rows {
			if len(r) != len(cols) {
				mu.Lock()
				bad = table + ": row width differs from the request"
				mu.Unlock()
				return
			}
			for i, v := range r {
				if v.Type() != cols[i].Type {
					mu.Lock()
					bad = table + "." + cols[i].Name + " has type " + v.Type().String()
					mu.Unlock()
				}
			}
		}
	}
	sum, err := input.ReadSource(context.Background(), src, req, sink)
	if err != nil {
		tb.Fatalf("ReadSource: %v", err)
	}
	if bad != "" {
		tb.Fatal(bad)
	}
	return sum
}

// Seed adds the files matching pattern under the shared data folder (when
// present) to a fuzz corpus.
func Seed(f *testing.F, shared string, patterns ...string) {
	if shared == "" {
		return
	}
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join(shared, p))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 1<<20 {
				f.Add(data)
			}
		}
	}
}
