package builtin

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// Numeric functions.

func real1(names []string, f func(float64) float64) {
	def(names, tReal, ks(kNum), 0, func(_ *Env, a []value.Value) value.Value {
		x, ok := argReal(a[0])
		if !ok {
			return value.Null(tReal)
		}
		return value.NewReal(f(x))
	})
}

// logOf returns null for a negative argument, as the engine does.
func logOf(f func(float64) float64) func(float64) float64 {
	return func(x float64) float64 {
		if x < 0 {
			return math.NaN()
		}
		return f(x)
	}
}

func init() {
	for n, f := range map[string]func(float64) float64{
		"sqrt": math.Sqrt, "exp": math.Exp, "exp2": math.Exp2,
		"exp10":   func(x float64) float64 { return math.Pow(10, x) },
		"ceiling": math.Ceil, "cos": math.Cos, "sin": math.Sin, "tan": math.Tan,
		"acos": math.Acos, "asin": math.Asin, "atan": math.Atan,
		"cot":     func(x float64) float64 { return 1 / math.Tan(x) },
		"degrees": func(x float64) float64 { return x * 180 / math.Pi },
		"radians": func(x float64) float64 { return x * math.Pi / 180 },
		"gamma":   math.Gamma,
		"loggamma": func(x float64) float64 {
			r, _ := math.Lgamma(x)
			return r
		},
	} {
		real1(names(n), f)
	}
	for n, f := range map[string]func(float64) float64{
		"log": math.Log, "log10": math.Log10, "log2": math.Log2,
	} {
		g := logOf(f)
		def(names(n), tReal, ks(kNum), 0, func(_ *Env, a []value.Value) value.Value {
			x, ok := argReal(a[0])
			if !ok || x < 0 || math.IsNaN(g(x)) && !math.IsNaN(x) {
				return value.Null(tReal)
			}
			return value.NewReal(g(x))
		})
	}
	def(names("pow"), tReal, ks(kNum, kNum), 0, func(_ *Env, a []value.Value) value.Value {
		x, ok1 := argReal(a[0])
		y, ok2 := argReal(a[1])
		if !ok1 || !ok2 {
			return value.Null(tReal)
		}
		return value.NewReal(math.Pow(x, y))
	})
	def(names("atan2"), tReal, ks(kNum, kNum), 0, func(_ *Env, a []value.Value) value.Value {
		y, ok1 := argReal(a[0])
		x, ok2 := argReal(a[1])
		if !ok1 || !ok2 {
			return value.Null(tReal)
		}
		return value.NewReal(math.Atan2(y, x))
	})
	def(names("pi"), tReal, nil, 0, func(*Env, []value.Value) value.Value {
		return value.NewReal(math.Pi)
	})
	for n, f := range map[string]func(float64) bool{
		"isnan": math.IsNaN,
		"isinf": func(x float64) bool { return math.IsInf(x, 0) },
		"isfinite": func(x float64) bool {
			return !math.IsInf(x, 0) && !math.IsNaN(x)
		},
	} {
		def(names(n), tBool, ks(kNum), 0, func(_ *Env, a []value.Value) value.Value {
			x, ok := argReal(a[0])
			if !ok {
				return value.Null(tBool)
			}
			return value.NewBool(f(x))
		})
	}
	register(bindAbs, "abs")
	register(bindSign, "sign")
	register(bindRound, "round")
	register(bindBin("bin"), "bin")
	register(bindBin("floor"), "floor")
	register(bindBinAt, "bin_at")
	def(names("tohex"), tString, ks(kInt, kInt), 1, implToHex)
	bitOps()
}

func bindAbs(args []Arg) (value.Type, Impl, error) {
	if len(args) != 1 {
		return value.Invalid, nil, errArgCount("abs", 1, 1, len(args))
	}
	t := args[0].Type
	switch {
	case isInteger(t):
		t = tLong
	case t == value.Real, t == value.Decimal, t == tSpan:
	default:
		return value.Invalid, nil, errArgType("abs", 0, "number or timespan", t)
	}
	return t, func(_ *Env, a []value.Value) value.Value {
		v := coerce(a[0].Unwrap(), t)
		if v.IsNull() {
			return v
		}
		switch t {
		case tLong:
			if n := v.Long(); n < 0 {
				return value.NewLong(-n)
			}
		case tSpan:
			if n := v.Ticks(); n < 0 {
				return value.NewTimespan(-n)
			}
		case tReal:
			return value.NewReal(math.Abs(v.Real()))
		case value.Decimal:
			f, _ := v.AsFloat()
			return NewDecimalFloat(math.Abs(f))
		}
		return v
	}, nil
}

// bindSign: sign(x) is a real for every numeric type (the engine's
// type); NaN gives 0.
func bindSign(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("sign", args, ks(kNum), 0, false); err != nil {
		return value.Invalid, nil, err
	}
	return tReal, func(_ *Env, a []value.Value) value.Value {
		x, ok := argReal(a[0])
		if !ok {
			return value.Null(tReal)
		}
		switch {
		case x > 0:
			return value.NewReal(1)
		case x < 0:
			return value.NewReal(-1)
		}
		return value.NewReal(0)
	}, nil
}

// bindRound: round(x [, digits]) rounds half away from zero.
func bindRound(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("round", args, ks(kNum, kInt), 1, false); err != nil {
		return value.Invalid, nil, err
	}
	t := args[0].Type
	if isInteger(t) {
		t = tLong
	} else if t != value.Decimal {
		t = tReal
	}
	return t, func(_ *Env, a []value.Value) value.Value {
		x, ok := argReal(a[0])
		if !ok {
			return value.Null(t)
		}
		d := int64(0)
		if len(a) > 1 {
			if d, ok = argLong(a[1]); !ok {
				return value.Null(t)
			}
		}
		return coerce(value.NewReal(roundTo(x, d)), t)
	}, nil
}

func roundTo(x float64, d int64) float64 {
	if d == 0 {
		return math.Round(x)
	}
	if d > 15 || d < -15 {
		return x
	}
	// Round through the decimal text so that 2.15 rounds to 2.2.
	if d > 0 {
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if dot := strings.IndexByte(s, '.'); dot < 0 || len(s)-dot-1 <= int(d) {
			return x
		}
		p := math.Pow(10, float64(d))
		r, _ := strconv.ParseFloat(strconv.FormatFloat(x*p, 'f', 6, 64), 64)
		return math.Round(r) / p
	}
	p := math.Pow(10, float64(-d))
	return math.Round(x/p) * p
}

// binType is the result type of bin(value, size).
func binType(v, size value.Type) (value.Type, bool) {
	switch {
	case v == tDyn || size == tDyn:
		return value.Invalid, false
	case isInteger(v) && isInteger(size):
		return tLong, true
	case v.IsNumeric() && (size.IsNumeric() || size == tDyn):
		if v == value.Decimal {
			return v, true
		}
		return tReal, true
	case v == tDate && (size == tSpan || size == tDyn):
		return tDate, true
	case v == tSpan && (size == tSpan || size == tDyn):
		return tSpan, true
	}
	return value.Invalid, false
}

func bindBin(name string) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if len(args) != 2 {
			return value.Invalid, nil, errArgCount(name, 2, 2, len(args))
		}
		t, ok := binType(args[0].Type, args[1].Type)
		if !ok {
			return value.Invalid, nil, errArgType(name, 1, "matching bin size", args[1].Type)
		}
		return t, func(_ *Env, a []value.Value) value.Value {
			return Bin(a[0], a[1], value.Value{})
		}, nil
	}
}

func bindBinAt(args []Arg) (value.Type, Impl, error) {
	if len(args) != 3 {
		return value.Invalid, nil, errArgCount("bin_at", 3, 3, len(args))
	}
	t, ok := binType(args[0].Type, args[1].Type)
	if !ok {
		return value.Invalid, nil, errArgType("bin_at", 1, "matching bin size", args[1].Type)
	}
	if at := args[2].Type; !(at == args[0].Type || at.IsNumeric() && args[0].Type.IsNumeric()) {
		return value.Invalid, nil, errArgType("bin_at", 2, args[0].Type.String(), at)
	}
	return t, func(_ *Env, a []value.Value) value.Value { return Bin(a[0], a[1], a[2]) }, nil
}

// Bin rounds v down to a multiple of size counted from at (from zero, or
// 0001-01-01 for datetimes, when at is the zero Value). A null, zero or
// negative size gives null.
func Bin(v, size, at value.Value) value.Value {
	v, size, at = v.Unwrap(), size.Unwrap(), at.Unwrap()
	if v.IsNull() || size.IsNull() || at.Valid() && at.IsNull() {
		return value.Null(v.Type())
	}
	switch vt := v.Type(); {
	case vt == tDate || vt == tSpan:
		s, ok := argTicks(size)
		if !ok {
			if n, ok2 := argLong(size); ok2 {
				s, ok = n, true
			}
		}
		if !ok || s <= 0 {
			return value.Null(vt)
		}
		base := int64(0)
		if at.Valid() {
			base = at.Ticks()
		}
		r := floorDiv(v.Ticks()-base, s)*s + base
		if vt == tSpan {
			return value.NewTimespan(r)
		}
		return dt(r)
	case isInteger(vt) && isInteger(size.Type()):
		s := size.Long()
		if s <= 0 {
			return value.Null(tLong)
		}
		base := int64(0)
		if at.Valid() {
			base, _ = argLong(at)
		}
		return value.NewLong(floorDiv(v.Long()-base, s)*s + base)
	case vt.IsNumeric():
		x, _ := v.AsFloat()
		s, ok := argReal(size)
		if !ok || s <= 0 {
			return value.Null(tReal)
		}
		base := 0.0
		if at.Valid() {
			base, _ = argReal(at)
		}
		r := math.Floor((x-base)/s)*s + base
		if vt == value.Decimal {
			return NewDecimalFloat(r)
		}
		return value.NewReal(r)
	}
	return value.Null(v.Type())
}

func implToHex(_ *Env, a []value.Value) value.Value {
	n, ok := argLong(a[0])
	if !ok {
		return str("")
	}
	s := strconv.FormatUint(uint64(n), 16)
	if n < 0 && a[0].Type() == value.Int {
		s = strconv.FormatUint(uint64(uint32(n)), 16)
	}
	if len(a) > 1 {
		if w, ok := argLong(a[1]); ok && int64(len(s)) < w {
			s = strings.Repeat("0", int(w)-len(s)) + s
		}
	}
	return str(s)
}

func bitOps() {
	two := func(name string, f func(x, y int64) int64) {
		def(names(name), tLong, ks(kInt, kInt), 0, func(_ *Env, a []value.Value) value.Value {
			x, ok1 := argLong(a[0])
			y, ok2 := argLong(a[1])
			if !ok1 || !ok2 {
				return value.Null(tLong)
			}
			return value.NewLong(f(x, y))
		})
	}
	two("binary_and", func(x, y int64) int64 { return x & y })
	two("binary_or", func(x, y int64) int64 { return x | y })
	two("binary_xor", func(x, y int64) int64 { return x ^ y })
	two("binary_shift_left", func(x, y int64) int64 { return x << uint64(y&63) })
	two("binary_shift_right", func(x, y int64) int64 { return x >> uint64(y&63) })
	def(names("binary_not"), tLong, ks(kInt), 0, func(_ *Env, a []value.Value) value.Value {
		x, ok := argLong(a[0])
		if !ok {
			return value.Null(tLong)
		}
		return value.NewLong(^x)
	})
	def(names("bitset_count_ones"), tLong, ks(kInt), 0,
		func(_ *Env, a []value.Value) value.Value {
			x, ok := argLong(a[0])
			if !ok {
				return value.Null(tLong)
			}
			return value.NewLong(int64(bits.OnesCount64(uint64(x))))
		})
}
