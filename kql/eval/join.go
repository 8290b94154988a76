package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// joinOp joins its input (left) with a right sub-query on equal keys.
type joinOp struct {
	run      *Run
	kind     string
	lookup   bool
	right    node
	lkeys    []Scalar
	rkeys    []Scalar
	outRight []bool
	outIdx   []int
	outTypes []value.Type
}

func (r *Run) compileJoin(c *compiler, j *bind.Join, l *layout) (op, *layout, error) {
	rn, rl, err := r.compileTabular(j.Right)
	if err != nil {
		return nil, nil, err
	}
	o := &joinOp{run: r, kind: j.Kind, right: rn, lookup: j.Lookup}
	for i := range j.LeftKeys {
		lk, err := c.expr(j.LeftKeys[i], l)
		if err != nil {
			return nil, nil, err
		}
		rk, err := c.expr(j.RightKeys[i], rl)
		if err != nil {
			return nil, nil, err
		}
		o.lkeys, o.rkeys = append(o.lkeys, lk.fn), append(o.rkeys, rk.fn)
	}
	var names []string
	for _, jc := range j.Out {
		side := l
		if jc.Right {
			side = rl
		}
		i := side.find(jc.Src)
		if i < 0 {
			continue
		}
		o.outRight = append(o.outRight, jc.Right)
		o.outIdx = append(o.outIdx, i)
		o.outTypes = append(o.outTypes, side.types[i])
		names = append(names, jc.Name)
	}
	return o, newLayout(names, o.outTypes), nil
}

// keysOf evaluates a row's join keys. Null keys match each other, as
// the real engine does.
func keysOf(f *Frame, keys []Scalar, r Row, buf []value.Value) ([]value.Value, bool) {
	buf = buf[:0]
	for _, k := range keys {
		buf = append(buf, k(f, r))
	}
	return buf, true
}

func (o *joinOp) apply(f *Frame, left []Row) ([]Row, error) {
	right, err := o.right.exec(o.run, f)
	if err != nil {
		return nil, err
	}
	index := map[string][]int{}
	var kb []byte
	var kv []value.Value
	for i, r := range right {
		var ok bool
		if kv, ok = keysOf(f, o.rkeys, r, kv); !ok {
			continue
		}
		kb = rowKey(kb, kv)
		index[string(kb)] = append(index[string(kb)], i)
	}
	var out []Row
	rightHit := make([]bool, len(right))
	seenLeft := map[string]bool{}
	for _, lr := range left {
		var matches []int
		kv, ok := keysOf(f, o.lkeys, lr, kv)
		if ok {
			kb = rowKey(kb, kv)
			if o.kind == "innerunique" {
				if seenLeft[string(kb)] {
					continue
				}
				seenLeft[string(kb)] = true
			}
			matches = index[string(kb)]
		}
		switch o.kind {
		case "leftsemi":
			if len(matches) > 0 {
				out = append(out, o.row(lr, nil))
			}
			continue
		case "leftanti":
			if len(matches) == 0 {
				out = append(out, o.row(lr, nil))
			}
			continue
		}
		for _, m := range matches {
			rightHit[m] = true
			switch o.kind {
			case "rightsemi", "rightanti":
				continue
			}
			out = append(out, o.row(lr, right[m]))
		}
		if len(matches) == 0 && (o.kind == "leftouter" || o.kind == "fullouter") {
			out = append(out, o.row(lr, nil))
		}
	}
	for i, rr := range right {
		switch {
		case o.kind == "rightsemi" && rightHit[i], o.kind == "rightanti" && !rightHit[i]:
			out = append(out, o.row(nil, rr))
		case !rightHit[i] && (o.kind == "rightouter" || o.kind == "fullouter"):
			out = append(out, o.row(nil, rr))
		}
	}
	return out, nil
}

// row builds an output row; a nil side gives nulls.
func (o *joinOp) row(l, r Row) Row {
	nr := make(Row, len(o.outIdx))
	for i, idx := range o.outIdx {
		src := l
		if o.outRight[i] {
			src = r
		}
		if src == nil {
			nr[i] = value.Null(o.outTypes[i])
		} else {
			nr[i] = src[idx]
		}
	}
	return nr
}
