package builtin

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

type aggCase struct {
	name string
	agg  string
	args []any // bind-time arguments: a value.Value constant or a value.Type column
	rows [][]value.Value
	want []string // show() of each output
}

func runAgg(t *testing.T, c aggCase) {
	t.Helper()
	ag, ok := LookupAgg(c.agg)
	if !ok {
		t.Fatalf("%s: no aggregation %s", c.name, c.agg)
	}
	bargs := make([]Arg, len(c.args))
	for i, x := range c.args {
		switch v := x.(type) {
		case value.Type:
			bargs[i] = Arg{Type: v}
		case value.Value:
			vv := v
			bargs[i] = Arg{Type: v.Type(), Const: &vv}
		}
	}
	ts, mk, err := ag.Bind(bargs)
	if c.want == nil {
		if err == nil {
			t.Errorf("%s: no bind error", c.name)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	// Check both a single state and a merge of two halves.
	for _, split := range []bool{false, true} {
		st := mk()
		other := mk()
		for i, r := range c.rows {
			if split && i >= len(c.rows)/2 {
				other.Add(r)
			} else {
				st.Add(r)
			}
		}
		if split {
			m, ok := st.(Merger)
			if !ok {
				continue
			}
			m.Merge(other)
		}
		res := st.Result()
		if len(res) != len(ts) {
			t.Errorf("%s: %d results for %d types", c.name, len(res), len(ts))
			continue
		}
		for i, v := range res {
			if i < len(c.want) && show(v) != c.want[i] {
				t.Errorf("%s (merged=%v): output %d = %s, want %s", c.name, split, i, show(v),
					c.want[i])
			}
		}
	}
}

func col(vs ...value.Value) [][]value.Value {
	rows := make([][]value.Value, len(vs))
	for i, v := range vs {
		rows[i] = []value.Value{v}
	}
	return rows
}

func TestAggregations(t *testing.T) {
	ten := col(L(1), L(2), L(3), L(4), L(5), L(6), L(7), L(8), L(9), L(10))
	nulls := col(N(value.Int), I(1), I(2), N(value.Int), I(3))
	allNull := col(N(value.Int), N(value.Int), N(value.Int))
	cases := []aggCase{
		{"count", "count", nil, col(L(1), L(2)), []string{"2"}},
		{"count(x) counts nulls", "count", a(value.Int), nulls, []string{"5"}},
		{"countif", "countif", a(value.Bool), col(B(true), N(value.Bool), B(false), B(true)),
			[]string{"2"}},
		{"sum with nulls", "sum", a(value.Int), nulls, []string{"6"}},
		{"avg with nulls", "avg", a(value.Int), nulls, []string{"2"}},
		{"make_list skips nulls", "make_list", a(value.Int), nulls, []string{"[1,2,3]"}},
		{"sum all null", "sum", a(value.Int), allNull, []string{"0"}},
		{"avg all null", "avg", a(value.Int), allNull, []string{"NaN"}},
		{"min all null", "min", a(value.Int), allNull, []string{"null"}},
		{"make_set all null", "make_set", a(value.Int), allNull, []string{"[]"}},
		{"sum empty", "sum", a(value.Int), nil, []string{"0"}},
		{"stdev", "stdev", a(value.Long), ten, []string{"3.027650354102996"}},
		{"variance", "variance", a(value.Long), ten, []string{"9.1666666667"}},
		{"stdevp", "stdevp", a(value.Long), ten, []string{"2.8722813232690143"}},
		{"variancep", "variancep", a(value.Long), ten, []string{"8.25"}},
		{"stdev one", "stdev", a(value.Long), col(L(5)), []string{"0"}},
		{"stdev reals", "stdev", a(value.Real), col(R(1.5), R(2.5), R(3.5)), []string{"1"}},
		{"min max avg int", "avg", a(value.Int), col(I(-5), I(0), I(3), I(7)), []string{"1.25"}},
		{"max int", "max", a(value.Int), col(I(-5), I(0), I(3), I(7)), []string{"7"}},
		{"sum wraps", "sum", a(value.Long), col(L(9223372036854775807), L(1), L(2)),
			[]string{"-9223372036854775806"}},
		{"avg big", "avg", a(value.Long), col(L(9223372036854775807), L(1), L(2)),
			[]string{"-3.0744573456182584E+18"}},
		{"sum reals", "sum", a(value.Real), col(R(1e300), R(1e300), R(-1e300)),
			[]string{"1E+300"}},
		{"arg_max", "arg_max", a(value.Long, value.Long),
			[][]value.Value{{L(10), L(100)}, {L(10), L(50)}, {L(20), L(200)}},
			[]string{"20", "200"}},
		{"arg_min tie keeps first", "arg_min", a(value.Long, value.Long),
			[][]value.Value{{L(10), L(100)}, {L(10), L(50)}, {L(20), L(200)}},
			[]string{"10", "100"}},
		{"arg_max all null", "arg_max", a(value.Long, value.String),
			[][]value.Value{{N(value.Long), S("c")}, {N(value.Long), S("d")}},
			[]string{"null", `"c"`}},
		{"arg_max skips null", "arg_max", a(value.Long, value.String),
			[][]value.Value{{N(value.Long), S("a")}, {L(20), S("b")}},
			[]string{"20", `"b"`}},
		{"take_any", "take_any", a(value.Long), col(L(10), L(20)), []string{"10"}},
		{"take_any multi", "take_any", a(value.Long, value.String),
			[][]value.Value{{L(1), S("x")}, {L(2), S("y")}}, []string{"1", `"x"`}},
		{"make_bag first wins", "make_bag", a(value.Dynamic),
			col(J(`{"a":1}`), J(`{"a":2,"b":3}`), J(`{"c":4}`)),
			[]string{`{"a":1,"b":3,"c":4}`}},
		{"make_set", "make_set", a(value.Long), col(L(1), L(0), L(1), L(0), L(1)),
			[]string{"[1,0]"}},
		{"make_set max", "make_set", a(value.Long, L(2)), col(L(1), L(2), L(3)),
			[]string{"[1,2]"}},
		{"make_set_if", "make_set_if", a(value.String, value.Bool),
			[][]value.Value{{S("a"), B(true)}, {S("b"), B(false)}, {S("a"), B(true)}},
			[]string{`["a"]`}},
		{"dcount", "dcount", a(value.String), col(S("a"), S("b"), S("a"), S("")),
			[]string{"2"}},
		{"dcountif", "dcountif", a(value.Long, value.Bool),
			[][]value.Value{{L(1), B(true)}, {L(2), B(false)}, {L(3), B(true)}},
			[]string{"2"}},
		{"sumif", "sumif", a(value.Long, value.Bool),
			[][]value.Value{{L(1), B(true)}, {L(2), B(false)}, {L(3), B(true)}},
			[]string{"4"}},
		{"maxif", "maxif", a(value.Long, value.Bool),
			[][]value.Value{{L(1), B(true)}, {L(5), B(false)}, {L(3), B(true)}},
			[]string{"3"}},
		{"percentile", "percentile", a(value.Long, L(25)), col(L(10), L(20)),
			[]string{"10"}},
		{"percentile median", "percentile", a(value.Long, L(50)), col(L(1), L(2), L(3)),
			[]string{"2"}},
		{"percentiles", "percentiles", a(value.Long, L(50), L(95)), ten,
			[]string{"5", "10"}},
		{"percentile non-constant", "percentile", a(value.Long, value.Long), nil, nil},
		{"sum of string", "sum", a(value.String), nil, nil},
		{"min datetime", "min", a(value.DateTime), col(D("2020-02-01"), D("2020-01-01")),
			[]string{"2020-01-01T00:00:00.0000000Z"}},
		{"avg timespan", "avg", a(value.Timespan), col(T("1h"), T("3h")),
			[]string{"02:00:00"}},
	}
	for _, c := range cases {
		runAgg(t, c)
	}
}

func TestDefaultColumnName(t *testing.T) {
	for _, c := range []struct{ agg, arg, want string }{
		{"count", "", "count_"}, {"count", "X", "count_X"}, {"countif", "", "countif_"},
		{"dcount", "X", "dcount_X"}, {"dcountif", "X", "dcountif_X"},
		{"make_set", "X", "set_X"}, {"makeset", "X", "set_X"}, {"make_set_if", "X", "set_X"},
		{"make_list", "X", "list_X"}, {"makelist", "X", "list_X"}, {"make_bag", "D", "bag_D"},
		{"min", "X", "min_X"}, {"max", "X", "max_X"}, {"sum", "X", "sum_X"},
		{"avg", "X", "avg_X"}, {"stdev", "X", "stdev_X"}, {"variance", "X", "variance_X"},
		{"any", "X", "any_X"}, {"take_any", "X", "X"}, {"sumif", "X", "sumif_X"},
		{"avgif", "X", "avgif_X"},
	} {
		if got := DefaultColumnName(c.agg, c.arg); got != c.want {
			t.Errorf("DefaultColumnName(%q, %q) = %q, want %q", c.agg, c.arg, got, c.want)
		}
	}
	if got := PercentileColumnName("N", 50); got != "percentile_N_50" {
		t.Errorf("PercentileColumnName = %q", got)
	}
	if got := PercentileColumnName("N", 99.5); got != "percentile_N_99_5" {
		t.Errorf("PercentileColumnName = %q", got)
	}
}
