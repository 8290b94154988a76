package watch

import (
	"sync/atomic"
	"time"

	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/detect"
)

// staleCheck notices events too old for every rule: when each rule reads
// only back to some ago() of the wall clock, an event stamped before the
// widest of them can never match. That is what replaying old telemetry
// into watch looks like (it finds nothing, silently), so the pipeline
// says it once, and how to hunt in old data instead.
type staleCheck struct {
	lookback time.Duration
	ts       map[string]int // index of Timestamp per table, where requested
	warned   atomic.Bool
}

// newStaleCheck returns nil when some rule reads its whole window.
func newStaleCheck(det *detect.Detector) *staleCheck {
	lb, ok := det.Lookback()
	if !ok {
		return nil
	}
	c := &staleCheck{lookback: lb, ts: columnIndex(det, "Timestamp")}
	if len(c.ts) == 0 {
		return nil
	}
	return c
}

// checkStale logs, the first time it happens, that the first or last
// event of a batch is older than the rules look back from now (a replay
// of old telemetry shows at either end; the events between are not read).
func (pl *pipeline) checkStale(evs []detect.Event, now time.Time) {
	c := pl.stale
	if c == nil || len(evs) == 0 || c.warned.Load() {
		return
	}
	cut := now.Add(-c.lookback)
	for _, i := range [2]int{0, len(evs) - 1} {
		j, ok := c.ts[evs[i].Table]
		if !ok {
			continue
		}
		v := evs[i].Row[j]
		if v.Type() != value.DateTime || v.IsNull() || !v.Time().Before(cut) {
			continue
		}
		if c.warned.CompareAndSwap(false, true) {
			pl.log.Warn("events older than the rules look back: they cannot match; "+
				"to search old telemetry use kqlhunt hunt --now latest", "pipeline", pl.name,
				"timestamp", v.Time().UTC().Format(time.RFC3339), "lookback", c.lookback,
				"now", now.UTC().Format(time.RFC3339))
		}
		return
	}
}
