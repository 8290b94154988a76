package kql_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// TestBehaviourScripts runs testdata/behaviour/*.txt. A script has
// sections introduced by lines starting with "--":
//
//	-- now 2025-03-01T12:00:00Z        (optional; now() of the run)
//	-- table DeviceProcessEvents       (columns of a built-in table, then
//	FileName	ProcessCommandLine          tab-separated rows; other columns
//	cmd.exe	dir /s a.docx                 are null)
//	-- query                           (KQL)
//	-- expect                          (the result as render() prints it)
//
// Lines starting with # are comments.
func TestBehaviourScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/behaviour/*.txt")
	if len(files) == 0 {
		t.Fatal("no behaviour scripts")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			runScript(t, string(data))
		})
	}
}

func runScript(t *testing.T, text string) {
	now := testNow
	tables := map[string]*kql.Table{}
	var query, expect []string
	var cur *[]string
	var tab *kql.Table
	var cols []int
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		if f := strings.Fields(line); len(f) > 0 && f[0] == "--" {
			cur, tab = nil, nil
			switch {
			case len(f) == 3 && f[1] == "now":
				tm, err := time.Parse(time.RFC3339, f[2])
				if err != nil {
					t.Fatal(err)
				}
				now = tm
			case len(f) == 3 && f[1] == "table":
				st, ok := schema.Builtin().Lookup(f[2])
				if !ok {
					t.Fatalf("unknown table %s", f[2])
				}
				tab, cols = &kql.Table{Columns: st.Columns}, nil
				tables[f[2]] = tab
			case len(f) == 2 && f[1] == "query":
				cur = &query
			case len(f) == 2 && f[1] == "expect":
				cur = &expect
			default:
				t.Fatalf("bad section line %q", line)
			}
			continue
		}
		switch {
		case cur != nil:
			*cur = append(*cur, line)
		case tab != nil && cols == nil:
			for _, name := range strings.Split(line, "\t") {
				i := schema.NewTable("", tab.Columns).Index(strings.TrimSpace(name))
				if i < 0 {
					t.Fatalf("unknown column %q", name)
				}
				cols = append(cols, i)
			}
		case tab != nil && strings.TrimSpace(line) != "":
			row := make([]value.Value, len(tab.Columns))
			for i, c := range tab.Columns {
				row[i] = value.Null(c.Type)
			}
			for i, cell := range strings.Split(line, "\t") {
				if i < len(cols) {
					c := tab.Columns[cols[i]]
					row[cols[i]] = builtin.ConvertTo(value.NewString(cell), c.Type)
				}
			}
			tab.Rows = append(tab.Rows, row)
		}
	}
	res, err := kql.Eval(context.Background(), strings.Join(query, "\n"), tables, now)
	got := ""
	if err != nil {
		got = "error: " + err.Error()
	} else {
		got = render(res)
	}
	want := strings.TrimRight(strings.Join(expect, "\n"), "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
