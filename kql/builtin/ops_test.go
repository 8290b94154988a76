package builtin

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

func TestBinaryResultType(t *testing.T) {
	L, I, R, S, D, T, B, Y, G := value.Long, value.Int, value.Real, value.String,
		value.DateTime, value.Timespan, value.Bool, value.Dynamic, value.Decimal
	cases := []struct {
		op   string
		l, r value.Type
		want value.Type // Invalid: an error
	}{
		{"+", I, I, L}, {"+", I, L, L}, {"*", I, R, R}, {"/", L, L, L}, {"%", R, L, R},
		{"+", G, L, G}, {"+", G, R, G},
		{"+", D, T, D}, {"+", T, D, D}, {"-", D, T, D}, {"-", D, D, T}, {"-", T, T, T},
		{"+", D, L, value.Invalid}, {"+", D, D, D}, {"-", T, D, D}, // as the analyzer types them
		{"*", T, L, T}, {"*", L, T, T}, {"*", T, R, T}, {"/", T, L, T}, {"/", T, T, R},
		{"%", T, T, T}, {"+", S, S, value.Invalid}, {"+", S, L, value.Invalid},
		{"+", Y, L, L}, {"+", Y, Y, Y},
		{"<", L, R, B}, {"<", D, D, B}, {"<", T, T, B}, {">", D, S, value.Invalid},
		{"<", S, S, value.Invalid}, {"<", D, T, value.Invalid}, {"<", Y, L, B},
		{"==", S, L, B}, {"==", L, S, B}, {"==", B, L, B}, {"!=", D, T, B}, {"==", Y, S, B},
	}
	for _, c := range cases {
		got, err := BinaryResultType(c.op, c.l, c.r)
		if c.want == value.Invalid {
			if err == nil {
				t.Errorf("%s %s %s: no error, type %s", c.l, c.op, c.r, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %s %s = %s, %v; want %s", c.l, c.op, c.r, got, err, c.want)
		}
	}
}

func TestEvalBinary(t *testing.T) {
	nan := R(math.NaN())
	inf := R(math.Inf(1))
	cases := []struct {
		l    value.Value
		op   string
		r    value.Value
		want string
	}{
		{L(7), "/", L(2), "3"}, {L(-7), "/", L(2), "-3"}, {L(7), "/", L(-2), "-3"},
		{L(-7), "/", L(-2), "3"}, {L(-1), "/", L(2), "0"},
		{L(7), "%", L(3), "1"}, {L(-7), "%", L(3), "2"}, {L(7), "%", L(-3), "1"},
		{L(-7), "%", L(-3), "2"}, {L(-5), "%", L(3), "1"}, {L(5), "%", L(-3), "2"},
		{L(1), "/", L(0), "null"}, {L(1), "%", L(0), "null"},
		{R(1), "/", R(0), "Infinity"}, {R(0), "/", R(0), "NaN"},
		{R(7.5), "%", L(2), "1.5"}, {L(7), "%", R(2.5), "2"}, {R(-7.5), "%", L(2), "0.5"},
		{R(-5.5), "%", R(2), "0.5"},
		{I(2147483647), "+", I(1), "2147483648"}, {I(2147483647), "*", I(2), "4294967294"},
		{L(9223372036854775807), "+", L(1), "-9223372036854775808"},
		{R(1.5e300), "*", R(1.5e300), "Infinity"}, {R(1e-300), "*", R(1e-300), "0"},
		{inf, "+", R(math.Inf(-1)), "NaN"}, {inf, "*", R(0), "NaN"},
		{nan, "==", nan, "false"}, {nan, "!=", nan, "true"}, {nan, "<", R(1), "false"},
		{inf, ">", R(1e308), "true"},
		{N(value.Long), "+", L(1), "null"}, {N(value.Long), "==", L(1), "false"},
		{N(value.Long), "!=", L(1), "true"}, {N(value.Long), "==", N(value.Long), "null"},
		{L(1), "==", R(1), "true"}, {S("abc"), "!=", S("ABC"), "true"},
		{S("abc"), "=~", S("ABC"), "true"}, {S("abc"), "!~", S("ABC"), "false"},
		{D("2020-06-15 13:45"), "+", T("90m"), "2020-06-15T15:15:00.0000000Z"},
		{D("2020-06-15"), "-", T("1.12:00:00"), "2020-06-13T12:00:00.0000000Z"},
		{D("0001-01-01"), "-", T("00:00:00.0000001"), "null"},
		{D("9999-12-31"), "-", D("0001-01-01"), "3652058.00:00:00"},
		{D("1970-01-01"), "-", D("1969-12-31 23:00"), "01:00:00"},
		{T("1d"), "/", T("1h"), "24"}, {T("1d"), "/", T("00:00:00.0000001"), "864000000000"},
		{T("01:30:00"), "/", L(2), "00:45:00"}, {T("1d"), "*", R(2.5), "2.12:00:00"},
		{L(-2), "*", T("1h"), "-02:00:00"}, {T("-1d"), "/", T("-1h"), "24"},
		{T("1s"), "/", L(1000), "00:00:00.0010000"},
		{L(2), "*", T("1d"), "2.00:00:00"},
		{J(`1`), "+", L(1), "2"}, {J(`1`), "==", L(1), "true"},
		{J(`"a"`), "==", S("a"), "true"}, {J(`true`), "=~", S("TRUE"), "true"},
		{J(`null`), "=~", S("true"), "false"}, {J(`null`), "==", S("x"), "false"},
		{J(`null`), "!=", S("x"), "true"},
		{J(`[1,2]`), "==", J(`[1,2]`), "true"},
		{I(1), ">", I(0), "true"}, {D("2020-01-01"), "<", D("2021-01-01"), "true"},
	}
	for _, c := range cases {
		got, err := EvalBinary(c.op, c.l, c.r)
		if err != nil {
			t.Errorf("%s %s %s: %v", show(c.l), c.op, show(c.r), err)
			continue
		}
		if show(got) != c.want {
			t.Errorf("%s %s %s = %s, want %s", show(c.l), c.op, show(c.r), show(got), c.want)
		}
	}
}

func TestLogicalOperators(t *testing.T) {
	tr, fa, nu := B(true), B(false), N(value.Bool)
	for _, c := range []struct {
		got  value.Value
		want string
	}{
		{And(fa, nu), "false"}, {And(nu, fa), "false"}, {And(tr, nu), "null"},
		{And(tr, tr), "true"}, {Or(tr, nu), "true"}, {Or(nu, fa), "null"},
		{Or(fa, fa), "false"}, {Not(nu), "null"}, {Not(tr), "false"},
		{Between(L(5), L(1), L(5)), "true"}, {Between(L(6), L(1), R(5.5)), "false"},
		{Between(D("2007-07-28"), D("2007-07-27"), T("3d")), "true"},
		{Between(N(value.Long), L(1), L(5)), "null"},
		{Negate(T("1.02:00:00")), "-1.02:00:00"}, {Negate(L(3)), "-3"},
	} {
		if show(c.got) != c.want {
			t.Errorf("got %s, want %s", show(c.got), c.want)
		}
	}
	if err := BetweenType(value.String, value.String, value.String); err == nil {
		t.Error("string between accepted")
	}
	if err := BetweenType(value.DateTime, value.DateTime, value.Timespan); err != nil {
		t.Error(err)
	}
}

func TestValueSet(t *testing.T) {
	s := NewValueSet([]value.Value{L(1), R(2.5), S("x"), J(`[3,"y"]`), N(value.Long)})
	for _, c := range []struct {
		v    value.Value
		want bool
	}{
		{L(1), true}, {R(1), true}, {I(1), true}, {R(2.5), true}, {S("x"), true},
		{S("X"), false}, {L(3), true}, {S("y"), true}, {N(value.Long), false},
		{S("1"), false}, {J(`1`), true},
	} {
		if got := s.Has(c.v); got != c.want {
			t.Errorf("ValueSet.Has(%s) = %v", show(c.v), got)
		}
	}
}

// TestOperatorTypesMatchAnalyzer compares BinaryResultType with the
// analyzer's verdicts in testdata/operators.tsv.
func TestOperatorTypesMatchAnalyzer(t *testing.T) {
	data, err := os.ReadFile("testdata/operators.tsv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		k := strings.Split(f[0], "|")
		lt, _ := value.ParseType(k[1])
		rt, _ := value.ParseType(k[2])
		got, err := BinaryResultType(k[0], lt, rt)
		n++
		switch {
		case f[1] == "error" && err == nil:
			t.Errorf("%s %s %s: we type %s, analyzer rejects", k[1], k[0], k[2], got)
		case f[1] == "ok" && err != nil:
			t.Errorf("%s %s %s: we reject (%v), analyzer types %s", k[1], k[0], k[2], err, f[2])
		case f[1] == "ok" && got.String() != f[2]:
			t.Errorf("%s %s %s: we type %s, analyzer %s", k[1], k[0], k[2], got, f[2])
		}
	}
	if n < 1000 {
		t.Errorf("only %d operator cases", n)
	}
}
