package ruletest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/tuning"
	"github.com/kqlhunt/kqlhunt/value"
)

// defaultTable is the table of inline rows that name none.
const defaultTable = "DeviceProcessEvents"

// testTables are a test's source rows, ready for the query.
type testTables struct {
	rows   map[string][][]value.Value // by table, with the query's columns
	latest time.Time                  // newest Timestamp over all rows
}

// readPlan is how one table is read: the columns the query needs, then
// those the exclusions test, then Timestamp (for now: latest).
type readPlan struct {
	use  TableUse
	cols []schema.Column
	rows [][]value.Value
}

func (rn *Runner) events(ctx context.Context, f *File, t *Test, dir Dir, uses []TableUse,
	excl *tuning.Exclusions, ruleID string) (*testTables, error) {
	set := rn.schemas()
	plans := map[string]*readPlan{}
	for _, u := range uses {
		p := &readPlan{use: u, cols: slices.Clone(u.Columns)}
		tbl, known := set.Lookup(u.Name)
		extra := excl.Columns(ruleID, u.Name)
		if known && tbl.Index("Timestamp") >= 0 {
			extra = append(extra, "Timestamp")
		}
		for _, name := range extra {
			if slices.ContainsFunc(p.cols, func(c schema.Column) bool { return c.Name == name }) {
				continue
			}
			if known {
				if c, ok := tbl.Column(name); ok {
					p.cols = append(p.cols, c)
				}
			}
		}
		plans[u.Name] = p
	}
	for i, in := range t.Events {
		var err error
		switch {
		case in.Rows != nil:
			err = rn.inlineRows(f, in, plans)
		default:
			err = rn.decoded(ctx, in, dir, plans)
		}
		if err != nil {
			return nil, fmt.Errorf("events[%d]: %v", i, err)
		}
	}
	out := &testTables{rows: map[string][][]value.Value{}}
	for _, name := range sortedTables(plans) {
		p := plans[name]
		ts := slices.IndexFunc(p.cols, func(c schema.Column) bool { return c.Name == "Timestamp" })
		for _, r := range p.rows {
			if ts >= 0 && !r[ts].IsNull() && r[ts].Type() == value.DateTime {
				if tm := r[ts].Time(); tm.After(out.latest) {
					out.latest = tm
				}
			}
		}
		kept := excl.Filter(ruleID, name, p.cols, p.rows)
		n := len(p.use.Columns)
		proj := make([][]value.Value, len(kept))
		for i, r := range kept {
			proj[i] = r[:n:n]
		}
		out.rows[name] = proj
	}
	return out, nil
}

// inlineRows converts a test's rows: the file's defaults for the table,
// then the row's own cells, each converted to its column's type.
func (rn *Runner) inlineRows(f *File, in Input, plans map[string]*readPlan) error {
	table := in.Table
	if table == "" {
		table = defaultTable
	}
	tbl, ok := rn.schemas().Lookup(table)
	if !ok {
		return fmt.Errorf("unknown table %s", table)
	}
	defaults := f.Defaults[table]
	for name := range defaults {
		if tbl.Index(name) < 0 {
			return fmt.Errorf("defaults: table %s has no column %s", table, name)
		}
	}
	p := plans[table]
	for n, cells := range in.Rows {
		for name, x := range cells {
			c, ok := tbl.Column(name)
			if !ok {
				return fmt.Errorf("row %d: table %s has no column %s", n+1, table, name)
			}
			if _, err := toValue(x, c.Type); err != nil {
				return fmt.Errorf("row %d: %s: %v", n+1, name, err)
			}
		}
		if p == nil {
			continue // the query does not read this table
		}
		row := make([]value.Value, len(p.cols))
		for i, c := range p.cols {
			x, set := cells[c.Name]
			if !set {
				x = defaults[c.Name]
			}
			v, err := toValue(x, c.Type)
			if err != nil {
				return fmt.Errorf("row %d: %s: %v", n+1, c.Name, err)
			}
			row[i] = v
		}
		p.rows = append(p.rows, row)
	}
	return nil
}

// decoded reads text or a file through the input decoders.
func (rn *Runner) decoded(ctx context.Context, in Input, dir Dir,
	plans map[string]*readPlan) error {
	if rn.Decoder == nil {
		return fmt.Errorf("text and file events need kqlhunt's input decoders")
	}
	var src EventSource
	if in.Text != "" {
		src = EventSource{Name: "text", Data: []byte(in.Text)}
	} else {
		var err error
		if src, err = dir.source(in.File); err != nil {
			return err
		}
	}
	want := map[string][]schema.Column{}
	for name, p := range plans {
		want[name] = p.cols
	}
	got, err := rn.Decoder.Decode(ctx, src, want)
	if err != nil {
		return fmt.Errorf("%s: %v", src.Name, err)
	}
	for name, rows := range got {
		if p := plans[name]; p != nil {
			p.rows = append(p.rows, rows...)
		}
	}
	return nil
}
