package watch

import (
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/clock"
)

// limiter lets a kind of log line through at most once per interval.
type limiter struct {
	mu    sync.Mutex
	clock clock.Clock
	every time.Duration
	last  map[string]time.Time
}

func newLimiter(c clock.Clock, every time.Duration) *limiter {
	return &limiter{clock: c, every: every, last: map[string]time.Time{}}
}

func (l *limiter) allow(kind string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if t, ok := l.last[kind]; ok && now.Sub(t) < l.every {
		return false
	}
	l.last[kind] = now
	return true
}
