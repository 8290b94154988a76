package kql_test

import "testing"

const tT = `datatable(A:string, N:long, D:dynamic)["a",1,dynamic({"x":1}), "b",2,dynamic([1,2]),` +
	` "c",long(null),dynamic(null)]`

func TestTabularOperators(t *testing.T) {
	runCases(t, []queryCase{
		{"where", tT + ` | where N > 1 | project A`, "A:string\nb"},
		{"null != 5 is true", tT + ` | where N != 5 | project A`, "A:string\na\nb\nc"},
		{"where not null", tT + ` | where not(N > 1) | project A`, "A:string\na"},
		{"extend", tT + ` | extend M = N * 2 | project A, M`, "A:string,M:long\na|2\nb|4\nc|null"},
		{"extend replaces in place", tT + ` | extend A = N | project-away D`,
			"A:long,N:long\n1|1\n2|2\nnull|null"},
		{"extend same-op ref", tT + ` | extend s = N, t = s + 1`, "error: 's'"},
		{"extend dup name", tT + ` | extend x = 1, x = 2`, "error: already declared"},
		{"extend generated", tT + ` | extend strlen(A), N + 1, D.x | project-away A, N, D`,
			"strlen_A:long,Column1:long,D_x:dynamic\n1|2|1\n1|3|null\n1|null|null"},
		{"project", tT + ` | project N, A`, "N:long,A:string\n1|a\n2|b\nnull|c"},
		{"project-away wildcard", tT + ` | project-away N, D*`, "A:string\na\nb\nc"},
		{"project-keep", tT + ` | project-keep A`, "A:string\na\nb\nc"},
		{"project-rename", tT + ` | project-rename B = A | project B`, "B:string\na\nb\nc"},
		{"project-reorder", tT + ` | project-reorder D, N`, "D:dynamic,N:long,A:string\n" +
			`{"x":1}|1|a` + "\n[1,2]|2|b\nnull|null|c"},
		{"sort default desc nulls last", tT + ` | sort by N | project N`, "N:long\n2\n1\nnull"},
		{"sort asc nulls first", tT + ` | order by N asc | project N`, "N:long\nnull\n1\n2"},
		{"sort asc nulls last", tT + ` | sort by N asc nulls last | project N`, "N:long\n1\n2\nnull"},
		{"sort two keys", `datatable(A:string,N:long)["x",1,"y",1,"x",2] | sort by N asc, A desc`,
			"A:string,N:long\ny|1\nx|1\nx|2"},
		{"take", tT + ` | sort by A asc | take 2 | project A`, "A:string\na\nb"},
		{"limit", tT + ` | sort by A asc | limit 1 | project A`, "A:string\na"},
		{"top", tT + ` | top 2 by N | project N`, "N:long\n2\n1"},
		{"top asc", tT + ` | top 2 by N asc | project N`, "N:long\nnull\n1"},
		{"count", tT + ` | count`, "Count:long\n3"},
		{"distinct", `datatable(A:string,N:long)["x",1,"x",1,"y",2] | distinct A`, "A:string\nx\ny"},
		{"distinct star", `datatable(A:string,N:long)["x",1,"x",1,"x",2] | distinct *`,
			"A:string,N:long\nx|1\nx|2"},
		{"datatable", `datatable(x:real)[1, 2.5]`, "x:real\n1\n2.5"},
		{"print", `print 1, 'a', x = 2, strlen('abc')`,
			"print_0:long,print_1:string,x:long,print_3:long\n1|a|2|3"},
		{"let scalar", `let n = 2; print n * 3`, "print_0:long\n6"},
		{"let tabular", `let T = datatable(a:long)[1,2]; T | where a > 1`, "a:long\n2"},
		{"let dynamic list", `let L = dynamic(["x","y"]); datatable(s:string)["x","z"] | where s in (L)`,
			"s:string\nx"},
		{"unknown column", tT + ` | where Foo == 1`, "error: 'Foo'"},
		{"unknown table", `Nope | take 1`, "error: 'Nope'"},
	})
}

func TestSummarizeJoinUnion(t *testing.T) {
	const s = `datatable(g:string, v:long)["a",1,"a",2,"b",3]`
	runCases(t, []queryCase{
		{"count by", s + ` | summarize count() by g | sort by g asc`,
			"g:string,count_:long\na|2\nb|1"},
		{"aggs", s + ` | summarize sum(v), min(v), max(v), avg(v), dcount(g), make_set(g)`,
			"sum_v:long,min_v:long,max_v:long,avg_v:real,dcount_g:long,set_g:dynamic\n" +
				`6|1|3|2|2|["a","b"]`},
		{"empty no by", s + ` | where v > 9 | summarize count(), sum(v)`, "count_:long,sum_v:long\n0|0"},
		{"empty by", s + ` | where v > 9 | summarize count() by g`, "g:string,count_:long"},
		{"countif", s + ` | summarize countif(v > 1)`, "countif_:long\n2"},
		{"arg_max", s + ` | summarize arg_max(v, *) by g | sort by g asc`,
			"g:string,v:long\na|2\nb|3"},
		{"bin key", `datatable(t:datetime)[datetime(2024-01-01 10:30), datetime(2024-01-01 10:50)]` +
			` | summarize count() by bin(t, 1h)`, "t:datetime,count_:long\n2024-01-01T10:00:00.0000000Z|2"},
		{"join innerunique", s + ` | join (datatable(g:string, w:long)["a",10,"a",11]) on g` +
			` | sort by w asc`, "g:string,v:long,g1:string,w:long\na|1|a|10\na|1|a|11"},
		{"join inner", s + ` | join kind=inner (datatable(g:string, w:long)["a",10]) on g` +
			` | sort by v asc`, "g:string,v:long,g1:string,w:long\na|1|a|10\na|2|a|10"},
		{"join leftouter", s + ` | join kind=leftouter (datatable(g:string, w:long)["a",10]) on g` +
			` | where g == "b"`, "g:string,v:long,g1:string,w:long\nb|3||null"},
		{"join leftanti", s + ` | join kind=leftanti (datatable(g:string)["a"]) on g`,
			"g:string,v:long\nb|3"},
		{"join left right", s + ` | join kind=inner (datatable(h:string, w:long)["b",7])` +
			` on $left.g == $right.h`,
			"g:string,v:long,h:string,w:long\nb|3|b|7"},
		{"union", `union (print a=1), (print a=2, b="x")`, "a:long,b:string\n1|\n2|x"},
		{"union withsource", `let X = print a=1; union withsource=T X, (print a=2)`,
			"T:string,a:long\nunion_arg0|1\nunion_arg1|2"},
		{"mv-expand", `print d = dynamic([1,2]) | mv-expand d`, "d:dynamic\n1\n2"},
		{"serialize", `range x from 1 to 3 step 1 | serialize r = row_number(), p = prev(x)`,
			"x:long,r:long,p:long\n1|1|null\n2|2|1\n3|3|2"},
		{"row_number unserialized", `datatable(x:long)[1] | extend r = row_number()`,
			"error: serialized"},
	})
}
