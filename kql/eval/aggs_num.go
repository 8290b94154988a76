package eval

import (
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

// numAgg implements sum, avg, stdev and variance (and their -if forms).
type numAgg struct {
	fn     string
	pred   int
	t      value.Type
	n      int64
	isum   int64
	sum    float64
	sumSq  float64
	intish bool
	seen   bool
}

func (m *numAgg) add(args []value.Value) {
	v := args[0].Unwrap()
	if !predOK(args, m.pred) || v.IsNull() {
		return
	}
	var f float64
	switch v.Type() {
	case value.Int, value.Long:
		m.isum += v.Long()
		f = float64(v.Long())
		m.intish = true
	case value.Timespan:
		m.isum += v.Ticks()
		f = float64(v.Ticks())
	default:
		var ok bool
		if f, ok = v.AsFloat(); !ok {
			return
		}
	}
	m.seen = true
	m.n++
	m.sum += f
	m.sumSq += f * f
}

func (m *numAgg) result(out []value.Value) {
	switch m.fn {
	case "sum", "sumif":
		switch m.t {
		case value.Long:
			out[0] = value.NewLong(m.isum)
		case value.Timespan:
			out[0] = value.NewTimespan(m.isum)
		default:
			out[0] = value.NewReal(m.sum)
		}
		return
	case "avg", "avgif":
		if m.n == 0 {
			out[0] = value.NewReal(math.NaN())
			return
		}
		if m.intish {
			out[0] = value.NewReal(float64(m.isum) / float64(m.n))
			return
		}
		out[0] = value.NewReal(m.sum / float64(m.n))
		return
	}
	n := float64(m.n)
	if m.n == 0 {
		out[0] = value.NewReal(0)
		return
	}
	mean := m.sum / n
	ss := m.sumSq - n*mean*mean
	if ss < 0 {
		ss = 0
	}
	var v float64
	switch m.fn {
	case "stdevp", "variancep":
		v = ss / n
	default:
		if m.n < 2 {
			v = 0
		} else {
			v = ss / (n - 1)
		}
	}
	if m.fn[0] == 's' {
		v = math.Sqrt(v)
	}
	out[0] = value.NewReal(v)
}
