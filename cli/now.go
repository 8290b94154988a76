package cli

import (
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// timeColumn is the event-time column of a table: Timestamp where the
// table has one (Defender tables), else TimeGenerated.
func timeColumn(table string) (schema.Column, bool) {
	t, ok := schema.Builtin().Lookup(table)
	if !ok {
		return schema.Column{}, false
	}
	if c, ok := t.Column("Timestamp"); ok {
		return c, true
	}
	return t.Column("TimeGenerated")
}

// needTimeColumns adds each table's event-time column to the columns
// read, so that --now latest can find the newest event in the same pass.
func needTimeColumns(need map[string][]schema.Column) error {
	found := false
	for table, cols := range need {
		if c, ok := timeColumn(table); ok {
			need[table] = schema.Union(cols, []schema.Column{c})
			found = true
		}
	}
	if !found && len(need) > 0 {
		return usageError("--now latest: the rules read no table with a Timestamp or " +
			"TimeGenerated column")
	}
	return nil
}

// resolveNow turns --now into the time now() and ago() use, and says
// where it came from.
func (h *hunt) resolveNow(latest time.Time) (time.Time, string, error) {
	switch h.flags.now {
	case "":
		return time.Now().UTC(), "wall clock", nil
	case "latest":
		if latest.IsZero() {
			return time.Now().UTC(), "wall clock (--now latest: no event had a time)", nil
		}
		return latest, "latest event time in the inputs", nil
	}
	t, err := time.Parse(time.RFC3339Nano, h.flags.now)
	if err != nil {
		return time.Time{}, "", usageError("--now %q: want RFC3339 (2025-03-14T09:00:00Z) "+
			"or latest", h.flags.now)
	}
	return t.UTC(), "--now", nil
}

// spanTracker keeps the oldest and newest event time seen; safe for
// concurrent use.
type spanTracker struct {
	mu     sync.Mutex
	lo, hi int64
	seen   bool
}

// add folds in the times in column col of rows (null times are skipped).
func (s *spanTracker) add(rows [][]value.Value, col int) {
	var lo, hi int64
	seen := false
	for _, r := range rows {
		if r[col].IsNull() {
			continue
		}
		t := r[col].Ticks()
		if !seen || t < lo {
			lo = t
		}
		if !seen || t > hi {
			hi = t
		}
		seen = true
	}
	if !seen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.seen || lo < s.lo {
		s.lo = lo
	}
	if !s.seen || hi > s.hi {
		s.hi = hi
	}
	s.seen = true
}

// get returns the span, or zero times when no time was seen.
func (s *spanTracker) get() (time.Time, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.seen {
		return time.Time{}, time.Time{}
	}
	return value.TicksToTime(s.lo), value.TicksToTime(s.hi)
}

// timeIndex returns the position of the table's event-time column among
// cols, or -1.
func timeIndex(table string, cols []schema.Column) int {
	tc, ok := timeColumn(table)
	if !ok {
		return -1
	}
	for i, c := range cols {
		if c.Name == tc.Name {
			return i
		}
	}
	return -1
}
