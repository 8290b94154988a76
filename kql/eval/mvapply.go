package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
)

// mvApplyOp runs a sub-query over the rows expanded from each input row.
type mvApplyOp struct {
	expand *mvExpandOp
	sub    []op
	keep   []int
	subIdx []int
	run    *Run
}

func (r *Run) compileMvApply(c *compiler, m *bind.MvApply, l *layout) (op, *layout, error) {
	e, el, err := r.compileMvExpand(c, m.Expand, l)
	if err != nil {
		return nil, nil, err
	}
	sub, sl, err := r.compileOps(m.Sub.Ops, el)
	if err != nil {
		return nil, nil, err
	}
	o := &mvApplyOp{expand: e.(*mvExpandOp), sub: sub, run: r}
	var names []string
	var types = l.types[:0:0]
	for _, k := range m.Keep {
		if i := l.find(k); i >= 0 {
			o.keep = append(o.keep, i)
			names, types = append(names, k), append(types, l.types[i])
		}
	}
	for i, n := range sl.names {
		o.subIdx = append(o.subIdx, i)
		names, types = append(names, n), append(types, sl.types[i])
	}
	return o, newLayout(names, types), nil
}

func (o *mvApplyOp) apply(f *Frame, rows []Row) ([]Row, error) {
	var out []Row
	for _, r := range rows {
		exp, err := o.expand.apply(f, []Row{r})
		if err != nil {
			return nil, err
		}
		res, err := applyOps(o.run, f, o.sub, exp)
		if err != nil {
			return nil, err
		}
		for _, sr := range res {
			nr := make(Row, 0, len(o.keep)+len(o.subIdx))
			for _, k := range o.keep {
				nr = append(nr, r[k])
			}
			for _, i := range o.subIdx {
				nr = append(nr, sr[i])
			}
			out = append(out, nr)
		}
	}
	return out, nil
}
