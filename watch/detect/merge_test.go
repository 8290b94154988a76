package detect_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/window"
)

// procColumns are the columns the merge tests read: the process id, a
// Sysmon-only column and a 4688-only column.
var procColumns = []schema.Column{{Name: "ProcessId", Type: value.Long},
	{Name: "SHA256", Type: value.String}, {Name: "AccountSid", Type: value.String}}

// procDetector returns a detector of one rule returning every process
// row: realtime for kind Hunting, else every 5 minutes over the last hour.
func procDetector(kind string, opts detect.Options) *detect.Detector {
	q := &enginetest.Query{In: procColumns, Out: procColumns,
		Eval: func(_ time.Time, rows [][]value.Value) [][]value.Value { return rows }}
	r := &rules.Rule{ID: "proc", Kind: kind, QueryFrequency: 5 * time.Minute,
		QueryPeriod: time.Hour, Query: "DeviceProcessEvents | project ProcessId, SHA256, AccountSid"}
	return detect.New(enginetest.Engine{"proc": q}, []*rules.Rule{r}, opts)
}

// proc is a process row of the test: a Sysmon 1 row (with a hash) or a
// 4688 row (with an account SID) of process pid on host h, created at
// ms milliseconds past t0, arriving at arrival, at stream offset off.
func proc(sysmon bool, pid int64, ms int, arrival time.Time, off int64) detect.Event {
	created := t0.Add(time.Duration(ms) * time.Millisecond)
	row := []value.Value{value.NewLong(pid), value.NewString(""), value.NewString("")}
	if sysmon {
		row[1] = value.NewString(fmt.Sprintf("hash-%d-%d", pid, ms))
	} else {
		row[2] = value.NewString(fmt.Sprintf("sid-%d-%d", pid, ms))
	}
	o := &mapping.Origin{Key: mapping.ProcessKey{Host: "h", PID: pid, Time: created},
		Sysmon: sysmon}
	return detect.Event{Table: enginetest.Table, Row: row, Arrival: arrival, Offset: off,
		Origin: o}
}

// render lists rows as "pid hash sid", sorted by nothing: in order.
func render(rows [][]value.Value) string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%d %s %s", r[0].Long(), r[1].Str(), r[2].Str()))
	}
	return strings.Join(out, "; ")
}

// TestMergeWindow checks that a scheduled run merges the Sysmon 1 / 4688
// pairs of its window as hunt does: each 4688 takes the closest Sysmon
// row of its process within a second; others stay alone; the stored rows
// are not changed; --no-merge keeps every row.
func TestMergeWindow(t *testing.T) {
	evs := []detect.Event{
		proc(true, 5, 0, t0, 0),    // paired with nothing: the 4688 of 5 is closer to the next
		proc(true, 5, 900, t0, 1),  // Sysmon of 5
		proc(false, 7, 0, t0, 2),   // 4688 of 7, no Sysmon
		proc(false, 5, 850, t0, 3), // 4688 of 5
		proc(true, 9, 0, t0, 4),    // Sysmon of 9; its 4688 is 3 s off
		proc(false, 9, 3000, t0, 5),
	}
	tests := []struct {
		name    string
		noMerge bool
		want    string
	}{
		{"merge", false, "5 hash-5-0 ; 5 hash-5-900 sid-5-850; 7  sid-7-0; 9 hash-9-0 ; " +
			"9  sid-9-3000"},
		{"no-merge", true, "5 hash-5-0 ; 5 hash-5-900 ; 7  sid-7-0; 5  sid-5-850; 9 hash-9-0 ; " +
			"9  sid-9-3000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := procDetector("Scheduled", detect.Options{NoMerge: tc.noMerge})
			p := d.NewPartition("p", window.NewBudget(0))
			p.Start(t0, nil)
			if _, _, err := p.Add(context.Background(), evs, t0); err != nil {
				t.Fatal(err)
			}
			// The runs at 09:05 and 09:10 see the same rows: merging does
			// not change the stored ones.
			as, err := p.Tick(context.Background(), t0.Add(10*time.Minute), t0.Add(time.Hour))
			if err != nil || len(as) != 2 {
				t.Fatalf("%d alerts (err %v), want 2", len(as), err)
			}
			for _, a := range as {
				if got := render(a.Rows); got != tc.want {
					t.Errorf("run at %s: rows\n%s\nwant\n%s", a.Time.Format("15:04"), got,
						tc.want)
				}
			}
		})
	}
	if evs[1].Row[2].Str() != "" {
		t.Errorf("the stored Sysmon row was changed: %v", evs[1].Row)
	}
}

// TestMergeWait checks the realtime merge wait: a Sysmon 1 or 4688 row is
// held for its partner and keeps the checkpoint before it (Oldest, Need);
// the pair is evaluated once, merged; a lone row is evaluated once its
// wait is over on the clock (Expire), or when the stream ends (Flush);
// with no wait, nothing is held.
func TestMergeWait(t *testing.T) {
	ctx := context.Background()
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	d := procDetector("Hunting", detect.Options{MergeWait: 500 * time.Millisecond})
	p := d.NewPartition("p", window.NewBudget(0))
	step := func(what string, as []detect.Alert, err error, want string, offset int64) {
		t.Helper()
		var rows [][]value.Value
		for _, a := range as {
			rows = append(rows, a.Rows...)
			if a.Offset != offset {
				t.Errorf("%s: alert at offset %d, want %d", what, a.Offset, offset)
			}
		}
		if got := render(rows); err != nil || got != want {
			t.Errorf("%s: alerts %q (err %v), want %q", what, got, err, want)
		}
	}
	oldest := func(what string, want int64, held bool) {
		t.Helper()
		if off, ok := p.Oldest(); ok != held || ok && off != want {
			t.Errorf("%s: oldest %d (%v), want %d (%v)", what, off, ok, want, held)
		}
	}
	add := func(e detect.Event, now time.Time) ([]detect.Alert, error) {
		as, _, err := p.Add(ctx, []detect.Event{e}, now)
		return as, err
	}

	as, err := add(proc(true, 5, 0, ms(0), 7), ms(0))
	step("Sysmon 1 of 5", as, err, "", 0)
	oldest("Sysmon 1 of 5 held", 7, true)
	if need, ok := p.Need(nil); !ok || !need.Equal(ms(0)) {
		t.Errorf("need %v (%v), want the held row's arrival %v", need, ok, ms(0))
	}
	as, err = add(proc(false, 7, 0, ms(100), 8), ms(100))
	step("4688 of 7", as, err, "", 0)
	as, err = add(proc(false, 5, 10, ms(200), 9), ms(200))
	step("4688 of 5", as, err, "5 hash-5-0 sid-5-10", 7)
	oldest("4688 of 7 held", 8, true)

	as, err = p.Expire(ctx, ms(599))
	step("expire before the wait is over", as, err, "", 0)
	as, err = p.Expire(ctx, ms(600))
	step("expire", as, err, "7  sid-7-0", 8)
	oldest("nothing held", 0, false)

	as, err = add(proc(true, 9, 0, ms(1000), 10), ms(1000))
	step("Sysmon 1 of 9", as, err, "", 0)
	as, err = p.Flush(ctx, ms(1000))
	step("flush", as, err, "9 hash-9-0 ", 10)
	oldest("nothing held after flush", 0, false)

	p = procDetector("Hunting", detect.Options{}).NewPartition("p", window.NewBudget(0))
	as, err = add(proc(true, 5, 0, ms(0), 11), ms(0))
	step("no wait", as, err, "5 hash-5-0 ", 11)
	oldest("no wait: nothing held", 0, false)
}
