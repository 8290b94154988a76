package eval

import (
	"sort"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// topNestedOp implements top-nested.
type topNestedOp struct {
	levels []tnLevel
}

type tnLevel struct {
	n      int64
	of     Scalar
	args   []Scalar
	newAgg func() builtin.State
	asc    bool
	others *value.Value
	ofType value.Type
	agType value.Type
}

func (r *Run) compileTopNested(c *compiler, t *bind.TopNested, l *layout) (op, *layout, error) {
	o := &topNestedOp{}
	for i := range t.Levels {
		lv := &t.Levels[i]
		of, err := c.expr(lv.Of, l)
		if err != nil {
			return nil, nil, err
		}
		tl := tnLevel{n: lv.N, of: of.fn, asc: lv.Asc, others: lv.Others,
			ofType: lv.Of.Type(), agType: lv.Agg.Outputs[0].Type}
		for _, a := range lv.Agg.Args {
			x, err := c.expr(a, l)
			if err != nil {
				return nil, nil, err
			}
			tl.args = append(tl.args, x.fn)
		}
		if tl.newAgg, err = newAgg(&lv.Agg); err != nil {
			return nil, nil, err
		}
		o.levels = append(o.levels, tl)
	}
	return o, colsLayout(t.Columns), nil
}

func (o *topNestedOp) apply(f *Frame, rows []Row) ([]Row, error) {
	return o.level(f, rows, 0), nil
}

func (o *topNestedOp) aggregate(f *Frame, lv *tnLevel, rows []Row) value.Value {
	st := lv.newAgg()
	var args []value.Value
	for _, r := range rows {
		args = args[:0]
		for _, a := range lv.args {
			args = append(args, a(f, r))
		}
		st.Add(args)
	}
	out := make([]value.Value, 1)
	copy(out, st.Result())
	if !out[0].Valid() {
		return value.Null(lv.agType)
	}
	return out[0]
}

func (o *topNestedOp) level(f *Frame, rows []Row, i int) []Row {
	if i == len(o.levels) {
		return []Row{{}}
	}
	lv := &o.levels[i]
	type grp struct {
		key  value.Value
		rows []Row
		agg  value.Value
	}
	idx := map[string]*grp{}
	var groups []*grp
	var kb []byte
	for _, r := range rows {
		k := lv.of(f, r)
		kb = appendKey(kb[:0], k)
		g := idx[string(kb)]
		if g == nil {
			g = &grp{key: k}
			idx[string(kb)] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r)
	}
	for _, g := range groups {
		g.agg = o.aggregate(f, lv, g.rows)
	}
	keys := []sortKey{{desc: !lv.asc, nullsFirst: lv.asc}}
	sort.SliceStable(groups, func(a, b int) bool {
		return compareKeys(keys, []value.Value{groups[a].agg}, []value.Value{groups[b].agg}) < 0
	})
	var rest []Row
	if lv.n >= 0 && int64(len(groups)) > lv.n {
		for _, g := range groups[lv.n:] {
			rest = append(rest, g.rows...)
		}
		groups = groups[:lv.n]
	}
	var out []Row
	for _, g := range groups {
		for _, sub := range o.level(f, g.rows, i+1) {
			out = append(out, append(Row{g.key, g.agg}, sub...))
		}
	}
	if lv.others != nil && len(rest) > 0 {
		row := Row{*lv.others, o.aggregate(f, lv, rest)}
		for _, deeper := range o.levels[i+1:] {
			row = append(row, value.Null(deeper.ofType), value.Null(deeper.agType))
		}
		out = append(out, row)
	}
	return out
}
