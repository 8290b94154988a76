package eval

import (
	"context"
	"testing"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// TestDeferredKeeps checks which rows a deferred run keeps before its now
// is known: those passing the now-free conjuncts of the leading wheres of
// at least one read of the table.
func TestDeferredKeeps(t *testing.T) {
	cols := []schema.Column{{Name: "Ts", Type: value.DateTime},
		{Name: "Host", Type: value.String}}
	tests := []struct {
		name, query string
		keep        int
	}{
		{"now-free conjunct", `Ev | where Ts > ago(1d) and Host == "a"`, 2},
		{"later where", `Ev | where Ts > ago(1d) | where Host has "b" | count`, 1},
		{"or depends on now", `Ev | where Ts > ago(1d) or Host == "a"`, 4},
		{"no leading where", `Ev | extend age = now() - Ts | where Host == "a"`, 4},
		{"let-bound ago", `let s = ago(2d); Ev | where Ts > s and Host != "a"`, 2},
		{"two reads", `Ev | where Host == "a" | union (Ev | where Host == "c")`, 3},
		{"read without filter", `Ev | where Host == "a" | union Ev`, 4},
	}
	rows := func() []Row {
		var out []Row
		for _, h := range []string{"a", "b", "a", "c"} {
			out = append(out, Row{value.NewDateTimeTicks(0), value.NewString(h)})
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, errs := syntax.ParseQuery("q.kql", tt.query)
			if errs != nil {
				t.Fatal(errs)
			}
			bq, _, err := bind.Bind(tree, tt.query, bind.Options{
				Tables: []*schema.Table{schema.NewTable("Ev", cols)}})
			if err != nil {
				t.Fatal(err)
			}
			d, err := StartDeferred(context.Background(), bq)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Push("Ev", narrow(bq, rows())); err != nil {
				t.Fatal(err)
			}
			if got := len(d.kept["Ev"]); got != tt.keep {
				t.Errorf("kept %d rows, want %d", got, tt.keep)
			}
		})
	}
}

// narrow lays rows out as the query's use of table Ev says.
func narrow(q *bind.Query, rows []Row) []Row {
	names := []string{"Ts", "Host"}
	for _, tu := range q.Tables {
		if tu.Name != "Ev" {
			continue
		}
		out := make([]Row, len(rows))
		for i, r := range rows {
			for _, c := range tu.Columns {
				for j, n := range names {
					if n == c.Name {
						out[i] = append(out[i], r[j])
					}
				}
			}
		}
		return out
	}
	return rows
}
