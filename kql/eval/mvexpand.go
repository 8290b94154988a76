package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// mvExpandOp expands arrays (and bags) into one row per element; several
// columns expand in parallel.
type mvExpandOp struct {
	exprs []Scalar
	set   []int
	types []value.Type
	width int
	index int // with_itemindex column, or -1
	limit int64
	bag   bool
}

func (r *Run) compileMvExpand(c *compiler, m *bind.MvExpand, l *layout) (op, *layout, error) {
	names := append([]string(nil), l.names...)
	types := append([]value.Type(nil), l.types...)
	o := &mvExpandOp{index: -1, limit: m.Limit, bag: m.Bag}
	for i, it := range m.Items {
		x, err := c.expr(it.Expr, l)
		if err != nil {
			return nil, nil, err
		}
		idx := -1
		for j, n := range names {
			if n == it.Name {
				idx = j
			}
		}
		if idx < 0 {
			idx = len(names)
			names, types = append(names, it.Name), append(types, m.ToTypes[i])
		} else {
			types[idx] = m.ToTypes[i]
		}
		o.exprs, o.set = append(o.exprs, x.fn), append(o.set, idx)
		o.types = append(o.types, m.ToTypes[i])
	}
	if m.IndexName != "" {
		o.index = len(names)
		names, types = append(names, m.IndexName), append(types, value.Long)
	}
	o.width = len(names)
	return o, newLayout(names, types), nil
}

// elements lists what one value expands to; ok is false for an empty
// array or bag (the row disappears).
func (o *mvExpandOp) elements(v value.Value) []value.Value {
	if arr, ok := v.Array(); ok {
		return arr
	}
	if b, ok := v.Bag(); ok {
		out := make([]value.Value, len(b.Keys))
		for i, k := range b.Keys {
			if o.bag {
				nb := &value.Bag{}
				nb.Set(k, b.Values[i])
				out[i] = value.NewBag(nb)
			} else {
				out[i] = value.NewArray(value.Array{value.NewString(k), b.Values[i]})
			}
		}
		return out
	}
	return []value.Value{v}
}

func (o *mvExpandOp) apply(f *Frame, rows []Row) ([]Row, error) {
	var out []Row
	lists := make([][]value.Value, len(o.exprs))
	for _, r := range rows {
		n := 0
		for i, x := range o.exprs {
			lists[i] = o.elements(x(f, r))
			n = max(n, len(lists[i]))
		}
		if o.limit >= 0 && int64(n) > o.limit {
			n = int(o.limit)
		}
		for k := 0; k < n; k++ {
			nr := make(Row, o.width)
			copy(nr, r)
			for i, idx := range o.set {
				v := value.NullDynamic
				if k < len(lists[i]) {
					v = value.ToDynamic(lists[i][k])
				}
				if o.types[i] != value.Dynamic {
					v = builtin.ConvertTo(v, o.types[i])
				}
				nr[idx] = v
			}
			if o.index >= 0 {
				nr[o.index] = value.NewLong(int64(k))
			}
			out = append(out, nr)
		}
	}
	return out, nil
}
