package builtin

import (
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

// Statistical aggregations: avg, variance/stdev, covariance, and the
// bitwise binary_all_and/or/xor.

func init() {
	registerAgg(bindCovariance("covariance", true), "covariance")
	registerAgg(bindCovariance("covariancep", false), "covariancep")
	registerAgg(ifVariant("covarianceif", bindCovariance("covarianceif", true), 2),
		"covarianceif")
	registerAgg(ifVariant("covariancepif", bindCovariance("covariancepif", false), 2),
		"covariancepif")
	for _, b := range []struct {
		name string
		op   func(x, y int64) int64
	}{{"binary_all_and", func(x, y int64) int64 { return x & y }},
		{"binary_all_or", func(x, y int64) int64 { return x | y }},
		{"binary_all_xor", func(x, y int64) int64 { return x ^ y }}} {
		registerAgg(bindBitAgg(b.name, b.op), b.name)
	}
}

// avgState averages numbers (NaN when empty) or timespans. Integers are
// summed as a wrapping long first, as the engine does.
type avgState struct {
	span, ints bool
	sum        float64
	isum       int64
	n          int64
}

func (s *avgState) Add(a []value.Value) {
	v := a[0].Unwrap()
	if s.ints && isInteger(v.Type()) {
		if !v.IsNull() {
			s.isum += v.Long()
			s.n++
		}
		return
	}
	if f, ok := argReal(v); ok {
		s.sum += f
		s.n++
	}
}
func (s *avgState) Result() []value.Value {
	if s.span {
		if s.n == 0 {
			return []value.Value{value.Null(tSpan)}
		}
		return []value.Value{spanFromFloat(s.sum / float64(s.n))}
	}
	return []value.Value{value.NewReal((s.sum + float64(s.isum)) / float64(s.n))}
}
func (s *avgState) Merge(o State) {
	os := o.(*avgState)
	s.sum += os.sum
	s.isum += os.isum
	s.n += os.n
}
func bindAvg(args []Arg) ([]value.Type, func() State, error) {
	if len(args) != 1 {
		return nil, nil, errArgCount("avg", 1, 1, len(args))
	}
	t := args[0].Type
	if !t.IsNumeric() && t != tSpan && t != tDyn && t != value.Bool {
		return nil, nil, errArgType("avg", 0, "number", t)
	}
	if t == tSpan {
		return one(tSpan), func() State { return &avgState{span: true} }, nil
	}
	ints := isInteger(t)
	return one(tReal), func() State { return &avgState{ints: ints} }, nil
}

// momentState computes variance (sample or population) and stdev with
// Welford's method; one value gives 0.
type momentState struct {
	sqrt, sample bool
	n            int64
	mean, m2     float64
}

func (s *momentState) Add(a []value.Value) {
	f, ok := argReal(a[0])
	if !ok {
		return
	}
	s.n++
	d := f - s.mean
	s.mean += d / float64(s.n)
	s.m2 += d * (f - s.mean)
}
func (s *momentState) Result() []value.Value {
	var v float64
	switch {
	case s.n <= 1:
		// No values give 0 too (kustainer r3-aggregation-0017).
		v = 0
	case s.sample:
		v = s.m2 / float64(s.n-1)
	default:
		v = s.m2 / float64(s.n)
	}
	// The engine reports variances rounded to ten decimals, and stdev as
	// the root of that (stdev of 1..10 is 3.027650354102996).
	v = math.Round(v*1e10) / 1e10
	if s.sqrt {
		v = math.Sqrt(v)
	}
	return []value.Value{value.NewReal(v)}
}
func (s *momentState) Merge(o State) {
	os := o.(*momentState)
	if os.n == 0 {
		return
	}
	n := s.n + os.n
	d := os.mean - s.mean
	s.m2 += os.m2 + d*d*float64(s.n)*float64(os.n)/float64(n)
	s.mean += d * float64(os.n) / float64(n)
	s.n = n
}
func bindMoments(name string, sqrt, sample bool) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if err := aggSig(name, args, ks(kNum), 0); err != nil {
			return nil, nil, err
		}
		return one(tReal), func() State { return &momentState{sqrt: sqrt, sample: sample} },
			nil
	}
}

// covState computes the covariance of two series (sample or population)
// with a streaming co-moment; fewer than two pairs give 0, none NaN.
type covState struct {
	sample     bool
	n          int64
	mx, my, cm float64
}

func (s *covState) Add(a []value.Value) {
	x, ok1 := argReal(a[0])
	y, ok2 := argReal(a[1])
	if !ok1 || !ok2 {
		return
	}
	s.n++
	dx := x - s.mx
	s.mx += dx / float64(s.n)
	s.my += (y - s.my) / float64(s.n)
	s.cm += dx * (y - s.my)
}
func (s *covState) Result() []value.Value {
	switch {
	case s.n == 0:
		return []value.Value{value.NewReal(math.NaN())}
	case s.n == 1:
		return []value.Value{value.NewReal(0)}
	case s.sample:
		return []value.Value{value.NewReal(s.cm / float64(s.n-1))}
	}
	return []value.Value{value.NewReal(s.cm / float64(s.n))}
}
func (s *covState) Merge(o State) {
	os := o.(*covState)
	if os.n == 0 {
		return
	}
	n := s.n + os.n
	dx, dy := os.mx-s.mx, os.my-s.my
	s.cm += os.cm + dx*dy*float64(s.n)*float64(os.n)/float64(n)
	s.mx += dx * float64(os.n) / float64(n)
	s.my += dy * float64(os.n) / float64(n)
	s.n = n
}
func bindCovariance(name string, sample bool) func([]Arg) ([]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if err := aggSig(name, args, ks(kNum, kNum), 0); err != nil {
			return nil, nil, err
		}
		return one(tReal), func() State { return &covState{sample: sample} }, nil
	}
}

// bitState folds integers with a bitwise operator; null when none.
type bitState struct {
	op   func(x, y int64) int64
	acc  int64
	some bool
}

func (s *bitState) Add(a []value.Value) {
	x, ok := argLong(a[0])
	if !ok {
		return
	}
	if !s.some {
		s.acc, s.some = x, true
		return
	}
	s.acc = s.op(s.acc, x)
}
func (s *bitState) Result() []value.Value {
	if !s.some {
		return []value.Value{value.Null(tLong)}
	}
	return []value.Value{value.NewLong(s.acc)}
}
func (s *bitState) Merge(o State) {
	os := o.(*bitState)
	if os.some {
		s.Add([]value.Value{value.NewLong(os.acc)})
	}
}
func bindBitAgg(name string, op func(x, y int64) int64) func([]Arg) (
	[]value.Type, func() State, error) {
	return func(args []Arg) ([]value.Type, func() State, error) {
		if err := aggSig(name, args, ks(kInt), 0); err != nil {
			return nil, nil, err
		}
		return one(tLong), func() State { return &bitState{op: op} }, nil
	}
}
