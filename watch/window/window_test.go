package window

import (
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/value"
)

func TestStore(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	row := []value.Value{value.NewString("abc")}
	b := NewBudget(0)
	s := NewStore(b)
	for i := range 3000 {
		s.Add("T", Entry{Arrival: t0.Add(time.Duration(i) * time.Second), Offset: int64(i),
			Row: row})
	}
	n := 0
	s.Window("T", t0.Add(100*time.Second), t0.Add(200*time.Second), 7, func(rows [][]value.Value) {
		if len(rows) > 7 {
			t.Errorf("batch of %d", len(rows))
		}
		n += len(rows)
	})
	if n != 100 {
		t.Errorf("window holds %d rows, want 100", n)
	}
	s.Evict("T", t0.Add(2500*time.Second))
	if off, _ := s.Oldest(); off != 2500 || s.Len() != 500 {
		t.Errorf("after eviction: oldest %d, len %d", off, s.Len())
	}
	if b.Used() != 500*Size(row) {
		t.Errorf("budget used %d, want %d", b.Used(), 500*Size(row))
	}
	s.Close()
	if b.Used() != 0 {
		t.Errorf("budget used %d after close", b.Used())
	}
}

func TestBudgetDropsOldestAcrossStores(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	row := []value.Value{value.NewString("x")}
	b := NewBudget(4 * Size(row))
	s1, s2 := NewStore(b), NewStore(b)
	s1.Add("T", Entry{Arrival: t0, Offset: 1, Row: row})
	s2.Add("T", Entry{Arrival: t0.Add(time.Second), Offset: 1, Row: row})
	s1.Add("T", Entry{Arrival: t0.Add(2 * time.Second), Offset: 2, Row: row})
	s2.Add("T", Entry{Arrival: t0.Add(3 * time.Second), Offset: 2, Row: row})
	if d := s2.Add("T", Entry{Arrival: t0.Add(4 * time.Second), Offset: 3, Row: row}); d != 1 {
		t.Fatalf("dropped %d, want 1", d)
	}
	if off, _ := s1.Oldest(); off != 2 || s2.Len() != 3 || b.Dropped() != 1 {
		t.Errorf("s1 oldest %d, s2 len %d, dropped %d", off, s2.Len(), b.Dropped())
	}
}
