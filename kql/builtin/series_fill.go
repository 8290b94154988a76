package builtin

import (
	"math"
	"sort"

	"github.com/kqlhunt/kqlhunt/value"
)

// series_fill_*, series_fir, series_iir and series_stats_dynamic.

func init() {
	def(names("series_fill_forward"), tDyn, ks(kArr, kAny), 1,
		func(_ *Env, a []value.Value) value.Value { return fillDirected(a, false) })
	def(names("series_fill_backward"), tDyn, ks(kArr, kAny), 1,
		func(_ *Env, a []value.Value) value.Value { return fillDirected(a, true) })
	def(names("series_fill_const"), tDyn, ks(kArr, kNum, kAny), 1,
		func(_ *Env, a []value.Value) value.Value {
			arr, ok := a[0].Array()
			if !ok {
				return value.NullDynamic
			}
			out := make(value.Array, len(arr))
			for i, e := range arr {
				out[i] = e
				if isMissing(e, a[2:]) {
					out[i] = elemOf(a[1])
				}
			}
			return value.NewArray(out)
		})
	def(names("series_fill_linear"), tDyn, ks(kArr, kAny, kBool, kBool), 3, implFillLinear)
	def(names("series_fir"), tDyn, ks(kArr, kArr, kBool, kBool), 2, implFIR)
	def(names("series_iir"), tDyn, ks(kArr, kArr, kArr), 0, implIIR)
	def(names("series_stats_dynamic"), tDyn, ks(kArr, kBool), 1, implSeriesStats)
	def(names("series_seasonal"), tDyn, ks(kArr, kInt), 1, implSeasonal)
}

// implSeasonal: series_seasonal(x, period), each point's value the median
// of the points in the same phase of the period. Detecting the period
// (no second argument, or a negative one) is not implemented: null.
func implSeasonal(_ *Env, a []value.Value) value.Value {
	x, ok := seriesFloats(a[0])
	if !ok || len(a) < 2 {
		return value.NullDynamic
	}
	p, ok := argLong(a[1])
	if !ok || p < 0 {
		return value.NullDynamic
	}
	out := make(value.Array, len(x))
	if p <= 1 || p > int64(len(x)) {
		for i := range out {
			out[i] = value.NewReal(0)
		}
		return value.NewArray(out)
	}
	for ph := int64(0); ph < p; ph++ {
		var vals []float64
		for i := ph; i < int64(len(x)); i += p {
			if !math.IsNaN(x[i]) {
				vals = append(vals, x[i])
			}
		}
		m := median(vals)
		for i := ph; i < int64(len(x)); i += p {
			out[i] = value.NewReal(m)
		}
	}
	return value.NewArray(out)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// isMissing reports whether e is the missing-value placeholder (null
// unless one is given).
func isMissing(e value.Value, placeholder []value.Value) bool {
	if len(placeholder) == 0 || placeholder[0].Unwrap().IsNull() {
		return e.IsNull() && e.Type() != value.String
	}
	eq, ok := equalValues(e.Unwrap(), placeholder[0].Unwrap())
	return ok && eq
}

// fillDirected carries the last (or, backward, the next) present value
// over missing ones; missing values at the open end stay.
func fillDirected(a []value.Value, backward bool) value.Value {
	arr, ok := a[0].Array()
	if !ok {
		return value.NullDynamic
	}
	out := append(value.Array{}, arr...)
	var last value.Value
	have := false
	for k := range out {
		i := k
		if backward {
			i = len(out) - 1 - k
		}
		if isMissing(out[i], a[1:]) {
			if have {
				out[i] = last
			}
			continue
		}
		last, have = out[i], true
	}
	return value.NewArray(out)
}

// implFillLinear interpolates missing values between present ones; with
// the fourth argument false (default true) the ends are not extrapolated
// but filled from the nearest value.
func implFillLinear(_ *Env, a []value.Value) value.Value {
	arr, ok := a[0].Array()
	if !ok {
		return value.NullDynamic
	}
	var ph []value.Value
	if len(a) > 1 {
		ph = a[1:2]
	}
	out := append(value.Array{}, arr...)
	var known []int
	for i, e := range out {
		if _, num := seriesNum(e); num && !isMissing(e, ph) {
			known = append(known, i)
		}
	}
	if len(known) == 0 {
		return value.NewArray(out)
	}
	for k := 0; k+1 < len(known); k++ {
		i, j := known[k], known[k+1]
		x0, _ := seriesNum(out[i])
		x1, _ := seriesNum(out[j])
		for m := i + 1; m < j; m++ {
			out[m] = value.NewReal(x0 + (x1-x0)*float64(m-i)/float64(j-i))
		}
	}
	for m := 0; m < known[0]; m++ {
		out[m] = out[known[0]]
	}
	for m := known[len(known)-1] + 1; m < len(out); m++ {
		out[m] = out[known[len(known)-1]]
	}
	return value.NewArray(out)
}

// implFIR: series_fir(x, filter [, normalize [, center]]); normalize
// (default true) divides by the filter's sum, center aligns the window's
// middle on each point. Points outside the series count as 0.
func implFIR(_ *Env, a []value.Value) value.Value {
	x, ok1 := seriesFloats(a[0])
	f, ok2 := seriesFloats(a[1])
	if !ok1 || !ok2 || len(f) == 0 {
		return value.NullDynamic
	}
	normalize, center := true, false
	if len(a) > 2 {
		normalize, _ = argBool(a[2])
	}
	if len(a) > 3 {
		center, _ = argBool(a[3])
	}
	sum := 0.0
	for _, c := range f {
		sum += c
	}
	shift := 0
	if center {
		shift = (len(f) - 1) / 2
	}
	out := make(value.Array, len(x))
	for i := range x {
		y := 0.0
		for k, c := range f {
			j := i - k + shift
			if j >= 0 && j < len(x) && !math.IsNaN(x[j]) {
				y += c * x[j]
			}
		}
		if normalize && sum != 0 {
			y /= sum
		}
		out[i] = value.NewReal(y)
	}
	return value.NewArray(out)
}

// implIIR: series_iir(x, numerators, denominators), the direct form
// y[i] = (sum b[k] x[i-k] - sum_{k>0} a[k] y[i-k]) / a[0].
func implIIR(_ *Env, a []value.Value) value.Value {
	x, ok1 := seriesFloats(a[0])
	b, ok2 := seriesFloats(a[1])
	d, ok3 := seriesFloats(a[2])
	if !ok1 || !ok2 || !ok3 || len(d) == 0 || d[0] == 0 {
		return value.NullDynamic
	}
	y := make([]float64, len(x))
	out := make(value.Array, len(x))
	for i := range x {
		v := 0.0
		for k, c := range b {
			if i-k >= 0 && !math.IsNaN(x[i-k]) {
				v += c * x[i-k]
			}
		}
		for k := 1; k < len(d); k++ {
			if i-k >= 0 {
				v -= d[k] * y[i-k]
			}
		}
		y[i] = v / d[0]
		out[i] = value.NewReal(y[i])
	}
	return value.NewArray(out)
}

// implSeriesStats: series_stats_dynamic(x [, ignore_nonfinite]) -> bag of
// min, min_idx, max, max_idx, avg, stdev, variance, sum, len.
func implSeriesStats(_ *Env, a []value.Value) value.Value {
	x, ok := seriesFloats(a[0])
	if !ok {
		return value.NullDynamic
	}
	var n, sum, sq float64
	minV, maxV, minI, maxI := math.Inf(1), math.Inf(-1), -1, -1
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		n++
		sum += v
		sq += v * v
		if v < minV {
			minV, minI = v, i
		}
		if v > maxV {
			maxV, maxI = v, i
		}
	}
	b := &value.Bag{}
	if n == 0 {
		for _, k := range []string{"min", "min_idx", "max", "max_idx", "avg", "stdev",
			"variance", "sum"} {
			b.Set(k, value.NullDynamic)
		}
		b.Set("len", value.NewLong(int64(len(x))))
		return value.NewBag(b)
	}
	avg := sum / n
	variance := 0.0
	if n > 1 {
		variance = (sq - sum*sum/n) / (n - 1)
	}
	b.Set("min", value.NewReal(minV))
	b.Set("min_idx", value.NewLong(int64(minI)))
	b.Set("max", value.NewReal(maxV))
	b.Set("max_idx", value.NewLong(int64(maxI)))
	b.Set("avg", value.NewReal(avg))
	b.Set("stdev", value.NewReal(math.Sqrt(variance)))
	b.Set("variance", value.NewReal(variance))
	b.Set("sum", value.NewReal(sum))
	b.Set("len", value.NewLong(int64(len(x))))
	return value.NewBag(b)
}
