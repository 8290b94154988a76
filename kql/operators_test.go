package kql_test

import "testing"

const tSeq = `datatable(Ts:long, Ev:string)[1,"A", 2,"Start", 3,"B", 4,"Stop", 5,"C",` +
	` 6,"Start", 7,"Stop"]`

// TestMoreOperators covers scan, partition, distinct in a pipeline,
// bag_unpack with an output schema, parse-kv with regex, parse modes and
// project-reorder orders.
func TestMoreOperators(t *testing.T) {
	runCases(t, []queryCase{
		{"bag_pack_columns", `datatable(Id:string, V:long, O:long)["A",1,7]` +
			` | extend P = bag_pack_columns(Id, V)`,
			`Id:string,V:long,O:long,P:dynamic` + "\n" + `A|1|7|{"Id":"A","V":1}`},
		{"estimate_data_size", `range x from 1 to 10 step 1 | extend Text = '1234567890'` +
			` | summarize Total = sum(estimate_data_size(*))`, "Total:long\n180"},
		{"distinct then order", `datatable(k:long, v:string)[1,"a", 2,"b", 1,"a"]` +
			` | distinct k, v | order by k desc`, "k:long,v:string\n2|b\n1|a"},
		{"scan running sum", `range x from 1 to 4 step 1 | scan declare (s:long=0)` +
			` with (step a: true => s = a.s + x;)`, "x:long,s:long\n1|1\n2|3\n3|6\n4|10"},
		{"scan bare declared is default", `range x from 1 to 3 step 1` +
			` | scan declare (f:long=7) with (step a: true => f = iff(x == 2, x, f);)`,
			"x:long,f:long\n1|7\n2|2\n3|7"},
		{"scan sequences", tSeq + ` | scan with_match_id=m with (step s1: Ev == "Start";` +
			` step s2: Ev != "Stop"; step s3: Ev == "Stop";)`,
			// 7 extends the finished sequence 0 at s3 (check 2) before s2 sees it.
			"Ts:long,Ev:string,m:long\n2|Start|0\n3|B|0\n4|Stop|0\n6|Start|1\n7|Stop|0"},
		{"scan output none", tSeq + ` | scan declare (st:long) with (step s1 output=none:` +
			` Ev == "Start" => st = Ts; step s2: Ev == "Stop" => st = s1.st;)`,
			"Ts:long,Ev:string,st:long\n4|Stop|2\n7|Stop|6"},
		{"partition", `range x from 1 to 6 step 1 | extend g = x % 2` +
			` | partition by g (summarize n = count(), s = sum(x))`, "n:long,s:long\n3|9\n3|12"},
		{"partition top", `range x from 1 to 6 step 1 | extend g = x % 2` +
			` | partition hint.strategy=native by g (top 1 by x) | order by x`,
			"x:long,g:long\n6|0\n5|1"},
		{"bag_unpack schema", `print x = 1, d = dynamic({"a":"2", "z":3})` +
			` | evaluate bag_unpack(d) : (x:long, a:long, c:string)`,
			"x:long,a:long,c:string\n1|2|"},
		{"bag_unpack own name", `print d = dynamic({"d":1, "a":2}) | evaluate bag_unpack(d)`,
			"d:long,a:long\n1|2"},
		{"bag_unpack keep_source", `print Name = "a", d = dynamic({"Name":"b", "Age":2})` +
			` | evaluate bag_unpack(d, columnsConflict='keep_source')`,
			"Name:string,Age:long\na|2"},
		{"bag_unpack replace_source", `print Name = "a", d = dynamic({"Name":"b", "Age":2})` +
			` | evaluate bag_unpack(d, columnsConflict='replace_source')`,
			"Name:string,Age:long\nb|2"},
		{"bag_unpack conflict", `print Name = "a", d = dynamic({"Name":"b"})` +
			` | evaluate bag_unpack(d)`, "error: conflicts"},
		{"percentilesw names", `datatable(v:long, w:long)[10, 1, 20, 3]` +
			` | summarize percentilesw(v, w, 50, 99.5)`,
			"percentile_v_50:long,percentile_v_99_5:long\n20|20"},
		{"parse-kv regex", `print s = "a=1 b=x c=3" | parse-kv s as (a:long, c:long, e:string)` +
			` with (regex=@"(\w+)=(\w+)") | project-away s`, "a:long,c:long,e:string\n1|3|"},
		{"parse-where flags", `datatable(s:string)["K=1,", "k=x,"]` +
			` | parse-where kind=regex flags=i s with "k=" v:long ","`, "s:string,v:long\nK=1,|1"},
		{"parse regex own groups", `print s = "ab=1;" | parse kind=regex s with "(a|b)+=" v:long`,
			"s:string,v:long\nab=1;|1"},
		{"parse relaxed", `print s = "a=x, b=2"` +
			` | parse kind=relaxed s with "a=" a:long ", b=" b:long` +
			` | project a, b`, "a:long,b:long\nnull|2"},
		{"project-reorder asc", `print b = 1, a2 = 2, a10 = 3, a1 = 4 | project-reorder a* asc`,
			"a1:long,a10:long,a2:long,b:long\n4|3|2|1"},
		{"project-reorder granny", `print b = 1, a2 = 2, a10 = 3, a1 = 4` +
			` | project-reorder a* granny-asc`, "a1:long,a2:long,a10:long,b:long\n4|2|3|1"},
		{"row_window_session", `datatable(t:long)[0, 2, 20, 21, 50] | sort by t asc` +
			` | extend s = row_window_session(t, 30, 5)`,
			"t:long,s:long\n0|0\n2|0\n20|20\n21|20\n50|50"},
		{"column_names_of", `let T = datatable(A:string, B:int)[]; print c = column_names_of(T)`,
			`c:dynamic` + "\n" + `["A","B"]`},
		{"pack_all", `datatable(a:long, b:string)[1, "x"] | extend p = pack_all()`,
			"a:long,b:string,p:dynamic\n1|x|{\"a\":1,\"b\":\"x\"}"},
		{"print let name", `let d = 1; print d`, "print_0:long\n1"},
		{"named arguments", `let f = (a:long, b:string) { strcat(b, a) }; print f(b = "x", 1)`,
			"print_0:string\nx1"},
		{"datetime parts", `print datetime(2025, 6, 14)`,
			"print_0:datetime\n2025-06-14T00:00:00.0000000Z"},
		{"typeof argument", `print extract("x(\\d+)", 1, "x12", typeof(long))`, "print_0:long\n12"},
		{"union isfuzzy", `let V = view () { print x = 1 };` +
			` union isfuzzy=true V, (Missing | take 1)`,
			"x:long\n1"},
		{"union withsource view", `let V = view () { print x = 1 }; union withsource=S V`,
			"S:string,x:long\nV|1"},
		{"long suffix rejected", `print 1L`, "error: '1L'"},
		{"ns unit rejected", `print 100ns`, "error: '100ns'"},
	})
}

// TestFind covers find in (tables) where ... project .... Let-bound tables
// are named in source_ as union's withsource names them.
func TestFind(t *testing.T) {
	const lets = `let A = datatable(x:long, s:string)[1, "ab", 2, "cd"];` +
		` let B = datatable(x:long, t:string)[3, "ab"];`
	runCases(t, []queryCase{
		{"find project", lets + ` find in (A, B) where x > 1 project x, s`,
			"source_:string,x:long,s:string\nunion_arg0|2|cd\nunion_arg1|3|"},
		{"find term", lets + ` find in (A, B) where "ab" project x`,
			"source_:string,x:long\nunion_arg0|1\nunion_arg1|3"},
		{"find without project", lets + ` find in (A) where x > 1`, "error: find without project"},
	})
}
