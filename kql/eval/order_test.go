package eval

import (
	"math"
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

// TestKustoNullOrder checks sort's null placement: last for desc, first
// for asc unless written otherwise.
func TestKustoNullOrder(t *testing.T) {
	null := value.Null(value.Long)
	one, two := value.NewLong(1), value.NewLong(2)
	cases := []struct {
		name       string
		desc, nf   bool
		a, b       value.Value
		wantBefore bool // a sorts before b
	}{
		{"desc nulls last", true, false, null, one, false},
		{"desc values", true, false, two, one, true},
		{"asc nulls first", false, true, null, one, true},
		{"asc values", false, true, one, two, true},
		{"asc nulls last", false, false, one, null, true},
		{"desc nulls first", true, true, null, two, true},
	}
	for _, c := range cases {
		keys := []sortKey{{desc: c.desc, nullsFirst: c.nf}}
		got := compareKeys(keys, []value.Value{c.a}, []value.Value{c.b}) < 0
		if got != c.wantBefore {
			t.Errorf("%s: before = %v", c.name, got)
		}
	}
}

func TestCompare(t *testing.T) {
	cases := []struct {
		a, b value.Value
		want int
	}{
		{value.NewLong(1), value.NewReal(1.5), -1},
		{value.NewInt(3), value.NewLong(3), 0},
		{value.NewString("B"), value.NewString("a"), -1}, // ordinal
		{value.NewReal(math.NaN()), value.NewReal(-1), -1},
		{value.NewDateTimeTicks(5), value.NewDateTimeTicks(4), 1},
		{value.NewBool(false), value.NewBool(true), -1},
	}
	for i, c := range cases {
		if got := Compare(c.a, c.b); got != c.want {
			t.Errorf("#%d Compare(%v, %v) = %d, want %d", i, c.a.Text(), c.b.Text(), got, c.want)
		}
	}
}

func TestKeyEquality(t *testing.T) {
	same := [][2]value.Value{
		{value.NewLong(1), value.NewInt(1)},
		{value.NewReal(2), value.NewLong(2)},
		{value.NewString("x"), value.NewString("x")},
		{value.Null(value.Long), value.Null(value.Long)},
	}
	for i, p := range same {
		if string(appendKey(nil, p[0])) != string(appendKey(nil, p[1])) {
			t.Errorf("#%d keys differ", i)
		}
	}
	if string(appendKey(nil, value.NewString("1"))) == string(appendKey(nil, value.NewLong(1))) {
		t.Error("string and long keys collide")
	}
}
