package mapping_test

import (
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
)

// TestPool checks the pairing rule of a Pool, in both directions: a row
// pairs with a held row of the other kind, same host and process id,
// stamped within a second (by UtcTime or, for Sysmon, TimeCreated), the
// closest first, the earliest held on a tie.
func TestPool(t *testing.T) {
	t0 := time.Date(2021, 12, 7, 17, 33, 1, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	key := func(host string, pid int64, ms int) mapping.ProcessKey {
		return mapping.ProcessKey{Host: host, PID: pid, Time: at(ms)}
	}
	type held struct {
		key    mapping.ProcessKey
		sysmon bool
		name   string
	}
	tests := []struct {
		name   string
		held   []held
		take   mapping.ProcessKey
		sysmon bool
		want   string // "" : no partner
	}{
		{"4688 takes its Sysmon", []held{{key("h", 1, 0), true, "s"}}, key("h", 1, 400), false,
			"s"},
		{"Sysmon takes its 4688", []held{{key("h", 1, 0), false, "k"}}, key("h", 1, -400), true,
			"k"},
		{"not the same kind", []held{{key("h", 1, 0), false, "k"}}, key("h", 1, 0), false, ""},
		{"other host", []held{{key("g", 1, 0), true, "s"}}, key("h", 1, 0), false, ""},
		{"other process", []held{{key("h", 2, 0), true, "s"}}, key("h", 1, 0), false, ""},
		{"over a second", []held{{key("h", 1, 0), true, "s"}}, key("h", 1, 1001), false, ""},
		{"closest", []held{{key("h", 1, 0), true, "far"}, {key("h", 1, 700), true, "near"}},
			key("h", 1, 650), false, "near"},
		{"earliest on a tie", []held{{key("h", 1, 0), true, "first"},
			{key("h", 1, 200), true, "second"}}, key("h", 1, 100), false, "first"},
		{"Sysmon TimeCreated", []held{{mapping.ProcessKey{Host: "h", PID: 1, Time: at(-8 * 3600e3),
			Alt: at(0)}, true, "s"}}, key("h", 1, 300), false, "s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p mapping.Pool[string]
			for _, h := range tc.held {
				p.Add(h.key, h.sysmon, h.name)
			}
			got, ok := p.Take(tc.take, tc.sysmon)
			if got != tc.want || ok != (tc.want != "") {
				t.Fatalf("took %q (%v), want %q", got, ok, tc.want)
			}
			if n := len(tc.held) - p.Len(); ok && n != 1 || !ok && n != 0 {
				t.Errorf("%d rows left of %d", p.Len(), len(tc.held))
			}
		})
	}
	var p mapping.Pool[string]
	p.Add(key("h", 1, 0), true, "s")
	if p.Remove(key("h", 1, 0), "other") || !p.Remove(key("h", 1, 0), "s") || p.Len() != 0 {
		t.Errorf("Remove: %d rows left, want 0", p.Len())
	}
	if _, ok := p.Take(key("h", 1, 0), false); ok {
		t.Errorf("a removed row was taken")
	}
}
