package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// compileTabular compiles a bound tabular expression at Start; every scan
// registers its leaf with the run so that Push feeds it.
func (r *Run) compileTabular(t *bind.Tabular) (node, *layout, error) {
	if scan, ok := t.Source.(*bind.Scan); ok {
		return r.compileScan(t, scan)
	}
	src, l, err := r.compileSource(t.Source)
	if err != nil {
		return nil, nil, err
	}
	ops, l, err := r.compileOps(t.Ops, l)
	if err != nil {
		return nil, nil, err
	}
	return &pipe{src: src, ops: ops}, l, nil
}

func (r *Run) compileScan(t *bind.Tabular, s *bind.Scan) (node, *layout, error) {
	l, ok := r.tableLayout(s.Table)
	if !ok {
		return nil, nil, internalf("table %s has no declared use", s.Table)
	}
	n := 0
	for n < len(t.Ops) && streamable(t.Ops[n]) {
		n++
	}
	var nowFree []Cond
	if r.deferred {
		var err error
		if nowFree, err = r.nowFreeFilters(t.Ops, l); err != nil {
			return nil, nil, err
		}
	}
	prefix, l, err := r.compileOps(t.Ops[:n], l)
	if err != nil {
		return nil, nil, err
	}
	rest, l, err := r.compileOps(t.Ops[n:], l)
	if err != nil {
		return nil, nil, err
	}
	leaf := &scanLeaf{table: s.Table, prefix: prefix, rest: rest, nowFree: nowFree}
	r.scans[s.Table] = append(r.scans[s.Table], leaf)
	return leaf, l, nil
}

func (r *Run) compileOps(ops []bind.Op, l *layout) ([]op, *layout, error) {
	var out []op
	for k, o := range ops {
		if u, ok := o.(*bind.BagUnpack); ok {
			// The columns after bag_unpack depend on the rows: the rest
			// of the pipeline is compiled when they are known.
			bu, err := r.compileBagUnpack(u, l, ops[k+1:])
			return append(out, bu), nil, err
		}
		if p, ok := o.(*bind.Pivot); ok {
			po, err := r.compilePivot(p, l, ops[k+1:])
			return append(out, po), nil, err
		}
		c, nl, err := r.compileOp(o, l)
		if err != nil {
			return nil, nil, err
		}
		if c != nil {
			out = append(out, c)
		}
		l = nl
	}
	return out, l, nil
}

func (r *Run) compileOp(o bind.Op, l *layout) (op, *layout, error) {
	c := &compiler{run: r}
	switch o := o.(type) {
	case *bind.Where:
		cc, err := c.cond(o.Pred, l)
		if err != nil {
			return nil, nil, err
		}
		return &whereOp{pred: cc.fn}, l, nil
	case *bind.Extend:
		return r.compileExtend(c, o.Items, l)
	case *bind.Project:
		exprs, nl, err := r.compileItems(c, o.Items, l)
		if err != nil {
			return nil, nil, err
		}
		return &projectOp{exprs: exprs}, nl, nil
	case *bind.Select:
		var idx []int
		var names []string
		var types []value.Type
		for _, n := range o.Names {
			if i := l.find(n); i >= 0 {
				idx = append(idx, i)
				names = append(names, n)
				types = append(types, l.types[i])
			}
		}
		return &selectOp{idx: idx}, newLayout(names, types), nil
	case *bind.Rename:
		names := append([]string(nil), l.names...)
		for i, from := range o.From {
			if j := l.find(from); j >= 0 {
				names[j] = o.To[i]
			}
		}
		return nil, newLayout(names, l.types), nil
	case *bind.Sort:
		keys, err := compileKeys(c, o.Keys, l)
		if err != nil {
			return nil, nil, err
		}
		return &sortOp{keys: keys}, l, nil
	case *bind.Take:
		n, err := constInt(c, o.N)
		if err != nil {
			return nil, nil, err
		}
		return takeOp(n), l, nil
	case *bind.Top:
		n, err := constInt(c, o.N)
		if err != nil {
			return nil, nil, err
		}
		keys, err := compileKeys(c, o.Keys, l)
		if err != nil {
			return nil, nil, err
		}
		return &sortOp{keys: keys, limit: n, top: true}, l, nil
	case *bind.Count:
		return countOp{}, newLayout([]string{"Count"}, []value.Type{value.Long}), nil
	case *bind.Distinct:
		exprs, nl, err := r.compileItems(c, o.Items, l)
		if err != nil {
			return nil, nil, err
		}
		return &distinctOp{exprs: exprs}, nl, nil
	case *bind.Summarize:
		return r.compileSummarize(c, o, l)
	case *bind.Join:
		return r.compileJoin(c, o, l)
	case *bind.MvExpand:
		return r.compileMvExpand(c, o, l)
	case *bind.Window:
		return r.compileWindow(c, o, l)
	case *bind.ScanOp:
		return r.compileScanOp(c, o, l)
	case *bind.Partition:
		return r.compilePartition(c, o, l)
	case *bind.Parse:
		return r.compileParse(c, o, l)
	case *bind.ParseKV:
		return r.compileParseKV(c, o, l)
	case *bind.MvApply:
		return r.compileMvApply(c, o, l)
	case *bind.MakeSeries:
		return r.compileSeries(c, o, l)
	case *bind.TopNested:
		return r.compileTopNested(c, o, l)
	}
	return nil, nil, errUnsupportedOp(opName(o))
}

// compileItems compiles project-like items; the layout is the items'.
func (r *Run) compileItems(c *compiler, items []bind.Assign, l *layout) ([]Scalar, *layout, error) {
	exprs := make([]Scalar, len(items))
	names := make([]string, len(items))
	types := make([]value.Type, len(items))
	for i, it := range items {
		x, err := c.expr(it.Expr, l)
		if err != nil {
			return nil, nil, err
		}
		exprs[i], names[i], types[i] = x.fn, it.Name, it.Expr.Type()
	}
	return exprs, newLayout(names, types), nil
}

func (r *Run) compileExtend(c *compiler, items []bind.Assign, l *layout) (op, *layout, error) {
	names := append([]string(nil), l.names...)
	types := append([]value.Type(nil), l.types...)
	e := &extendOp{}
	for _, it := range items {
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
			names = append(names, it.Name)
			types = append(types, it.Expr.Type())
		} else {
			types[idx] = it.Expr.Type()
		}
		e.exprs = append(e.exprs, x.fn)
		e.set = append(e.set, idx)
	}
	e.width = len(names)
	return e, newLayout(names, types), nil
}

// constInt evaluates a take/top count, which must be constant.
func constInt(c *compiler, e bind.Expr) (int64, error) {
	x, err := c.expr(e, newLayout(nil, nil))
	if err != nil {
		return 0, err
	}
	if !x.konst {
		return 0, errNotConstant("row count")
	}
	v := x.val.Unwrap()
	if f, ok := v.AsFloat(); ok {
		return int64(f), nil
	}
	return 0, nil
}

func opName(o bind.Op) string {
	switch o.(type) {
	case *bind.Join:
		return "join"
	case *bind.Summarize:
		return "summarize"
	}
	return "operator"
}
