package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// maxRangeRows caps range so a typo cannot exhaust memory.
const maxRangeRows = 10_000_000

func colsLayout(cols []bind.Column) *layout {
	names := make([]string, len(cols))
	types := make([]value.Type, len(cols))
	for i, c := range cols {
		names[i], types[i] = c.Name, c.Type
	}
	return newLayout(names, types)
}

// compileSource compiles the non-scan sources.
func (r *Run) compileSource(s bind.Source) (node, *layout, error) {
	c := &compiler{run: r}
	switch s := s.(type) {
	case *bind.Literal:
		rows := make([]Row, len(s.Rows))
		for i, row := range s.Rows {
			rows[i] = row
		}
		return &rowsNode{rows: rows}, colsLayout(s.Columns), nil
	case *bind.Print:
		empty := newLayout(nil, nil)
		var exprs []Scalar
		var cols []bind.Column
		for _, it := range s.Items {
			x, err := c.expr(it.Expr, empty)
			if err != nil {
				return nil, nil, err
			}
			exprs = append(exprs, x.fn)
			cols = append(cols, bind.Column{Name: it.Name, Type: it.Expr.Type()})
		}
		return funcNode(func(r *Run, f *Frame) ([]Row, error) {
			row := make(Row, len(exprs))
			for i, x := range exprs {
				row[i] = x(f, nil)
			}
			return []Row{row}, nil
		}), colsLayout(cols), nil
	case *bind.Range:
		return r.compileRange(c, s)
	case *bind.Union:
		return r.compileUnion(s)
	case *bind.Materialized:
		return r.compileMaterialized(s)
	}
	return nil, nil, errUnsupportedOp("this source")
}

func (r *Run) compileRange(c *compiler, s *bind.Range) (node, *layout, error) {
	empty := newLayout(nil, nil)
	var xs [3]cexpr
	for i, e := range []bind.Expr{s.From, s.To, s.Step} {
		x, err := c.expr(e, empty)
		if err != nil {
			return nil, nil, err
		}
		xs[i] = x
	}
	t := s.From.Type()
	if t == value.Int {
		t = value.Long
	}
	l := newLayout([]string{s.Name}, []value.Type{t})
	return funcNode(func(r *Run, f *Frame) ([]Row, error) {
		from, to, step := xs[0].fn(f, nil), xs[1].fn(f, nil), xs[2].fn(f, nil)
		var rows []Row
		switch t {
		case value.DateTime, value.Timespan:
			a, b, st := from.Ticks(), to.Ticks(), step.Ticks()
			if st == 0 || (b-a)/st < 0 {
				return nil, nil
			}
			for v := a; st > 0 && v <= b || st < 0 && v >= b; v += st {
				if len(rows) >= maxRangeRows {
					return nil, errTooManyRows(maxRangeRows)
				}
				if t == value.DateTime {
					rows = append(rows, Row{value.NewDateTimeTicks(v)})
				} else {
					rows = append(rows, Row{value.NewTimespan(v)})
				}
			}
		case value.Real:
			a, _ := from.AsFloat()
			b, _ := to.AsFloat()
			st, _ := step.AsFloat()
			if st == 0 {
				return nil, nil
			}
			for i := 0; ; i++ {
				v := a + float64(i)*st
				if st > 0 && v > b || st < 0 && v < b {
					break
				}
				if len(rows) >= maxRangeRows {
					return nil, errTooManyRows(maxRangeRows)
				}
				rows = append(rows, Row{value.NewReal(v)})
			}
		default:
			a, b := from.Unwrap().Long(), to.Unwrap().Long()
			sf, _ := step.Unwrap().AsFloat()
			st := int64(sf)
			if st == 0 {
				return nil, nil
			}
			for v := a; st > 0 && v <= b || st < 0 && v >= b; v += st {
				if len(rows) >= maxRangeRows {
					return nil, errTooManyRows(maxRangeRows)
				}
				if len(rows)%65536 == 65535 && r.ctx.Err() != nil {
					return nil, r.ctx.Err()
				}
				rows = append(rows, Row{value.NewLong(v)})
			}
		}
		return rows, nil
	}), l, nil
}

func (r *Run) compileUnion(u *bind.Union) (node, *layout, error) {
	type leg struct {
		n   node
		idx []int
	}
	var legs []leg
	var outCols int
	for i, l := range u.Legs {
		n, ll, err := r.compileTabular(l)
		if err != nil {
			return nil, nil, err
		}
		idx := make([]int, len(u.LegCols[i]))
		for j, src := range u.LegCols[i] {
			idx[j] = -1
			if src != "" {
				idx[j] = ll.find(src)
			}
		}
		legs = append(legs, leg{n: n, idx: idx})
		outCols = len(u.LegCols[i])
	}
	ws := u.WithSource != ""
	out := colsLayout(u.Out)
	valTypes := out.types
	if ws {
		valTypes = valTypes[1:]
	}
	legNames := u.LegNames
	return funcNode(func(r *Run, f *Frame) ([]Row, error) {
		var out []Row
		for i, lg := range legs {
			rows, err := lg.n.exec(r, f)
			if err != nil {
				return nil, err
			}
			for _, row := range rows {
				nr := make(Row, 0, outCols+1)
				if ws {
					nr = append(nr, value.NewString(legNames[i]))
				}
				for j, k := range lg.idx {
					if k < 0 {
						nr = append(nr, value.Null(valTypes[j]))
					} else {
						nr = append(nr, row[k])
					}
				}
				out = append(out, nr)
			}
		}
		return out, nil
	}), out, nil
}

func (r *Run) compileMaterialized(m *bind.Materialized) (node, *layout, error) {
	r.mu.Lock()
	s, ok := r.mats[m.ID]
	r.mu.Unlock()
	if !ok {
		n, l, err := r.compileTabular(m.Sub)
		if err != nil {
			return nil, nil, err
		}
		s = &subResult{node: n, l: l}
		r.mu.Lock()
		r.mats[m.ID] = s
		r.mu.Unlock()
	}
	return funcNode(func(r *Run, f *Frame) ([]Row, error) {
		s.once.Do(func() { s.rows, s.err = s.node.exec(r, r.newFrame()) })
		out := make([]Row, len(s.rows))
		copy(out, s.rows)
		return out, s.err
	}), s.l, nil
}
