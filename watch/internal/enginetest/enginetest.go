// Package enginetest provides detection engines written in Go for the
// tests of kqlhunt watch, so that they do not depend on the KQL engine:
// a filter (a stand-in for the seed rule T1119) and summarize count() by
// a column.
package enginetest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/detect"
)

// Table is the table the test queries read.
const Table = "DeviceProcessEvents"

// Engine compiles rules by id to the queries registered for them.
type Engine map[string]*Query

// Compile returns the query registered for r.ID.
func (e Engine) Compile(r *rules.Rule) (detect.Query, error) {
	q, ok := e[r.ID]
	if !ok {
		return nil, fmt.Errorf("no test query for rule %s", r.ID)
	}
	return q, nil
}

// Query is a query written in Go over rows of Table.
type Query struct {
	In   []schema.Column
	Out  []schema.Column
	Eval func(now time.Time, rows [][]value.Value) [][]value.Value
}

// Tables reports Table with the input columns.
func (q *Query) Tables() []detect.TableUse {
	return []detect.TableUse{{Name: Table, Columns: q.In}}
}

// Columns returns the output columns.
func (q *Query) Columns() []schema.Column { return q.Out }

// Start begins a run.
func (q *Query) Start(_ context.Context, now time.Time) detect.Run {
	return &run{q: q, now: now}
}

type run struct {
	q    *Query
	now  time.Time
	mu   sync.Mutex
	rows [][]value.Value
}

func (r *run) Push(_ string, rows [][]value.Value) {
	r.mu.Lock()
	r.rows = append(r.rows, rows...)
	r.mu.Unlock()
}

func (r *run) Finish() ([][]value.Value, error) { return r.q.Eval(r.now, r.rows), nil }

// col is a string column.
func col(name string) schema.Column { return schema.Column{Name: name, Type: value.String} }

// Collection is a Go stand-in for the seed rule T1119 over the columns it
// reads: it keeps rows whose command line shows recursive collection of
// sensitive files by the tools the rule lists, and projects them.
func Collection() *Query {
	in := []schema.Column{{Name: "Timestamp", Type: value.DateTime}, col("DeviceName"),
		col("AccountName"), col("FileName"), col("ProcessCommandLine"),
		col("InitiatingProcessFileName"), col("InitiatingProcessCommandLine")}
	return &Query{In: in, Out: in, Eval: func(now time.Time, rows [][]value.Value) [][]value.Value {
		var out [][]value.Value
		cutoff := now.Add(-24 * time.Hour)
		for _, r := range rows {
			if r[0].Valid() && !r[0].IsNull() && r[0].Time().Before(cutoff) {
				continue
			}
			if collects(strings.ToLower(r[3].Str()), strings.ToLower(r[4].Str())) {
				out = append(out, r)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i][0].Ticks() > out[j][0].Ticks() })
		return out
	}}
}

var sensitive = []string{".doc", ".xls", ".pdf", ".ppt", ".pst", ".kdbx", ".pfx", ".pem",
	".key", ".csv", ".txt", ".rtf", ".mdb", ".ost", ".p12", ".accdb"}

func hasAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// collects approximates the seed rule's main condition.
func collects(file, cmd string) bool {
	switch file {
	case "powershell.exe", "pwsh.exe":
		return hasAny(cmd, []string{"-recurse", "get-childitem", "gci "}) &&
			hasAny(cmd, sensitive)
	case "cmd.exe":
		return strings.Contains(cmd, "dir") && strings.Contains(cmd, "/s") &&
			hasAny(cmd, sensitive)
	case "robocopy.exe":
		return hasAny(cmd, []string{"/s", "/e", "/mir"})
	case "xcopy.exe":
		return strings.Contains(cmd, "/s")
	case "rar.exe", "winrar.exe", "7z.exe":
		return hasAny(cmd, []string{" a ", "-a", "/a"}) && hasAny(cmd, sensitive)
	case "python.exe", "python3.exe":
		return hasAny(cmd, []string{"os.walk", "glob.glob", "shutil.copy", "os.listdir"})
	}
	return strings.Contains(cmd, "forfiles") && hasAny(cmd, sensitive)
}

// CountBy is summarize count() by key, keeping groups whose count is
// above min (min < 0: all groups).
func CountBy(key string, min int64) *Query {
	in := []schema.Column{col(key)}
	out := []schema.Column{col(key), {Name: "count_", Type: value.Long}}
	return &Query{In: in, Out: out, Eval: func(_ time.Time, rows [][]value.Value) [][]value.Value {
		counts := map[string]int64{}
		var order []string
		for _, r := range rows {
			k := r[0].Str()
			if _, ok := counts[k]; !ok {
				order = append(order, k)
			}
			counts[k]++
		}
		var res [][]value.Value
		for _, k := range order {
			if counts[k] > min {
				res = append(res, []value.Value{value.NewString(k), value.NewLong(counts[k])})
			}
		}
		return res
	}}
}

// All returns every row it is given: a rule that alerts on each event, so
// tests can count that no event was skipped.
func All() *Query {
	q := Collection()
	q.Eval = func(_ time.Time, rows [][]value.Value) [][]value.Value { return rows }
	return q
}
