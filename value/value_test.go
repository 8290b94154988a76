package value

import (
	"math"
	"testing"
	"time"
)

func TestText(t *testing.T) {
	g, _ := ParseGuid("{74F3D96A-D88F-5D31-0000-0010BD353200}")
	cases := []struct {
		name string
		v    Value
		want string
	}{
		{"datetime 7 digits", NewDateTime(time.Date(2025, 3, 14, 9, 26, 53, 446123400,
			time.UTC)), "2025-03-14T09:26:53.4461234Z"},
		{"datetime whole second", NewDateTime(time.Date(2019, 7, 19, 14, 49, 51, 0,
			time.UTC)), "2019-07-19T14:49:51.0000000Z"},
		{"datetime before 1970", NewDateTime(time.Date(1601, 1, 1, 0, 0, 0, 100, time.UTC)),
			"1601-01-01T00:00:00.0000001Z"},
		{"timespan day", NewTimespan(TicksPerDay), "1.00:00:00"},
		{"timespan hour", NewTimespan(TicksPerHour), "01:00:00"},
		{"timespan fraction", NewTimespan(90*TicksPerSecond + 5), "00:01:30.0000005"},
		{"timespan negative", NewTimespan(-30 * TicksPerMinute), "-00:30:00"},
		{"bool", NewBool(true), "true"},
		{"long", NewLong(-42), "-42"},
		{"real", NewReal(1.5), "1.5"},
		{"real NaN", NewReal(math.NaN()), "NaN"},
		{"real inf", NewReal(math.Inf(-1)), "-Infinity"},
		{"string", NewString("a\tb"), "a\tb"},
		{"null long", Null(Long), ""},
		{"empty string is not null", Null(String), ""},
		{"guid lower case", NewGuid(g), "74f3d96a-d88f-5d31-0000-0010bd353200"},
		{"dynamic string unquoted", ToDynamic(NewString("x")), "x"},
		{"dynamic array JSON", NewArray(Array{NewString("a\""), NewLong(1), NullDynamic}),
			`["a\"",1,null]`},
	}
	for _, c := range cases {
		if got := c.v.Text(); got != c.want {
			t.Errorf("%s: Text() = %q, want %q", c.name, got, c.want)
		}
	}
	if !Null(Long).IsNull() || Null(String).IsNull() {
		t.Error("null long must be null; strings are never null")
	}
}

func TestParseJSON(t *testing.T) {
	v, err := ParseJSON(`{"b":1,"a":[1.5,"x",true,null,{"c":2}],"b":3}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(v.AppendJSON(nil)); got != `{"b":3,"a":[1.5,"x",true,null,{"c":2}]}` {
		t.Errorf("round trip = %s", got)
	}
	bag, _ := v.Bag()
	b, _ := bag.Get("b")
	if b.Type() != Long || b.Long() != 3 {
		t.Errorf("repeated key keeps its last value as long: %v %v", b.Type(), b.Long())
	}
	for _, bad := range []string{`{"a":`, `[1,]`, `{} x`, ``} {
		if _, err := ParseJSON(bad); err == nil {
			t.Errorf("ParseJSON(%q) accepted", bad)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tm := range []time.Time{time.Unix(0, 0).UTC(), time.Date(9999, 12, 31, 23, 59, 59,
		999999900, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if got := TicksToTime(TimeToTicks(tm)); !got.Equal(tm) {
			t.Errorf("round trip of %v gives %v", tm, got)
		}
	}
	if TimeToTicks(time.Date(9999, 12, 31, 23, 59, 59, 999999900, time.UTC)) !=
		MaxDateTimeTicks {
		t.Error("MaxDateTimeTicks is not 9999-12-31T23:59:59.9999999Z")
	}
}

func TestParseType(t *testing.T) {
	for name, want := range map[string]Type{"boolean": Bool, "int64": Long, "double": Real,
		"date": DateTime, "time": Timespan, "uniqueid": Guid, "dynamic": Dynamic} {
		if got, ok := ParseType(name); !ok || got != want {
			t.Errorf("ParseType(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := ParseType("varchar"); ok {
		t.Error("ParseType accepted varchar")
	}
}
