package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
)

// Partition runs Sub over the rows of each distinct value of Key and
// concatenates the results.
type Partition struct {
	Key Expr
	Sub *Tabular // over a RowSource: the rows of one partition
}

func (*Partition) isOp() {}

// partition binds `partition by Col (operators)`; the `{ query }` form,
// whose query names its input, is not supported.
func (b *binder) partition(t *Tabular, o *syntax.Partition, sc *scope) *Tabular {
	pl, ok := o.Sub.(*syntax.Pipeline)
	if !ok || pl.Source != nil {
		b.errorf(pos(o), msgUnsupported("partition with a { query }"))
		return t
	}
	key := b.scalar(o.By, rowEnv(sc, t.Columns))
	sub := &Tabular{Source: &RowSource{}, Columns: passCols(t.Columns),
		Serialized: t.Serialized, Open: t.Open}
	for _, op := range pl.Ops {
		sub = b.op(sub, op, sc)
	}
	return with(t, &Partition{Key: key, Sub: sub}, sub.Columns)
}
