package eval

import (
	"sort"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// pivotOp implements evaluate pivot: group columns, then one column per
// distinct pivot value (sorted by text), then the rest of the pipeline
// compiled over that layout.
type pivotOp struct {
	run    *Run
	col    Scalar
	by     []Scalar
	byName []string
	byType []value.Type
	args   []Scalar
	newAgg func() builtin.State
	aggT   value.Type
	tail   []bind.Op
}

func (r *Run) compilePivot(p *bind.Pivot, l *layout, tail []bind.Op) (op, error) {
	c := &compiler{run: r}
	col, err := c.expr(p.Col, l)
	if err != nil {
		return nil, err
	}
	o := &pivotOp{run: r, col: col.fn, tail: tail, aggT: p.Agg.Outputs[0].Type}
	for _, it := range p.By {
		x, err := c.expr(it.Expr, l)
		if err != nil {
			return nil, err
		}
		o.by = append(o.by, x.fn)
		o.byName, o.byType = append(o.byName, it.Name), append(o.byType, it.Expr.Type())
	}
	for _, a := range p.Agg.Args {
		x, err := c.expr(a, l)
		if err != nil {
			return nil, err
		}
		o.args = append(o.args, x.fn)
	}
	if o.newAgg, err = newAgg(&p.Agg); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *pivotOp) apply(f *Frame, rows []Row) ([]Row, error) {
	type pgroup struct {
		key    []value.Value
		states map[string]builtin.State
	}
	groups := map[string]*pgroup{}
	var order []*pgroup
	seen := map[string]bool{}
	var kb []byte
	key := make([]value.Value, len(o.by))
	var args []value.Value
	for _, r := range rows {
		for i, x := range o.by {
			key[i] = x(f, r)
		}
		kb = rowKey(kb, key)
		g := groups[string(kb)]
		if g == nil {
			g = &pgroup{key: append([]value.Value(nil), key...), states: map[string]builtin.State{}}
			groups[string(kb)] = g
			order = append(order, g)
		}
		pv := textOf(o.col(f, r))
		seen[pv] = true
		st := g.states[pv]
		if st == nil {
			st = o.newAgg()
			g.states[pv] = st
		}
		args = args[:0]
		for _, a := range o.args {
			args = append(args, a(f, r))
		}
		st.Add(args)
	}
	var pcols []string
	for k := range seen {
		pcols = append(pcols, k)
	}
	sort.Strings(pcols)
	names := append([]string(nil), o.byName...)
	types := append([]value.Type(nil), o.byType...)
	for _, pc := range pcols {
		names, types = append(names, pc), append(types, o.aggT)
	}
	out := make([]Row, 0, len(order))
	one := make([]value.Value, 1)
	for _, g := range order {
		row := append(Row(nil), g.key...)
		for _, pc := range pcols {
			v := value.Null(o.aggT)
			if st := g.states[pc]; st != nil {
				copy(one, st.Result())
				if one[0].Valid() {
					v = one[0]
				}
			} else if o.aggT == value.Long {
				v = value.NewLong(0)
			}
			row = append(row, v)
		}
		out = append(out, row)
	}
	ops, l, err := o.run.compileOps(o.tail, newLayout(names, types))
	if err != nil {
		return nil, err
	}
	if out, err = applyOps(o.run, f, ops, out); err != nil {
		return nil, err
	}
	if l != nil {
		o.run.openOut = l
	}
	return out, nil
}
