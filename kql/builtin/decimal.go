package builtin

import (
	"math/big"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// decimalArith adds, subtracts or multiplies decimals (and integers)
// exactly, as .NET's decimal does within its 28 digits: 0.1 + 0.2 is 0.3.
func decimalArith(op string, a, b value.Value) (value.Value, bool) {
	x, ok1 := decimalRat(a)
	y, ok2 := decimalRat(b)
	if !ok1 || !ok2 {
		return value.Value{}, false
	}
	var r big.Rat
	switch op {
	case "+":
		r.Add(x, y)
	case "-":
		r.Sub(x, y)
	default:
		r.Mul(x, y)
	}
	scale := decimalScale(a) + decimalScale(b)
	if scale > 28 {
		return value.Value{}, false
	}
	text := r.FloatString(scale)
	if strings.Contains(text, ".") {
		text = strings.TrimRight(strings.TrimRight(text, "0"), ".")
	}
	if text == "-0" {
		text = "0"
	}
	return value.NewDecimal(text), true
}

// decimalRat reads a decimal's text or an integer exactly.
func decimalRat(v value.Value) (*big.Rat, bool) {
	switch v.Type() {
	case value.Decimal:
		return new(big.Rat).SetString(v.Decimal())
	case value.Int, value.Long:
		return new(big.Rat).SetInt64(v.Long()), true
	}
	return nil, false
}

// decimalScale is the number of digits after the point of a decimal's
// text (0 for integers and exponent forms).
func decimalScale(v value.Value) int {
	if v.Type() != value.Decimal {
		return 0
	}
	s := v.Decimal()
	i := strings.IndexByte(s, '.')
	if i < 0 || strings.ContainsAny(s, "eE") {
		return 0
	}
	return len(s) - i - 1
}
