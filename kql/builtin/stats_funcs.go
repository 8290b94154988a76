package builtin

import (
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

// beta_cdf, beta_inv and welch_test, on the regularized incomplete beta
// function.

func init() {
	def(names("beta_cdf"), tReal, ks(kNum, kNum, kNum), 0,
		func(_ *Env, a []value.Value) value.Value {
			x, ok1 := argReal(a[0])
			al, ok2 := argReal(a[1])
			be, ok3 := argReal(a[2])
			switch {
			case !ok1 || !ok2 || !ok3:
				return value.Null(tReal)
			case x < 0 || x > 1:
				return value.NewReal(math.NaN())
			case al <= 0 || be <= 0:
				// The engine answers 1 for non-positive shapes
				// (emulator beta-cdf-function-00).
				return value.NewReal(1)
			}
			return value.NewReal(regIncBeta(x, al, be))
		})
	def(names("beta_inv"), tReal, ks(kNum, kNum, kNum), 0,
		func(_ *Env, a []value.Value) value.Value {
			p, ok1 := argReal(a[0])
			al, ok2 := argReal(a[1])
			be, ok3 := argReal(a[2])
			switch {
			case !ok1 || !ok2 || !ok3 || p < 0 || p > 1:
				return value.Null(tReal)
			case al <= 0 || be <= 0:
				return value.NewReal(math.NaN())
			}
			lo, hi := 0.0, 1.0
			for i := 0; i < 200 && hi-lo > 1e-17; i++ {
				mid := (lo + hi) / 2
				if regIncBeta(mid, al, be) < p {
					lo = mid
				} else {
					hi = mid
				}
			}
			return value.NewReal((lo + hi) / 2)
		})
	def(names("welch_test"), tReal, ks(kNum, kNum, kNum, kNum, kNum, kNum), 0,
		func(_ *Env, a []value.Value) value.Value {
			var v [6]float64
			for i := range v {
				f, ok := argReal(a[i])
				if !ok {
					return value.Null(tReal)
				}
				v[i] = f
			}
			s1, s2 := v[1]/v[2], v[4]/v[5]
			t := (v[0] - v[3]) / math.Sqrt(s1+s2)
			df := (s1 + s2) * (s1 + s2) / (s1*s1/(v[2]-1) + s2*s2/(v[5]-1))
			return value.NewReal(regIncBeta(df/(df+t*t), df/2, 0.5))
		})
}

// regIncBeta is I_x(a, b), by its continued fraction (modified Lentz),
// using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where that converges
// faster.
func regIncBeta(x, a, b float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaFraction(1-x, b, a)/b
	}
	return front * betaFraction(x, a, b) / a
}

func betaFraction(x, a, b float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1.0; m < 500; m++ {
		num := m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m))
		d, c = 1+num*d, 1+num/c
		if math.Abs(d) < tiny {
			d = tiny
		}
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		num = -(a + m) * (a + b + m) * x / ((a + 2*m) * (a + 2*m + 1))
		d, c = 1+num*d, 1+num/c
		if math.Abs(d) < tiny {
			d = tiny
		}
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return h
}
