package kql_test

import "testing"

func TestScalarSemantics(t *testing.T) {
	runCases(t, []queryCase{
		{"and null", `print a = false and bool(null), b = true and bool(null), ` +
			`c = true or bool(null), d = false or bool(null), e = not(bool(null))`,
			"a:bool,b:bool,c:bool,d:bool,e:bool\nfalse|null|true|null|null"},
		{"eq null", `print a = long(null) == 1, b = long(null) != 1, c = long(null) == long(null)`,
			"a:bool,b:bool,c:bool\nfalse|true|null"},
		{"arith null", `print a = long(null) + 1`, "a:long\nnull"},
		{"arith", `print a = 7 / 2, b = 7 % 3, c = 7 / 2.0, d = 1d / 1h, e = 2 * 1h`,
			"a:long,b:long,c:real,d:real,e:timespan\n3|1|3.5|24|02:00:00"},
		{"datetime arith", `print a = datetime(2024-01-02) - datetime(2024-01-01), ` +
			`b = datetime(2024-01-01) + 1d`,
			"a:timespan,b:datetime\n1.00:00:00|2024-01-02T00:00:00.0000000Z"},
		{"datetime vs string", `print a = datetime(2024-01-01) > "2021-01-01"`, "error: '>'"},
		{"now ago", `print a = now() - ago(1h)`, "a:timespan\n01:00:00"},
		{"bin", `print a = bin(datetime(1970-05-11 13:45:07), 1d), b = bin(7, 5), c = bin(-7, 5)`,
			"a:datetime,b:long,c:long\n1970-05-11T00:00:00.0000000Z|5|-10"},
		{"strings", `print a = tolower("AbC"), b = toupper("abc"), c = strlen("héllo"), ` +
			`d = strcat("a", 1, "b")`, "a:string,b:string,c:long,d:string\nabc|ABC|5|a1b"},
		{"substring", `print a = substring("123456", 1, 2), b = substring("123456", 3)`,
			"a:string,b:string\n23|456"},
		{"split", `print a = split("a__b", "_"), b = split("aaa_bbb_ccc", "_", 1)`,
			`a:dynamic,b:dynamic` + "\n" + `["a","","b"]|["bbb"]`},
		{"empty", `print a = isempty(""), b = isnotempty("x"), c = isnull(long(null)), ` +
			`d = isnotnull(1), e = isnull(""), f = isempty(parse_json("[]"))`,
			"a:bool,b:bool,c:bool,d:bool,e:bool,f:bool\ntrue|true|true|true|false|false"},
		{"iff", `print a = iff(1 > 2, "x", "y"), b = iif(bool(null), 1, 2)`,
			"a:string,b:long\ny|2"},
		{"case", `print a = case(1 > 2, "a", 2 > 1, "b", "c")`, "a:string\nb"},
		{"coalesce", `print a = coalesce(long(null), 2), b = coalesce("", "x")`,
			"a:long,b:string\n2|x"},
		{"conversions", `print a = tostring(12), b = toint("42"), c = tolong("x"), ` +
			`d = todouble("1.5"), e = tobool("true"), f = todatetime("2021-01-01")`,
			"a:string,b:int,c:long,d:real,e:bool,f:datetime\n" +
				"12|42|null|1.5|true|2021-01-01T00:00:00.0000000Z"},
		{"tostring null", `print a = tostring(long(null))`, "a:string\n"},
		{"dynamic access", `let d = dynamic({"a":{"b":[1,2,3]}, "k w": 5}); ` +
			`print a = d.a.b[0], b = d["k w"], c = d.a.b[-1], e = d.nope, f = array_length(d.a.b)`,
			"a:dynamic,b:dynamic,c:dynamic,e:dynamic,f:long\n1|5|3|null|3"},
		{"parse_json", `print a = parse_json('{"x": [1, "y"]}').x[1], b = todynamic("[1]")`,
			"a:dynamic,b:dynamic\ny|[1]"},
		{"dynamic literal", `print d = dynamic(["a", 1, 2.5, true, null, {"k":"v"}])`,
			`d:dynamic` + "\n" + `["a",1,2.5,true,null,{"k":"v"}]`},
		{"matches regex", `print a = "Fabrikam" matches regex "b.*k", b = "x" matches regex "^y"`,
			"a:bool,b:bool\ntrue|false"},
		{"timespan literals", `print a = 1d + 24h + 30m + 1s + 100ms, b = 1.5h`,
			"a:timespan,b:timespan\n2.00:30:01.1000000|01:30:00"},
	})
}
