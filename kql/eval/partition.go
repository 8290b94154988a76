package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
)

// partitionOp runs its sub-query over the rows of each key value, in the
// order keys first appear, and concatenates the results.
type partitionOp struct {
	key Scalar
	sub []op
	run *Run
}

func (r *Run) compilePartition(c *compiler, p *bind.Partition, l *layout) (op, *layout, error) {
	k, err := c.expr(p.Key, l)
	if err != nil {
		return nil, nil, err
	}
	sub, sl, err := r.compileOps(p.Sub.Ops, l)
	if err != nil {
		return nil, nil, err
	}
	if sl == nil {
		return nil, nil, errUnsupportedOp("partition over columns known only at run time")
	}
	return &partitionOp{key: k.fn, sub: sub, run: r}, sl, nil
}

func (o *partitionOp) apply(f *Frame, rows []Row) ([]Row, error) {
	groups := map[string]int{}
	var parts [][]Row
	var kb []byte
	for _, r := range rows {
		kb = appendKey(kb[:0], o.key(f, r))
		i, ok := groups[string(kb)]
		if !ok {
			i = len(parts)
			groups[string(kb)] = i
			parts = append(parts, nil)
		}
		parts[i] = append(parts[i], r)
	}
	var out []Row
	for _, part := range parts {
		res, err := applyOps(o.run, f, o.sub, part)
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}
