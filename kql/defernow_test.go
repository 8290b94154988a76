package kql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// deferTables builds two tables of events spread over the ten days before
// testNow.
func deferTables() map[string]*kql.Table {
	ev := &kql.Table{Columns: []schema.Column{
		{Name: "Timestamp", Type: value.DateTime}, {Name: "Host", Type: value.String},
		{Name: "Cmd", Type: value.String}, {Name: "N", Type: value.Long},
	}}
	hosts := []string{"alpha", "beta", "gamma", ""}
	cmds := []string{"whoami /all", "net user y /add", "powershell -enc x", "cmd /c y"}
	for i := 0; i < 5000; i++ {
		ts := testNow.Add(-time.Duration(i*173) * time.Second)
		ev.Rows = append(ev.Rows, []value.Value{
			value.NewDateTime(ts), value.NewString(hosts[i%len(hosts)]),
			value.NewString(cmds[i*7%len(cmds)]), value.NewLong(int64(i % 97)),
		})
	}
	hs := &kql.Table{Columns: []schema.Column{
		{Name: "Host", Type: value.String}, {Name: "Seen", Type: value.DateTime},
	}}
	for i, h := range hosts {
		hs.Rows = append(hs.Rows, []value.Value{value.NewString(h),
			value.NewDateTime(testNow.Add(-time.Duration(i*20) * time.Hour))})
	}
	return map[string]*kql.Table{"Ev": ev, "Hosts": hs}
}

// TestDeferNow checks that a DeferNow run given its now by SetNow returns
// exactly what a run started with that now returns.
func TestDeferNow(t *testing.T) {
	queries := []string{
		`Ev | where Timestamp > ago(1d) and Cmd has "y"`,
		`Ev | where Cmd has "y" and Timestamp > ago(1d) | count`,
		`Ev | extend age = now() - Timestamp | where age < 1h`,
		`let start = ago(2d); Ev | where Timestamp >= start | summarize count() by Host`,
		`let start = ago(2d); Ev | where Host == "beta" and Timestamp between (start .. now())`,
		`Ev | where Host != "" | where Timestamp > ago(3d) | where N > 50 | take 7`,
		`Ev | where Timestamp < ago(9d) or Cmd contains "enc" | count`,
		`Ev | where N % 2 == 0 and not(Timestamp > ago(5d)) | summarize max(Timestamp), min(N)`,
		`Ev | where N > 10 | extend d = bin(Timestamp, 1d) | summarize count() by d | sort by d`,
		`Ev | where Timestamp > ago(2d) | join kind=inner (Hosts | where Seen > ago(30h)) ` +
			`on Host | summarize count() by Host`,
		`Ev | summarize arg_max(Timestamp, *) by Host | where Timestamp > ago(1h)`,
		`Ev | where Timestamp > toscalar(Ev | summarize max(Timestamp)) - 2h | count`,
		`Ev | where Cmd startswith "net" | project Host, Hours = (now() - Timestamp) / 1h ` +
			`| top 5 by Hours asc`,
		`union Ev, (Hosts | extend Timestamp = Seen) | where Timestamp > ago(1d) | count`,
		`Ev | where iff(Timestamp > ago(1d), N, 0) > 90`,
		`Ev | where Host in ("alpha", "beta") and startofday(now()) - 1d < Timestamp`,
		`print x = now() - ago(1h)`,
		`range i from 1 to 3 step 1 | extend t = ago(i * 1h)`,
	}
	tables := deferTables()
	var extra []*schema.Table
	for name, tb := range tables {
		extra = append(extra, schema.NewTable(name, tb.Columns))
	}
	opts := kql.Options{Schemas: schema.Builtin(), Tables: extra}
	for _, now := range []time.Time{testNow, testNow.Add(-36 * time.Hour)} {
		for i, text := range queries {
			t.Run(fmt.Sprintf("%d/%s", i, now.Format("02T15")), func(t *testing.T) {
				q, err := kql.Compile("q.kql", text, opts)
				if err != nil {
					t.Fatal(err)
				}
				want := runWith(t, q, tables, kql.RunOptions{Now: now}, time.Time{})
				got := runWith(t, q, tables, kql.RunOptions{DeferNow: true}, now)
				if testing.Verbose() {
					t.Logf("%d lines", len(strings.Split(want, "\n")))
				}
				if got != want {
					t.Errorf("%s\ndeferred:\n%s\nwant:\n%s", text, got, want)
				}
			})
		}
	}
}

func runWith(t *testing.T, q *kql.Query, tables map[string]*kql.Table, opts kql.RunOptions,
	now time.Time) string {
	t.Helper()
	run := q.Start(context.Background(), opts)
	if err := run.PushTables(tables); err != nil {
		t.Fatal(err)
	}
	if opts.DeferNow {
		run.SetNow(now)
	}
	res, err := run.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return render(res)
}

// TestDeferNowUnset checks that a DeferNow run refuses to finish without
// its now.
func TestDeferNowUnset(t *testing.T) {
	q, err := kql.Compile("q.kql", "print now()", kql.Options{Schemas: schema.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = q.Start(context.Background(), kql.RunOptions{DeferNow: true}).Finish()
	if !errors.Is(err, kql.ErrNowNotSet) {
		t.Fatalf("got %v, want ErrNowNotSet", err)
	}
}
