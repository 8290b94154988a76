package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
)

// mvApply binds mv-apply: the sub-query runs over the rows expanded from
// each input row.
func (b *binder) mvApply(t *Tabular, o *syntax.MvApply, sc *scope) *Tabular {
	if o.On == nil {
		b.errorf(pos(o), msgNotTabular())
		return t
	}
	exp := b.mvExpand(t, &syntax.MvExpand{Params: o.Params, Items: o.Items, Limit: o.Limit},
		rowEnv(sc, t.Columns))
	m := exp.Ops[len(exp.Ops)-1].(*MvExpand)
	sub := &Tabular{Source: &RowSource{}, Columns: exp.Columns, Serialized: true}
	for _, op := range o.On.Ops {
		sub = b.op(sub, op, sc)
	}
	subNames := map[string]bool{}
	for _, c := range sub.Columns {
		subNames[c.Name] = true
	}
	var keep []string
	var cols []Column
	for _, c := range t.Columns {
		if !subNames[c.Name] {
			keep = append(keep, c.Name)
			cols = append(cols, c)
		}
	}
	cols = append(cols, sub.Columns...)
	return with(t, &MvApply{Expand: m, Sub: sub, Keep: keep}, cols)
}
