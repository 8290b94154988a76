package clock

import (
	"testing"
	"time"
)

func TestManual(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	m := NewManual(t0)
	a, b := m.After(time.Minute), m.After(time.Hour)
	m.Advance(30 * time.Second)
	select {
	case <-a:
		t.Fatal("fired early")
	default:
	}
	m.Advance(30 * time.Second)
	if got := <-a; !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("fired at %v", got)
	}
	if m.Waiters() != 1 {
		t.Errorf("%d waiters, want 1", m.Waiters())
	}
	m.Set(t0) // never backwards
	if !m.Now().Equal(t0.Add(time.Minute)) {
		t.Errorf("now %v", m.Now())
	}
	m.Set(t0.Add(2 * time.Hour))
	<-b
	if <-m.After(0); m.Waiters() != 0 {
		t.Error("zero wait registered")
	}
}
