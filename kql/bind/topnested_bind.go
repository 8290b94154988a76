package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// TopNested is top-nested: per level, the top N values of Of by Agg,
// within each group of the level above.
type TopNested struct {
	Levels  []TopLevel
	Columns []Column // output: per level, the value and the aggregate
}

// TopLevel is one level of top-nested.
type TopLevel struct {
	N      int64 // -1: all
	Of     Expr
	Agg    Agg
	Asc    bool
	Others *value.Value // with others = V
}

func (*TopNested) isOp() {}

func (b *binder) topNested(t *Tabular, o *syntax.TopNested, en *env) *Tabular {
	tn := &TopNested{}
	nm := newNamer(nil)
	fresh := map[string]bool{}
	var cols []Column
	for _, lv := range o.Levels {
		l := TopLevel{N: -1}
		if lv.Count != nil {
			c, ok := b.scalar(lv.Count, &env{sc: en.sc}).(*Const)
			if !ok {
				b.errorf(pos(lv.Count), msgNotConstant())
				return t
			}
			f, _ := c.V.Unwrap().AsFloat()
			l.N = int64(f)
		}
		l.Of = b.scalar(lv.Of.Value, en)
		ofName := b.itemName(lv.Of, nm, fresh)
		cols = append(cols, Column{Name: ofName, Type: l.Of.Type()})
		call, ok := unparen(lv.By.Value).(*syntax.Call)
		if !ok || !isAggregate(call.Name.Name) {
			b.errorf(pos(lv.By.Value), msgNotAggregate())
			return t
		}
		by := lv.By
		if len(by.Names) == 0 {
			by = &syntax.Assign{Names: []*syntax.Ident{{Name: "aggregated_" + ofName}},
				Value: by.Value}
		}
		agg, ok := b.aggregate(call, by, en, nm, nil)
		if !ok {
			return t
		}
		l.Agg = agg
		l.Asc = lv.Order == syntax.OrderAsc
		if lv.Others != nil {
			if c, ok := b.scalar(lv.Others, en).(*Const); ok {
				v := c.V
				l.Others = &v
			}
		}
		cols = append(cols, agg.Outputs[0])
		tn.Levels = append(tn.Levels, l)
	}
	tn.Columns = cols
	return with(t, tn, cols)
}
