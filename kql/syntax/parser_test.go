package syntax

import (
	"strings"
	"testing"
)

// TestParseFormat parses each query and compares its canonical form; every case
// also round-trips (print, parse, print gives the same text and shape).
func TestParseFormat(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"table", "T", "T"},
		{"where", "T | where a == 1", "T | where a == 1"},
		{"filter alias", "T | filter a != 'x'", `T | where a != "x"`},
		{"precedence", "print 1 + 2 * 3 - 4 / 2 % 3", "print 1 + 2 * 3 - 4 / 2 % 3"},
		{"and or", "T | where a or b and c", "T | where a or b and c"},
		{"parens kept", "T | where (a or b) and c", "T | where (a or b) and c"},
		{"not is a call", "T | where not(a has 'x')", `T | where not(a has "x")`},
		{"unary", "print -x, +1, - -2", "print -x, +1, --2"},
		{"string ops", "T | where a !has_cs 'x' and b startswith_cs 'y' and c !endswith 'z'",
			`T | where a !has_cs "x" and b startswith_cs "y" and c !endswith "z"`},
		{"matches regex", `T | where a matches regex @"\d+"`, `T | where a matches regex "\\d+"`},
		{"in lists", "T | where a in (1, 2) and b !in~ ('x') and c in (L)",
			`T | where a in (1, 2) and b !in~ ("x") and c in (L)`},
		{"in subquery", "T | where a in ((U | project a))", "T | where a in ((U | project a))"},
		{"in pipeline", "T | where a in (U | project a)", "T | where a in (U | project a)"},
		{"has_any", "T | where a has_any ('x', 'y') and b has_all (L)",
			`T | where a has_any ("x", "y") and b has_all (L)`},
		{"between", "T | where a between (1 .. 5) and b !between (now() - 1h .. now())",
			"T | where a between (1 .. 5) and b !between (now() - 1h .. now())"},
		{"member index", `print a.b["c"][0].d, $left.x`, `print a.b["c"][0].d, $left.x`},
		{"quoted names", "T | project ['a b'], [\"c\"], ['where']",
			`T | project ["a b"], c, ["where"]`},
		{"strings", `print 'a\'b', "c\"d", @'e\f', @"g""h", h'secret', 'x' 'y', ` +
			"```m\nl```", `print "a'b", "c\"d", "e\\f", "g\"h", h"secret", "xy", "m\nl"`},
		{"numbers", "print 1, 0x1F, 1.5, 1e3, long(2), real(nan), decimal(1.5)",
			"print 1, 31, 1.5, 1000.0, long(2), real(nan), decimal(1.5)"},
		{"timespans", "print 1d, 24h, 30m, 10s, 100ms, 10microsecond, 1tick, 1.5h, 2min, 3sec",
			"print 1d, 1d, 30m, 10s, 100ms, 10microsecond, 1tick, 90m, 2m, 3s"},
		{"time literal", "print time(1.00:00:00), timespan(2), time(null), 1day, 5ticks",
			"print 1d, 2d, time(null), 1d, 5tick"},
		{"typed literals",
			`print datetime(2021-01-01), datetime(2021-01-01 12:00:00.123), datetime("2021-02-03"), ` +
				`datetime(null), guid(74be27de-1e4e-49d9-b579-fe0b331d3642), bool(null), int(null)`,
			`print datetime(2021-01-01), datetime(2021-01-01 12:00:00.123), datetime(2021-02-03), ` +
				`datetime(null), guid(74be27de-1e4e-49d9-b579-fe0b331d3642), bool(null), int(null)`},
		{"dynamic", `print dynamic([1, "a", {"k": -2, 'j': [true, null]}]), dynamic(null), ` +
			`dynamic({"x": datetime(2020-01-01)})`,
			`print dynamic([1, "a", {"k": -2, "j": [true, null]}]), dynamic(null), ` +
				`dynamic({"x": datetime(2020-01-01)})`},
		{"typeof", "print typeof(string), typeof(a:long, b:string)",
			"print typeof(string), typeof(a:long, b:string)"},
		{"let scalar and tabular", "let x = 5; let y = T | where a > x; y",
			"let x = 5;\nlet y = T | where a > x;\ny"},
		{"let function",
			"let f = (a:string, b:long = 5, T:(x:string)) { T | where x == a }; f('x', 1, U)",
			`let f = (a:string, b:long = 5, T:(x:string)) { T | where x == a };` + "\n" + `f("x", 1, U)`},
		{"view", "let v = view () { T }; v", "let v = view () { T };\nv"},
		{"declare set",
			"declare query_parameters(n:long = 10); set notruncation; set x.y = 1; T | take n",
			"declare query_parameters(n:long = 10);\nset notruncation;\nset x.y = 1;\nT | take n"},
		{"trailing semicolon", "T | count;", "T | count"},
		{"comments", "T // c1\n| where a // c2\n  == 1", "T | where a == 1"},
		{"datatable", "datatable(a:long, b:string) [1, 'x', -2, 'y']",
			`datatable(a:long, b:string) [1, "x", -2, "y"]`},
		{"range", "range x from 1 to 10 step 2", "range x from 1 to 10 step 2"},
		{"print named", "print a = 1, 2", "print a = 1, 2"},
		{"union start", "union kind=outer withsource=S isfuzzy=true T1, (T2 | take 1), Dev*",
			"union kind=outer withsource=S isfuzzy=true T1, (T2 | take 1), Dev*"},
		{"union pipe", "T | union U, V", "T | union U, V"},
		{"externaldata",
			`externaldata(a:string) ['http://x'] with (format='csv', ignoreFirstRecord=true)`,
			`externaldata(a:string) ["http://x"] with (format="csv", ignoreFirstRecord=true)`},
		{"materialize",
			"let m = materialize(T | take 1); m", "let m = materialize(T | take 1);\nm"},
		{"toscalar", "print toscalar(T | count)", "print toscalar(T | count)"},
		{"evaluate start", "evaluate bag_unpack(x)", "evaluate bag_unpack(x)"},
		{"search start", `search "x"`, `search "x"`},
		{"search in", `search in (T1, T2) x has "y"`, `search in (T1, T2) x has "y"`},
		{"search colon", `T | search s:"bar"`, `T | search s has "bar"`},
		{"find",
			`find in (T*) where a == 1 project a, b`, `find in (T*) where a == 1 project a, b`},
		{"extend project", "T | extend a = 1, (b, c) = f(x) | project a, d = b",
			"T | extend a = 1, (b, c) = f(x) | project a, d = b"},
		{"project away keep", "T | project-away a, b*, *c | project-keep x*",
			"T | project-away a, b*, *c | project-keep x*"},
		{"project rename reorder",
			"T | project-rename a = b | project-reorder c asc, d* granny-desc",
			"T | project-rename a = b | project-reorder c asc, d* granny-desc"},
		{"sort", "T | sort by a asc nulls first, b desc | order by c",
			"T | sort by a asc nulls first, b desc | sort by c"},
		{"take top", "T | limit 5 | take 3 | top 10 by a desc nulls last",
			"T | take 5 | take 3 | top 10 by a desc nulls last"},
		{"top-nested",
			"T | top-nested 3 of a by c = count(), top-nested of b with others = 'o' by sum(x) asc",
			`T | top-nested 3 of a by c = count(), top-nested of b with others = "o" by sum(x) asc`},
		{"top-hitters", "T | top-hitters 5 of a by b", "T | top-hitters 5 of a by b"},
		{"count distinct",
			"T | count | distinct * | distinct a, b", "T | count | distinct * | distinct a, b"},
		{"summarize",
			"T | summarize hint.strategy=shuffle n = count(), dcount(a) by b, bin(Timestamp, 1h)",
			"T | summarize hint.strategy=shuffle n = count(), dcount(a) by b, bin(Timestamp, 1h)"},
		{"summarize by only", "T | summarize by a", "T | summarize by a"},
		{"join", "T | join kind=leftouter hint.remote=auto (U | where x) on a, $left.b == $right.c",
			"T | join kind=leftouter hint.remote=auto (U | where x) on a, $left.b == $right.c"},
		{"join name", "T | join U on a", "T | join U on a"},
		{"lookup", "T | lookup kind=inner (U) on a", "T | lookup kind=inner (U) on a"},
		{"mv-expand",
			"T | mv-expand bagexpansion=array with_itemindex=i a, b = c to typeof(long) limit 5",
			"T | mv-expand bagexpansion=array with_itemindex=i a, b = c to typeof(long) limit 5"},
		{"mvexpand legacy", "T | mvexpand a", "T | mvexpand a"},
		{"mv-apply", "T | mv-apply x = a to typeof(long) on (summarize sum(x) | take 1)",
			"T | mv-apply x = a to typeof(long) on (summarize sum(x) | take 1)"},
		{"parse", `T | parse kind=regex flags=Ui a with * "x=" v:long ", " w`,
			`T | parse kind=regex flags=Ui a with * "x=" v:long ", " w`},
		{"parse-where", `T | parse-where a with "k=" v`, `T | parse-where a with "k=" v`},
		{"parse-kv", `T | parse-kv a as (k:string, v:long) with (pair_delimiter=',', quote='"')`,
			`T | parse-kv a as (k:string, v:long) with (pair_delimiter=",", quote="\"")`},
		{"make-series", "T | make-series n = count() default = 0 on t from a to b step 1h by k",
			"T | make-series n = count() default = 0 on t from a to b step 1h by k"},
		{"make-series range", "T | make-series avg(x) on t in range(a, b, 1d)",
			"T | make-series avg(x) on t in range(a, b, 1d)"},
		{"evaluate pipe", "T | evaluate hint.remote=local bag_unpack(d) : (a:string)",
			"T | evaluate hint.remote=local bag_unpack(d) : (a:string)"},
		{"serialize as invoke",
			"T | serialize n = row_number() | as hint.materialized=true X | invoke f(1)",
			"T | serialize n = row_number() | as hint.materialized=true X | invoke f(1)"},
		{"getschema sample", "T | getschema | sample 5 | sample-distinct 3 of a",
			"T | getschema | sample 5 | sample-distinct 3 of a"},
		{"render", "T | render timechart with (title='t', ycolumns=a)",
			`T | render timechart with (title="t", ycolumns=a)`},
		{"scan",
			"T | scan with_match_id=m declare (s:long = 0) " +
				"with (step a output=last: x > 1 => s = x; step b: true)",
			"T | scan with_match_id=m declare (s:long = 0) " +
				"with (step a output=last: x > 1 => s = x; step b: true)"},
		{"facet fork", "T | facet by a, b with (top 1 by c) | fork (take 1) (count)",
			"T | facet by a, b with (top 1 by c) | fork (take 1) (count)"},
		{"partition",
			"T | partition hint.strategy=native by a (top 1 by b) | partition by c {U | take 1}",
			"T | partition hint.strategy=native by a (top 1 by b) | partition by c {U | take 1}"},
		{"reduce consume", "T | reduce by a with threshold=0.5, characters='x' | consume",
			`T | reduce by a with threshold=0.5, characters="x" | consume`},
		{"star args", "T | extend p = pack_array(*), q = pack(*), n = count()",
			"T | extend p = pack_array(*), q = pack(*), n = count()"},
		{"keyword columns", "T | project count, type, key, ['kind'] | where type == 1",
			`T | project count, type, key, ["kind"] | where type == 1`},
		{"digit names", "T | extend 5h_avg = 1", `T | extend ["5h_avg"] = 1`},
		{"evaluate schema", "T | evaluate bag_unpack(d) : (a:string, *) | evaluate f() : (*)",
			"T | evaluate bag_unpack(d) : (a:string, *) | evaluate f() : (*)"},
		{"dotted calls", `cluster("c").database("d").T | take 1`,
			`cluster("c").database("d").T | take 1`},
		{"named arg", "T | extend x = f(1, kind = 'a')", `T | extend x = f(1, kind = "a")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, errs := ParseQuery("q", tt.src)
			if errs != nil {
				t.Fatalf("errors:\n%s", errs.Render("q", tt.src))
			}
			if got := strings.ReplaceAll(Format(q), "\n| ", " | "); got != tt.want {
				t.Errorf("Format:\n got %s\nwant %s", got, tt.want)
			}
			checkRoundTrip(t, tt.name, tt.src)
			checkTree(t, q, tt.src)
		})
	}
}

// checkTree verifies the tree's invariants: dense unique IDs, valid kinds, and
// child spans nested inside their parent's span within the source.
func checkTree(t testing.TB, q *Query, src string) {
	t.Helper()
	seen := make([]bool, q.MaxID+1)
	var walk func(n Node)
	walk = func(n Node) {
		if n.Kind() == KindInvalid || strings.HasPrefix(n.Kind().String(), "Invalid") {
			t.Errorf("node %T has no kind", n)
		}
		id := n.ID()
		if id < 1 || id > q.MaxID || seen[id] {
			t.Errorf("node %s has bad or repeated id %d", n.Kind(), id)
		} else {
			seen[id] = true
		}
		sp := n.Span()
		if sp.Start < 0 || sp.End > len(src) || sp.Start > sp.End {
			t.Errorf("node %s has bad span %v", n.Kind(), sp)
		}
		for _, c := range Children(n) {
			cs := c.Span()
			if cs.Start < sp.Start || cs.End > sp.End {
				t.Errorf("%s span %v outside parent %s %v", c.Kind(), cs, n.Kind(), sp)
			}
			walk(c)
		}
	}
	walk(q)
	for id := 1; id <= q.MaxID; id++ {
		if !seen[id] {
			t.Errorf("id %d not used by any reachable node", id)
		}
	}
}
