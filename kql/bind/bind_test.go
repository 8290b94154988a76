package bind

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/schema"
)

func bindText(t *testing.T, q string) (string, error) {
	t.Helper()
	tree, errs := syntax.ParseQuery("t.kql", q)
	if errs != nil {
		t.Fatalf("parse %s: %v", q, errs)
	}
	bq, _, err := Bind(tree, q, Options{Schemas: schema.Builtin()})
	if err != nil {
		return "", err
	}
	var parts []string
	for _, c := range bq.Body.Columns {
		parts = append(parts, c.Name+":"+c.Type.String())
	}
	return strings.Join(parts, " "), nil
}

// TestResultColumns checks generated names and types against what Kusto's
// analyzer reports (kusto-oracle) for the same queries.
func TestResultColumns(t *testing.T) {
	const T = `datatable(A:string,N:long,D:dynamic,Ts:datetime)[]`
	cases := []struct{ query, want string }{
		{T + ` | project strlen(A), toupper(A), N+1, D.x, tostring(D.y), D['z'], D.a.b, D[0]`,
			"strlen_A:long Column1:string Column2:long D_x:dynamic D_y:string D_z:dynamic " +
				"D_a_b:dynamic D_0:dynamic"},
		{T + ` | project bin(Ts, 1h), tolong(N), todouble(N), split(A, 'x')`,
			"Ts:datetime N:long N1:real A:dynamic"},
		{T + ` | summarize count(), countif(N > 1), dcount(A), make_set(A), make_list(A), ` +
			`min(N), max(Ts), sum(N), avg(N), any(A), take_any(N) by bin(Ts, 1h)`,
			"Ts:datetime count_:long countif_:long dcount_A:long set_A:dynamic list_A:dynamic " +
				"min_N:long max_Ts:datetime sum_N:long avg_N:real any_A:string N:long"},
		{T + ` | summarize percentiles(N, 50, 95), stdev(N), variance(N), make_bag(D)`,
			"percentile_N_50:long percentile_N_95:long stdev_N:real variance_N:real bag_D:dynamic"},
		{T + ` | summarize min(N), min(N), min_N = max(N) by A`,
			"A:string min_N:long min_N1:long min_N2:long"},
		{T + ` | summarize arg_max(N, A), arg_min(N, *) by A`,
			"A:string N:long A1:string N1:long D:dynamic Ts:datetime"},
		{T + ` | extend tolong(N), todouble(N) | project N`, "N:real"},
		{T + ` | project N, N2 = N, tolong(N)`, "error"},
		{`print 1, 'a', x = 2, strlen('a')`, "print_0:long print_1:string x:long print_3:long"},
		{T + ` | extend A = N, B = 1`, "A:long N:long D:dynamic Ts:datetime B:long"},
		{T + ` | count`, "Count:long"},
		{T + ` | extend iif(N > 1, 1, 2), case(N > 1, 1, 2)`,
			"A:string N:long D:dynamic Ts:datetime Column1:long Column2:long"},
		{T + ` | extend N + 1.5, N / 2, 1d / 1s, now() - ago(1d), N % 3`,
			"A:string N:long D:dynamic Ts:datetime Column1:real Column2:long Column3:real " +
				"Column4:timespan Column5:long"},
		{T + ` | join (datatable(A:string, M:long)[]) on A`,
			"A:string N:long D:dynamic Ts:datetime A1:string M:long"},
		{T + ` | join kind=leftsemi (datatable(A:string, M:long)[]) on A`,
			"A:string N:long D:dynamic Ts:datetime"},
		{T + ` | lookup (datatable(A:string, M:long)[]) on A`,
			"A:string N:long D:dynamic Ts:datetime M:long"},
		{`union (print N = 1), (print N = "x")`, "N_long:long N_string:string"},
		{T + ` | project-reorder Ts`, "Ts:datetime A:string N:long D:dynamic"},
		{T + ` | getschema`, "ColumnName:string ColumnOrdinal:long DataType:string ColumnType:string"},
	}
	for _, c := range cases {
		got, err := bindText(t, c.query)
		if err != nil {
			if c.want != "error" {
				t.Errorf("%s: %v", c.query, err)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.query, got, c.want)
		}
	}
}

// TestRejects checks what Kusto rejects, with the error's position.
func TestRejects(t *testing.T) {
	const T = `datatable(A:string,N:long,Ts:datetime)[]`
	cases := []struct{ query, want string }{
		{T + ` | extend s = strlen(A), t = s + 1`, "1:70: The name 's'"},
		{T + ` | extend x = 1, x = 2`, "already declared"},
		{T + ` | where Foo == 1`, "'Foo' does not refer"},
		{T + ` | where Ts > '2021-01-01'`, "operator '>'"},
		{T + ` | project A, A`, "already declared"},
		{T + ` | project-reorder A, A`, "already declared"},
		{T + ` | extend r = row_number()`, "serialized"},
		{T + ` | summarize make_set(N) by A | sort by set_N`, "dynamic"},
		{T + ` | where count() > 1`, "summarize"},
		{`Nope | take 1`, "'Nope'"},
		{`DeviceProcessEvents | summarize count() by FileName | where DeviceName == "x"`,
			"'DeviceName'"},
	}
	for _, c := range cases {
		_, err := bindText(t, c.query)
		if err == nil || !strings.Contains(fmt.Sprint(err), c.want) {
			t.Errorf("%s: err = %v, want %q", c.query, err, c.want)
		}
	}
}
