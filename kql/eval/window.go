package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// winState is the position of a serialized extend in its rows; window
// functions read it. Window operators run in Finish, on one goroutine.
type winState struct {
	rows []Row
	i    int
}

func (r *Run) compileWindow(c *compiler, w *bind.Window, l *layout) (op, *layout, error) {
	ws := &winState{}
	wc := &compiler{run: r, win: ws}
	e, nl, err := r.compileExtend(wc, w.Items, l)
	if err != nil {
		return nil, nil, err
	}
	ext := e.(*extendOp)
	return opFunc(func(f *Frame, rows []Row) ([]Row, error) {
		ws.rows = rows
		out := make([]Row, len(rows))
		for i, row := range rows {
			ws.i = i
			res, err := ext.apply(f, []Row{row})
			if err != nil {
				return nil, err
			}
			out[i] = res[0]
		}
		return out, nil
	}), nl, nil
}

// windowFn compiles row_number, prev, next, row_cumsum and the ranks.
func (c *compiler) windowFn(e *bind.WindowFn, l *layout) (cexpr, error) {
	ws := c.win
	if ws == nil {
		ws = &winState{}
	}
	args := make([]cexpr, len(e.Args))
	for i, a := range e.Args {
		x, err := c.expr(a, l)
		if err != nil {
			return cexpr{}, err
		}
		args[i] = x
	}
	restart := func(f *Frame, r Row, i int) bool {
		return i < len(args) && triOf(args[i].fn(f, r)) == True
	}
	t := e.T
	switch e.Name {
	case "row_number":
		n, start := int64(0), int64(1)
		if len(args) > 0 && args[0].konst {
			start = args[0].val.Unwrap().Long()
		}
		return cexpr{fn: func(f *Frame, r Row) value.Value {
			if ws.i == 0 || restart(f, r, 1) {
				n = start
			} else {
				n++
			}
			return value.NewLong(n)
		}, typ: t}, nil
	case "prev", "next":
		off := int64(1)
		if len(args) > 1 && args[1].konst {
			off = args[1].val.Unwrap().Long()
		}
		if e.Name == "next" {
			off = -off
		}
		x := args[0].fn
		return cexpr{fn: func(f *Frame, r Row) value.Value {
			j := ws.i - int(off)
			if j < 0 || j >= len(ws.rows) {
				if len(args) > 2 {
					return args[2].fn(f, r)
				}
				return value.Null(t)
			}
			return x(f, ws.rows[j])
		}, typ: t}, nil
	case "row_cumsum":
		var isum int64
		var fsum float64
		x := args[0].fn
		return cexpr{fn: func(f *Frame, r Row) value.Value {
			if ws.i == 0 || restart(f, r, 1) {
				isum, fsum = 0, 0
			}
			v := x(f, r).Unwrap()
			switch t {
			case value.Long, value.Int:
				isum += v.Long()
				return value.NewLong(isum)
			case value.Timespan:
				isum += v.Ticks()
				return value.NewTimespan(isum)
			}
			fv, _ := v.AsFloat()
			fsum += fv
			return value.NewReal(fsum)
		}, typ: t}, nil
	case "row_window_session":
		return c.windowSession(ws, args, restart, t), nil
	case "row_rank_min", "row_rank_dense":
		var rank, pos int64
		var last value.Value
		dense := e.Name == "row_rank_dense"
		x := args[0].fn
		return cexpr{fn: func(f *Frame, r Row) value.Value {
			v := x(f, r)
			if ws.i == 0 || restart(f, r, 1) {
				rank, pos, last = 1, 1, v
				return value.NewLong(rank)
			}
			pos++
			if !valuesEqualNull(v, last) {
				if dense {
					rank++
				} else {
					rank = pos
				}
			}
			last = v
			return value.NewLong(rank)
		}, typ: t}, nil
	}
	return cexpr{}, errUnsupportedOp(e.Name)
}

func valuesEqualNull(a, b value.Value) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	return valuesEqual(a, b)
}

// windowSession is row_window_session(x, maxFromFirst, maxBetween
// [, restart]): the x that began the row's session. A session ends when x
// is further than maxFromFirst from its first x or than maxBetween from
// the previous row's, or when restart holds.
func (c *compiler) windowSession(ws *winState, args []cexpr,
	restart func(*Frame, Row, int) bool, t value.Type) cexpr {
	var start, last value.Value
	x := args[0].fn
	return cexpr{fn: func(f *Frame, r Row) value.Value {
		v := x(f, r)
		first := args[1].fn(f, r).Unwrap().Ticks()
		between := args[2].fn(f, r).Unwrap().Ticks()
		if ws.i == 0 || restart(f, r, 3) || start.IsNull() || v.IsNull() ||
			v.Ticks()-start.Ticks() > first || v.Ticks()-last.Ticks() > between {
			start = v
		}
		last = v
		return start
	}, typ: t}
}
