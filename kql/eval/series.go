package eval

import (
	"math"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// seriesOp implements make-series.
type seriesOp struct {
	by             []Scalar
	args           [][]Scalar
	newAgg         []func() builtin.State
	defaults       []value.Value
	axis           Scalar
	axisType       value.Type
	from, to, step cexpr
	hasFrom, hasTo bool
	width          int
}

func (r *Run) compileSeries(c *compiler, m *bind.MakeSeries, l *layout) (op, *layout, error) {
	o := &seriesOp{defaults: m.Defaults, axisType: m.Axis.Type()}
	var names []string
	var types []value.Type
	for _, it := range m.By {
		x, err := c.expr(it.Expr, l)
		if err != nil {
			return nil, nil, err
		}
		o.by = append(o.by, x.fn)
		names, types = append(names, it.Name), append(types, it.Expr.Type())
	}
	for i := range m.Aggs {
		a := &m.Aggs[i]
		var args []Scalar
		for _, e := range a.Args {
			x, err := c.expr(e, l)
			if err != nil {
				return nil, nil, err
			}
			args = append(args, x.fn)
		}
		mk, err := newAgg(a)
		if err != nil {
			return nil, nil, err
		}
		o.args, o.newAgg = append(o.args, args), append(o.newAgg, mk)
		names, types = append(names, a.Outputs[0].Name), append(types, value.Dynamic)
	}
	ax, err := c.expr(m.Axis, l)
	if err != nil {
		return nil, nil, err
	}
	o.axis = ax.fn
	empty := newLayout(nil, nil)
	if m.From != nil {
		if o.from, err = c.expr(m.From, empty); err != nil {
			return nil, nil, err
		}
		o.hasFrom = true
	}
	if m.To != nil {
		if o.to, err = c.expr(m.To, empty); err != nil {
			return nil, nil, err
		}
		o.hasTo = true
	}
	if o.step, err = c.expr(m.Step, empty); err != nil {
		return nil, nil, err
	}
	names, types = append(names, m.AxisName), append(types, value.Dynamic)
	o.width = len(names)
	return o, newLayout(names, types), nil
}

// num reads an axis value as a number (ticks for datetimes and timespans).
func num(v value.Value) (float64, bool) {
	v = v.Unwrap()
	if v.IsNull() {
		return 0, false
	}
	switch v.Type() {
	case value.DateTime, value.Timespan:
		return float64(v.Ticks()), true
	}
	return v.AsFloat()
}

func (o *seriesOp) axisValue(f float64) value.Value {
	switch o.axisType {
	case value.DateTime:
		return value.NewDateTimeTicks(int64(f))
	case value.Timespan:
		return value.NewTimespan(int64(f))
	case value.Int, value.Long:
		return value.NewLong(int64(f))
	}
	return value.NewReal(f)
}

func (o *seriesOp) apply(f *Frame, rows []Row) ([]Row, error) {
	step, ok := num(o.step.fn(f, nil))
	if !ok || step <= 0 {
		return nil, errRangeStep()
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		if v, ok := num(o.axis(f, r)); ok {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	from, to := lo, hi+step
	if o.hasFrom {
		from, _ = num(o.from.fn(f, nil))
	} else if len(rows) > 0 && o.axisType == value.DateTime {
		from = math.Floor(from/step) * step
	}
	if o.hasTo {
		to, _ = num(o.to.fn(f, nil))
	}
	nbins := int(math.Ceil((to - from) / step))
	if nbins < 0 || math.IsInf(from, 0) {
		nbins = 0
	}
	if nbins > maxRangeRows {
		return nil, errTooManyRows(maxRangeRows)
	}
	type sgroup struct {
		key  []value.Value
		bins [][]builtin.State
	}
	groups := map[string]*sgroup{}
	var order []*sgroup
	var kb []byte
	key := make([]value.Value, len(o.by))
	var argBuf []value.Value
	for _, r := range rows {
		av, ok := num(o.axis(f, r))
		if !ok || av < from || av >= to {
			continue
		}
		for i, x := range o.by {
			key[i] = x(f, r)
		}
		kb = rowKey(kb, key)
		g := groups[string(kb)]
		if g == nil {
			g = &sgroup{key: append([]value.Value(nil), key...), bins: make([][]builtin.State, nbins)}
			groups[string(kb)] = g
			order = append(order, g)
		}
		bi := int((av - from) / step)
		if bi >= nbins {
			continue
		}
		if g.bins[bi] == nil {
			for _, mk := range o.newAgg {
				g.bins[bi] = append(g.bins[bi], mk())
			}
		}
		for i, args := range o.args {
			argBuf = argBuf[:0]
			for _, a := range args {
				argBuf = append(argBuf, a(f, r))
			}
			g.bins[bi][i].Add(argBuf)
		}
	}
	axis := make(value.Array, nbins)
	for i := range axis {
		axis[i] = o.axisValue(from + float64(i)*step)
	}
	var out []Row
	one := make([]value.Value, 1)
	for _, g := range order {
		row := make(Row, 0, o.width)
		row = append(row, g.key...)
		for i := range o.newAgg {
			arr := make(value.Array, nbins)
			for b := range arr {
				if g.bins[b] == nil {
					arr[b] = o.defaults[i]
					continue
				}
				copy(one, g.bins[b][i].Result())
				arr[b] = one[0]
			}
			row = append(row, value.NewArray(arr))
		}
		out = append(out, append(row, value.NewArray(axis)))
	}
	return out, nil
}
