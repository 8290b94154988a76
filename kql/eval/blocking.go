package eval

import (
	"sort"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

func compileKeys(c *compiler, keys []bind.SortKey, l *layout) ([]sortKey, error) {
	out := make([]sortKey, len(keys))
	for i, k := range keys {
		x, err := c.expr(k.Expr, l)
		if err != nil {
			return nil, err
		}
		out[i] = sortKey{expr: x.fn, desc: k.Desc, nullsFirst: k.NullsFirst}
	}
	return out, nil
}

// sortOp sorts rows by its keys; with top it keeps the first limit rows.
type sortOp struct {
	keys  []sortKey
	limit int64
	top   bool
}

func (s *sortOp) apply(f *Frame, rows []Row) ([]Row, error) {
	type keyed struct {
		k   []value.Value
		row Row
	}
	ks := make([]keyed, len(rows))
	buf := make([]value.Value, len(rows)*len(s.keys))
	for i, r := range rows {
		k := buf[i*len(s.keys) : (i+1)*len(s.keys)]
		for j, key := range s.keys {
			k[j] = key.expr(f, r)
		}
		ks[i] = keyed{k, r}
	}
	sort.SliceStable(ks, func(i, j int) bool { return compareKeys(s.keys, ks[i].k, ks[j].k) < 0 })
	n := int64(len(ks))
	if s.top && s.limit < n {
		n = max(s.limit, 0)
	}
	out := make([]Row, n)
	for i := range out {
		out[i] = ks[i].row
	}
	return out, nil
}

// takeOp keeps the first n rows.
func takeOp(n int64) op {
	return opFunc(func(_ *Frame, rows []Row) ([]Row, error) {
		if n < 0 {
			n = 0
		}
		if int64(len(rows)) > n {
			rows = rows[:n]
		}
		return rows, nil
	})
}

// countOp replaces rows by their count.
type countOp struct{}

func (countOp) apply(_ *Frame, rows []Row) ([]Row, error) {
	return []Row{{value.NewLong(int64(len(rows)))}}, nil
}

// distinctOp projects and keeps the first row of each combination.
type distinctOp struct{ exprs []Scalar }

func (d *distinctOp) apply(f *Frame, rows []Row) ([]Row, error) {
	seen := map[string]bool{}
	var out []Row
	var kb []byte
	for _, r := range rows {
		nr := make(Row, len(d.exprs))
		for i, x := range d.exprs {
			nr[i] = x(f, r)
		}
		kb = rowKey(kb, nr)
		if seen[string(kb)] {
			continue
		}
		seen[string(kb)] = true
		out = append(out, nr)
	}
	return out, nil
}
