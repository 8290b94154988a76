package builtin

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

func TestDatetimeFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{fn: "bin", args: a(D("2007-01-02 13:45:30"), T("1d")),
			want: "2007-01-02T00:00:00.0000000Z"},
		{fn: "bin", args: a(D("2007-01-02 13:45:30.123456"), T("1h")),
			want: "2007-01-02T13:00:00.0000000Z"},
		{fn: "bin", args: a(D("1969-12-31 23:30:00"), T("1h")),
			want: "1969-12-31T23:00:00.0000000Z"},
		{fn: "bin", args: a(D("1955-11-05 06:15:00"), T("7d")),
			want: "1955-10-31T00:00:00.0000000Z"},
		{fn: "bin", args: a(D("2020-06-15 13:45:30.7654321"), T("1ms")),
			want: "2020-06-15T13:45:30.7650000Z"},
		{fn: "bin", args: a(D("1970-05-11 13:45:07"), T("1d")),
			want: "1970-05-11T00:00:00.0000000Z"},
		{fn: "bin", args: a(L(-5), L(2)), want: "-6", typ: value.Long},
		{fn: "bin", args: a(R(4.5), L(1)), want: "4", typ: value.Real},
		{fn: "bin", args: a(L(5), R(2.5)), want: "5", typ: value.Real},
		{fn: "bin", args: a(T("1.02:00:00"), T("1d")), want: "1.00:00:00"},
		{fn: "bin", args: a(L(5), L(0)), want: "null"},
		{fn: "bin", args: a(D("2020-01-01"), L(1)), want: "error"},
		{fn: "floor", args: a(R(-1.5), L(1)), want: "-2"},
		{fn: "bin_at", args: a(D("2007-01-02 13:45:30"), T("1d"), D("2007-01-01 06:00:00")),
			want: "2007-01-02T06:00:00.0000000Z"},
		{fn: "bin_at", args: a(D("2023-03-12 07:30:00"), T("90m"), D("2023-03-12 00:07:00")),
			want: "2023-03-12T06:07:00.0000000Z"},
		{fn: "bin_at", args: a(D("2023-06-14 12:00:00"), T("7d"), D("2023-01-01 03:00:00")),
			want: "2023-06-11T03:00:00.0000000Z"},
		{fn: "bin_at", args: a(L(6), L(7), L(2)), want: "2"},
		{fn: "startofweek", args: a(D("2020-06-14")), want: "2020-06-14T00:00:00.0000000Z"},
		{fn: "startofweek", args: a(D("2024-02-29 23:59:59.9999999")),
			want: "2024-02-25T00:00:00.0000000Z"},
		{fn: "endofweek", args: a(D("2024-03-03")), want: "2024-03-09T23:59:59.9999999Z"},
		{fn: "endofmonth", args: a(D("2020-02-15")), want: "2020-02-29T23:59:59.9999999Z"},
		{fn: "endofyear", args: a(D("2020-06-15 13:45")), want: "2020-12-31T23:59:59.9999999Z"},
		{fn: "startofweek", args: a(D("2020-06-15"), L(-2)), want: "2020-05-31T00:00:00.0000000Z"},
		{fn: "startofday", args: a(D("2020-06-15 13:45:00"), L(3)),
			want: "2020-06-18T00:00:00.0000000Z"},
		{fn: "endofweek", args: a(D("2020-06-15 13:45:00"), L(2)),
			want: "2020-07-04T23:59:59.9999999Z"},
		{fn: "endofmonth", args: a(D("2020-01-31"), L(13)), want: "2021-02-28T23:59:59.9999999Z"},
		{fn: "endofyear", args: a(D("2020-06-15"), L(-1)), want: "2019-12-31T23:59:59.9999999Z"},
		{fn: "startofday", args: a(D("0001-01-02"), L(-1)), want: "0001-01-01T00:00:00.0000000Z"},
		{fn: "startofmonth", args: a(D("2020-03-01")), want: "2020-03-01T00:00:00.0000000Z"},
		{fn: "dayofweek", args: a(D("2020-06-15 13:45")), want: "1.00:00:00"},
		{fn: "dayofweek", args: a(D("2024-02-29")), want: "4.00:00:00"},
		{fn: "dayofmonth", args: a(D("2020-06-15")), want: "15", typ: value.Int},
		{fn: "dayofyear", args: a(D("2020-12-31")), want: "366"},
		{fn: "getyear", args: a(D("2020-06-15")), want: "2020"},
		{fn: "monthofyear", args: a(D("2020-06-15")), want: "6"},
		{fn: "getmonth", args: a(D("2020-06-15")), want: "6"},
		{fn: "weekofyear", args: a(D("2020-06-15")), want: "25"},
		{fn: "hourofday", args: a(D("2020-06-15 13:45")), want: "13"},
		{fn: "week_of_year", args: a(D("2007-01-01")), want: "1"},
		{fn: "week_of_year", args: a(D("2016-01-01")), want: "53"},
		{fn: "week_of_year", args: a(D("2017-01-01")), want: "52"},
		{fn: "week_of_year", args: a(D("2021-01-03")), want: "53"},
		{fn: "week_of_year", args: a(D("2020-12-31")), want: "53"},
		{fn: "datetime_add", args: a(S("year"), L(1), D("2020-02-29")),
			want: "2021-02-28T00:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("month"), L(-1), D("2020-03-31")),
			want: "2020-02-29T00:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("quarter"), L(1), D("2020-11-30")),
			want: "2021-02-28T00:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("week"), L(2), D("2020-06-15")),
			want: "2020-06-29T00:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("day"), L(400), D("2020-01-01")),
			want: "2021-02-04T00:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("day"), L(1), D("2020-02-28 23:59:59.9999999")),
			want: "2020-02-29T23:59:59.9999999Z"},
		{fn: "datetime_add", args: a(S("week"), L(-53), D("2021-03-15 12:00:00")),
			want: "2020-03-09T12:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("day"), L(-1), D("0001-01-01 12:00:00")), want: "null"},
		{fn: "datetime_add", args: a(S("hour"), L(100000), D("2020-01-01")),
			want: "2031-05-29T16:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("year"), L(1), D("2999-01-01")),
			want: "3000-01-01T00:00:00.0000000Z"},
		{fn: "datetime_add", args: a(S("fortnight"), L(1), D("2999-01-01")), want: "error"},
		{fn: "datetime_diff", args: a(S("week"), D("2020-01-15"), D("2020-01-01")), want: "2"},
		{fn: "datetime_diff", args: a(S("day"), D("2020-03-01"), D("2020-02-01")), want: "29"},
		{fn: "datetime_diff", args: a(S("hour"), D("2020-01-01 13:00"), D("2020-01-01")),
			want: "13"},
		{fn: "datetime_diff", args: a(S("minute"), D("2020-01-01"), D("2020-01-01 13:45")),
			want: "-825"},
		{fn: "datetime_diff", args: a(S("year"), D("2020-12-31"), D("2021-01-01")), want: "-1"},
		{fn: "datetime_diff", args: a(S("month"), D("2020-01-31"), D("2020-02-01")), want: "-1"},
		{fn: "datetime_diff", args: a(S("quarter"), D("2024-03-31"), D("2020-04-01")),
			want: "15"},
		{fn: "datetime_diff", args: a(S("week"), D("2020-12-31"), D("2020-01-01")), want: "52"},
		{fn: "datetime_diff", args: a(S("second"), D("2020-01-01 00:00:01.9999999"),
			D("2020-01-01 00:00:00.0000001")), want: "1"},
		{fn: "datetime_diff", args: a(S("microsecond"), D("2020-01-01 00:00:00.0000020"),
			D("2020-01-01 00:00:00.0000005")), want: "2"},
		{fn: "datetime_diff", args: a(S("nanosecond"), D("2020-01-01 00:00:00.0000002"),
			D("2020-01-01")), want: "200"},
		{fn: "datetime_diff", args: a(S("day"), D("1970-01-01"), D("1969-12-25")), want: "7"},
		{fn: "datetime_part", args: a(S("Hour"), D("2017-10-30 01:02:03.7654321")), want: "1"},
		{fn: "datetime_part", args: a(S("millisecond"), D("2017-10-30 01:02:03.7654321")),
			want: "765"},
		{fn: "datetime_part", args: a(S("nanosecond"), D("2017-10-30 01:02:03.7654321")),
			want: "765432100"},
		{fn: "make_datetime", args: a(L(2020), L(2), L(29), L(13), L(45), L(9)),
			want: "2020-02-29T13:45:09.0000000Z"},
		{fn: "make_datetime", args: a(L(2020), L(13), L(1)), want: "null"},
		{fn: "make_datetime", args: a(L(2020), L(2), L(29), L(23), L(59), R(59.9999999)),
			want: "2020-02-29T23:59:59.9999999Z"},
		{fn: "make_timespan", args: a(L(1), L(2), L(3), L(4)), want: "1.02:03:04"},
		{fn: "make_timespan", args: a(L(25), L(70)), want: "null"},
		{fn: "make_timespan", args: a(L(2), L(30)), want: "02:30:00"},
		{fn: "make_timespan", args: a(L(1), L(2), L(3)), want: "01:02:03"},
		{fn: "make_timespan", args: a(L(0), L(0), L(0), R(0.0000001)), want: "00:00:00.0000001"},
		{fn: "make_timespan", args: a(L(-1), L(-2)), want: "null"},
		{fn: "unixtime_seconds_todatetime", args: a(L(1546300800)),
			want: "2019-01-01T00:00:00.0000000Z"},
		{fn: "unixtime_milliseconds_todatetime", args: a(L(1546300800000)),
			want: "2019-01-01T00:00:00.0000000Z"},
		{fn: "unixtime_microseconds_todatetime", args: a(L(1546300800000000)),
			want: "2019-01-01T00:00:00.0000000Z"},
		{fn: "unixtime_nanoseconds_todatetime", args: a(L(1546300800000000000)),
			want: "2019-01-01T00:00:00.0000000Z"},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09"), S("M/d/yyyy h:mm:ss tt")),
			want: `"6/15/2020 1:45:09 PM"`},
		{fn: "format_datetime", args: a(D("2007-01-02 03:04:05"), S("yy-MM-dd HH:mm")),
			want: `"07-01-02 03:04"`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09.1234567"),
			S("yyyy-MM-dd HH:mm:ss.fffffff")), want: `"2020-06-15 13:45:09.1234567"`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09.1234567"), S("FFFFFFF")),
			want: `"1234567"`},
		{fn: "format_datetime", args: a(D("2007-03-09 05:04:03"), S("dddd, MMMM d, yyyy")),
			want: `"0909, 0303 9, 2007"`},
		{fn: "format_datetime", args: a(D("2007-03-09 05:04:03"), S("ddd MMM")),
			want: `"099 033"`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09.5"), S("ss.f")), want: `"09.5"`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09.05"), S("ss.ff")),
			want: `"09.05"`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09"), S("yyyy/MM/dd")),
			want: `"2020/06/15"`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09.0000007"), S("FFFFFFF")),
			want: `"0000007"`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09"), S("FFFFFFF")), want: `""`},
		{fn: "format_datetime", args: a(D("2020-06-15 13:45:09"), S("y")), want: `"20"`},
		{fn: "format_datetime", args: a(D("2007-03-09 05:04:03"), S("M")), want: `"3"`},
		{fn: "format_datetime", args: a(D("2007-03-09 05:04:03"), S("h tt")), want: `"5 AM"`},
		{fn: "format_datetime", args: a(D("2007-03-09 17:04:03"), S("h tt")), want: `"5 PM"`},
		{fn: "format_datetime", args: a(D("2007-03-09 00:30:03"), S("h:mm tt")),
			want: `"12:30 AM"`},
		{fn: "format_datetime", args: a(D("2020-06-15"), S("zzz")), want: "error"},
		{fn: "format_datetime", args: a(D("2020-06-15"), S("yyyy-MM-ddTHH")), want: "error"},
		{fn: "format_timespan", args: a(T("1.02:03:04.5670000"), S("dd.hh:mm:ss.fffffff")),
			want: `"01.02:03:04.5670000"`},
		{fn: "format_timespan", args: a(T("-02:30:00"), S("hh:mm")), want: `"-02:30"`},
		{fn: "format_timespan", args: a(T("90061123ms"), S("d:h:m:s.fff")),
			want: `"1:1:1:1.123"`},
		{fn: "format_timespan", args: a(T("90061123ms"), S("dd:hh:mm:ss")),
			want: `"01:01:01:01"`},
		{fn: "format_timespan", args: a(T("10675199.02:48:05.4775807"), S("d.hh:mm:ss")),
			want: `"10675199.02:48:05"`},
		{fn: "format_timespan", args: a(T("00:00:00.0000001"), S("fffffff")),
			want: `"0000001"`},
	})
}

func TestParseDateTimeRoundTrip(t *testing.T) {
	for _, s := range []string{"0001-01-01T00:00:00.0000000Z", "9999-12-31T23:59:59.9999999Z",
		"2020-02-29T12:34:56.7890123Z", "1969-07-20T20:17:40.0000000Z"} {
		ticks, ok := ParseDateTime(s)
		if !ok {
			t.Errorf("ParseDateTime(%q) failed", s)
			continue
		}
		if got := string(value.AppendDateTime(nil, ticks)); got != s {
			t.Errorf("ParseDateTime(%q) renders %q", s, got)
		}
	}
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2020-01-01", "2014-11-08 15:55:55.123456Z",
		"Sat, 8 Nov 14 15:05:02 GMT", "12-02-2022", "6/15/2020 1:45:09 PM", "2014-05-25T08:20"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ticks, ok := ParseDateTime(s)
		if !ok {
			return
		}
		if ticks < 0 || ticks > value.MaxDateTimeTicks {
			t.Fatalf("ParseDateTime(%q) = %d out of range", s, ticks)
		}
		back, ok := ParseDateTime(string(value.AppendDateTime(nil, ticks)))
		if !ok || back != ticks {
			t.Fatalf("round trip of %q: %d then %d", s, ticks, back)
		}
	})
}

func FuzzParseTimespan(f *testing.F) {
	for _, s := range []string{"1d", "1.02:03:04.5", "-00:30:00", "100ms", "2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ticks, ok := ParseTimespan(s)
		if !ok {
			return
		}
		back, ok := ParseTimespan(string(value.AppendTimespan(nil, ticks)))
		if !ok || back != ticks {
			t.Fatalf("round trip of %q: %d then %d (%s)", s, ticks, back,
				value.AppendTimespan(nil, ticks))
		}
	})
}
