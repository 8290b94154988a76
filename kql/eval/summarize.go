package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// summarizeOp groups rows by its keys and aggregates each group.
type summarizeOp struct {
	by     []Scalar
	args   [][]Scalar // per aggregation, its argument expressions
	newAgg []func() builtin.State
	nOut   []int
	types  []value.Type // output types, for untyped nulls
}

type group struct {
	key    []value.Value
	states []builtin.State
}

func (r *Run) compileSummarize(c *compiler, s *bind.Summarize, l *layout) (op, *layout, error) {
	o := &summarizeOp{}
	var names []string
	var types []value.Type
	for _, it := range s.By {
		x, err := c.expr(it.Expr, l)
		if err != nil {
			return nil, nil, err
		}
		o.by = append(o.by, x.fn)
		names, types = append(names, it.Name), append(types, it.Expr.Type())
	}
	for i := range s.Aggs {
		a := &s.Aggs[i]
		var args []Scalar
		for _, e := range a.Args {
			x, err := c.expr(e, l)
			if err != nil {
				return nil, nil, err
			}
			args = append(args, x.fn)
		}
		mk, err := newAgg(a)
		if err != nil {
			return nil, nil, err
		}
		o.args = append(o.args, args)
		o.newAgg = append(o.newAgg, mk)
		o.nOut = append(o.nOut, len(a.Outputs))
		for _, c := range a.Outputs {
			names, types = append(names, c.Name), append(types, c.Type)
		}
	}
	o.types = types
	return o, newLayout(names, types), nil
}

func (o *summarizeOp) apply(f *Frame, rows []Row) ([]Row, error) {
	groups := map[string]*group{}
	var order []*group
	var kb []byte
	key := make([]value.Value, len(o.by))
	var argBuf []value.Value
	newGroup := func(k []value.Value) *group {
		g := &group{key: append([]value.Value(nil), k...)}
		for _, mk := range o.newAgg {
			g.states = append(g.states, mk())
		}
		order = append(order, g)
		return g
	}
	if len(o.by) == 0 {
		g := newGroup(nil)
		groups[""] = g
	}
	for _, r := range rows {
		for i, x := range o.by {
			key[i] = x(f, r)
		}
		kb = rowKey(kb, key)
		g := groups[string(kb)]
		if g == nil {
			g = newGroup(key)
			groups[string(kb)] = g
		}
		for i, args := range o.args {
			argBuf = argBuf[:0]
			for _, a := range args {
				argBuf = append(argBuf, a(f, r))
			}
			g.states[i].Add(argBuf)
		}
	}
	out := make([]Row, 0, len(order))
	for _, g := range order {
		row := make(Row, len(o.types))
		copy(row, g.key)
		at := len(g.key)
		for i, st := range g.states {
			copy(row[at:at+o.nOut[i]], st.Result())
			at += o.nOut[i]
		}
		for i, v := range row {
			if !v.Valid() {
				row[i] = value.Null(o.types[i])
			}
		}
		out = append(out, row)
	}
	return out, nil
}
