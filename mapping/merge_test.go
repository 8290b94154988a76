package mapping_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/value"
)

// TestStreamRelease feeds a long mixed stream (Sysmon 1 then 4688 of
// each process, some unpaired, two hosts) through a Stream and checks
// that rows leave early, that what is held stays bounded, and that the
// rows and merges equal those of holding everything to the end.
func TestStreamRelease(t *testing.T) {
	type add struct {
		key    mapping.ProcessKey
		sysmon bool
		cmd    string
	}
	t0 := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	var adds []add
	for i := range 30000 {
		at := t0.Add(time.Duration(i) * 20 * time.Millisecond)
		host := []string{"a", "b"}[i%2]
		pid := int64(1000 + i%500)
		cmd := fmt.Sprint("p", i)
		if i%7 != 0 {
			adds = append(adds, add{mapping.ProcessKey{Host: host, PID: pid, Time: at,
				Alt: at.Add(time.Millisecond)}, true, cmd})
		}
		if i%5 != 0 {
			adds = append(adds, add{mapping.ProcessKey{Host: host, PID: pid,
				Time: at.Add(300 * time.Millisecond)}, false, cmd})
		}
	}
	row := func(a add) []value.Value {
		if a.sysmon {
			return []value.Value{value.NewString(a.cmd), value.NewString("")}
		}
		return []value.Value{value.NewString(""), value.NewString("tok " + a.cmd)}
	}
	render := func(rows [][]value.Value) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r[0].Str()+"|"+r[1].Str())
		}
		sort.Strings(out)
		return out
	}

	var whole mapping.Merger
	for _, a := range adds {
		whole.Add(a.key, a.sysmon, row(a))
	}
	wantRows, wantMerged := whole.Finish()

	var m mapping.Merger
	s := m.Stream()
	var got [][]value.Value
	maxHeld, gone := 0, 0 // rows held; adds delivered (a pair counts 2)
	for i, a := range adds {
		for _, r := range s.Add(a.key, a.sysmon, row(a)) {
			got, gone = append(got, r), gone+1
			if r[0].Str() != "" && r[1].Str() != "" {
				gone++
			}
		}
		maxHeld = max(maxHeld, i+1-gone)
	}
	early := len(got)
	rest, merged := m.Finish()
	got = append(got, rest...)
	if merged != wantMerged || len(got) != len(wantRows) {
		t.Fatalf("stream: %d rows, %d merged; whole: %d rows, %d merged",
			len(got), merged, len(wantRows), wantMerged)
	}
	g, w := render(got), render(wantRows)
	for i := range g {
		if g[i] != w[i] {
			t.Fatalf("row %d: stream %q, whole %q", i, g[i], w[i])
		}
	}
	if early == 0 || maxHeld > 3*4096 {
		t.Errorf("released %d rows before Finish; up to %d held", early, maxHeld)
	}
}
