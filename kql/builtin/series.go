package builtin

import (
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

// Element-wise series functions over dynamic arrays (make-series output):
// math, arithmetic and comparison, with a scalar argument broadcast over
// the other series. A missing or non-numeric element gives null.

func init() {
	for name, f := range map[string]func(float64) float64{
		"series_abs": math.Abs, "series_acos": math.Acos, "series_asin": math.Asin,
		"series_atan": math.Atan, "series_ceiling": math.Ceil, "series_cos": math.Cos,
		"series_exp": math.Exp, "series_floor": math.Floor, "series_log": logOf(math.Log),
		"series_sign": func(x float64) float64 {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return 0
		},
		"series_sin": math.Sin, "series_tan": math.Tan,
	} {
		def(names(name), tDyn, ks(kArr), 0, func(_ *Env, a []value.Value) value.Value {
			return seriesMap([]value.Value{a[0]}, func(x []float64) value.Value {
				return value.NewReal(f(x[0]))
			})
		})
	}
	arith := map[string]func(x, y float64) float64{
		"series_add":      func(x, y float64) float64 { return x + y },
		"series_subtract": func(x, y float64) float64 { return x - y },
		"series_multiply": func(x, y float64) float64 { return x * y },
		"series_divide":   func(x, y float64) float64 { return x / y },
		"series_pow":      math.Pow,
	}
	for name, f := range arith {
		def(names(name), tDyn, ks(kNumDyn, kNumDyn), 0, func(_ *Env, a []value.Value) value.Value {
			return seriesMap(a, func(x []float64) value.Value { return value.NewReal(f(x[0], x[1])) })
		})
	}
	cmp := map[string]func(x, y float64) bool{
		"series_equals":         func(x, y float64) bool { return x == y },
		"series_not_equals":     func(x, y float64) bool { return x != y },
		"series_greater":        func(x, y float64) bool { return x > y },
		"series_greater_equals": func(x, y float64) bool { return x >= y },
		"series_less":           func(x, y float64) bool { return x < y },
		"series_less_equals":    func(x, y float64) bool { return x <= y },
	}
	for name, f := range cmp {
		def(names(name), tDyn, ks(kNumDyn, kNumDyn), 0, func(_ *Env, a []value.Value) value.Value {
			return seriesMap(a, func(x []float64) value.Value { return value.NewBool(f(x[0], x[1])) })
		})
	}
	def(names("series_sum"), tReal, ks(kArr), 0, seriesFold(0, func(acc, x float64) float64 {
		return acc + x
	}))
	def(names("series_product"), tReal, ks(kArr), 0, seriesFold(1, func(acc, x float64) float64 {
		return acc * x
	}))
	def(names("series_magnitude"), tReal, ks(kArr), 0, func(_ *Env, a []value.Value) value.Value {
		xs, ok := seriesFloats(a[0])
		if !ok {
			return value.Null(tReal)
		}
		s := 0.0
		for _, x := range xs {
			if !math.IsNaN(x) {
				s += x * x
			}
		}
		return value.NewReal(math.Sqrt(s))
	})
	def(names("series_dot_product"), tReal, ks(kNumDyn, kNumDyn), 0,
		func(_ *Env, a []value.Value) value.Value {
			s, ok := 0.0, false
			seriesMap(a, func(x []float64) value.Value {
				if !math.IsNaN(x[0] * x[1]) {
					s += x[0] * x[1]
				}
				ok = true
				return value.NullDynamic
			})
			if !ok {
				return value.Null(tReal)
			}
			return value.NewReal(s)
		})
	def(names("series_cosine_similarity"), tReal, ks(kArr, kArr), 0, implCosine)
	def(names("series_pearson_correlation"), tReal, ks(kArr, kArr), 0, implPearson)
}

// seriesFloats reads a dynamic array as reals, NaN for non-numbers.
func seriesFloats(v value.Value) ([]float64, bool) {
	arr, ok := v.Array()
	if !ok {
		return nil, false
	}
	out := make([]float64, len(arr))
	for i, e := range arr {
		f, ok := seriesNum(e)
		if !ok {
			f = math.NaN()
		}
		out[i] = f
	}
	return out, true
}

// seriesNum is an element's number; bools and text are not numbers.
func seriesNum(e value.Value) (float64, bool) {
	e = e.Unwrap()
	if e.IsNull() || !e.Type().IsNumeric() {
		return 0, false
	}
	return e.AsFloat()
}

// seriesMap applies f element-wise; arrays shorter than the longest give
// null there; a scalar argument is repeated; any null element gives null.
func seriesMap(args []value.Value, f func(x []float64) value.Value) value.Value {
	n := -1
	for _, a := range args {
		if arr, ok := a.Array(); ok && len(arr) > n {
			n = len(arr)
		}
	}
	if n < 0 {
		return value.NullDynamic
	}
	out := make(value.Array, n)
	xs := make([]float64, len(args))
	for i := range out {
		ok := true
		for k, a := range args {
			var e value.Value
			if arr, isArr := a.Array(); isArr {
				if i >= len(arr) {
					ok = false
					break
				}
				e = arr[i]
			} else {
				e = a
			}
			if xs[k], ok = seriesNum(e); !ok {
				break
			}
		}
		if !ok {
			out[i] = value.NullDynamic
			continue
		}
		out[i] = f(xs)
	}
	return value.NewArray(out)
}

// seriesFold folds the numeric elements of a series.
func seriesFold(init float64, f func(acc, x float64) float64) Impl {
	return func(_ *Env, a []value.Value) value.Value {
		xs, ok := seriesFloats(a[0])
		if !ok {
			return value.Null(tReal)
		}
		acc := init
		for _, x := range xs {
			if !math.IsNaN(x) {
				acc = f(acc, x)
			}
		}
		return value.NewReal(acc)
	}
}

func implCosine(_ *Env, a []value.Value) value.Value {
	x, ok1 := seriesFloats(a[0])
	y, ok2 := seriesFloats(a[1])
	if !ok1 || !ok2 || len(x) != len(y) {
		return value.Null(tReal)
	}
	var dot, nx, ny float64
	for i := range x {
		dot += x[i] * y[i]
		nx += x[i] * x[i]
		ny += y[i] * y[i]
	}
	return value.NewReal(dot / math.Sqrt(nx*ny))
}

func implPearson(_ *Env, a []value.Value) value.Value {
	x, ok1 := seriesFloats(a[0])
	y, ok2 := seriesFloats(a[1])
	if !ok1 || !ok2 || len(x) != len(y) || len(x) == 0 {
		return value.Null(tReal)
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return value.NewReal(sxy / (math.Sqrt(sxx) * math.Sqrt(syy)))
}
