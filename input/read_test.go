package input_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/kqlhunt/kqlhunt/input"
	_ "github.com/kqlhunt/kqlhunt/input/all"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// collected gathers what a Read delivers.
type collected struct {
	mu   sync.Mutex
	rows map[string][][]value.Value
}

func (c *collected) sink(table string, rows [][]value.Value) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil {
		c.rows = map[string][][]value.Value{}
	}
	c.rows[table] = append(c.rows[table], rows...)
}

// tableCols returns every column of the named built-in tables.
func tableCols(t testing.TB, names ...string) map[string][]schema.Column {
	t.Helper()
	out := map[string][]schema.Column{}
	for _, n := range names {
		tab, ok := schema.Builtin().Lookup(n)
		if !ok {
			t.Fatalf("no table %s", n)
		}
		out[n] = tab.Columns
	}
	return out
}

// read runs input.Read over paths and returns rows and summary.
func read(t testing.TB, req input.Request, paths ...string) (*collected, *input.Summary) {
	t.Helper()
	var c collected
	sum, err := input.Read(context.Background(), paths, req, c.sink)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return &c, sum
}

// get returns the named column of a row as text.
func get(t testing.TB, cols []schema.Column, row []value.Value, name string) string {
	t.Helper()
	for i, c := range cols {
		if c.Name == name {
			return row[i].Text()
		}
	}
	t.Fatalf("no column %s", name)
	return ""
}

func TestSyntheticExamplesNormalise(t *testing.T) {
	dir := testenv.Shared(t, "datasets/examples_synthetic")
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	want := map[string]string{
		"FileName":                  "powershell.exe",
		"FolderPath":                `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"ProcessId":                 "7344",
		"InitiatingProcessFileName": "cmd.exe",
		"InitiatingProcessId":       "6120",
		"AccountName":               "jdoe",
	}
	const cmd = `powershell.exe -NoProfile -Command "Get-ChildItem -Path C:\Users\jdoe ` +
		`-Recurse -Include *.docx,*.xlsx,*.pdf -ErrorAction SilentlyContinue | ` +
		`Copy-Item -Destination C:\ProgramData\stg\"`
	noProcess := map[string]bool{
		"expected_DeviceProcessEvents_from_sysmon_eid1.json": true,
		"sysmon_eid11_eventviewer.xml":                       true,
	}
	req := input.Request{Tables: tableCols(t, "DeviceProcessEvents")}
	cols := req.Tables["DeviceProcessEvents"]
	for _, f := range files {
		name := filepath.Base(f)
		if noProcess[name] {
			continue
		}
		t.Run(name, func(t *testing.T) {
			c, sum := read(t, req, f)
			rows := c.rows["DeviceProcessEvents"]
			if len(rows) != 1 {
				t.Fatalf("got %d rows, want 1; summary %+v", len(rows), sum)
			}
			for col, w := range want {
				if got := get(t, cols, rows[0], col); !strings.EqualFold(got, w) {
					t.Errorf("%s = %q, want %q", col, got, w)
				}
			}
			if got := get(t, cols, rows[0], "ProcessCommandLine"); got != cmd {
				t.Errorf("ProcessCommandLine = %q", got)
			}
			if got := get(t, cols, rows[0], "Type"); got != "DeviceProcessEvents" {
				t.Errorf("Type = %q", got)
			}
		})
	}
}

func keys[M ~map[string]V, V any](m M) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}
