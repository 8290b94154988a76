package watch

import (
	"cmp"
	"slices"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/detect"
)

// A keyed pipeline runs each scheduled rule on every partition it holds,
// each partition over its own keys. Sentinel judges a run by its whole
// result: the trigger threshold counts all its rows, one alert holds them
// all, and suppression follows the rule, not a part of the stream. So
// the partitions' results for one run time are gathered here until every
// partition held has made that run, then judged as one. The results held
// count as pending alerts, so checkpoints stay before what they came
// from; a partition lost to another instance meanwhile takes its part
// with it (its new owner makes the run again).

// runKey names one run of a rule.
type runKey struct {
	rule string
	at   time.Time
}

// gathering is the results of one run gathered so far.
type gathering struct {
	alert detect.Alert // rows of every partition so far
	ids   []uint64     // pending entries, one per partition's part
}

// gather adds the partitions' run results. Called with pl.mu held.
func (pl *pipeline) gather(results []detect.Alert) {
	if len(results) == 0 {
		return
	}
	if pl.gathered == nil {
		pl.gathered = map[runKey]*gathering{}
	}
	pl.pmu.Lock()
	defer pl.pmu.Unlock()
	for _, r := range results {
		k := runKey{r.Rule.Rule.ID, r.Time}
		g := pl.gathered[k]
		if g == nil {
			g = &gathering{alert: r}
			g.alert.Stream = pl.name
			g.alert.Rows = nil
			pl.gathered[k] = g
		}
		g.alert.Rows = append(g.alert.Rows, r.Rows...)
		pl.seq++
		pl.pending[pl.seq] = pendingAlert{stream: r.Stream, offset: r.Offset, rule: k.rule,
			run: k.at, mode: r.Rule.Mode}
		g.ids = append(g.ids, pl.seq)
	}
}

// judged returns the gathered runs every partition held has made, in
// run order, with the pending entries of each. A run that does not
// trigger, or falls in its rule's suppression, is forgotten. Called with
// pl.mu held.
func (pl *pipeline) judged() ([]detect.Alert, [][]uint64) {
	var done []runKey
	for k := range pl.gathered {
		if pl.madeEverywhere(k) {
			done = append(done, k)
		}
	}
	slices.SortFunc(done, func(a, b runKey) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.rule, b.rule))
	})
	var alerts []detect.Alert
	var ids [][]uint64
	for _, k := range done {
		g := pl.gathered[k]
		delete(pl.gathered, k)
		r := g.alert.Rule.Rule
		if !k.at.Before(pl.suppressed[k.rule]) && r.Triggered(len(g.alert.Rows)) {
			alerts = append(alerts, g.alert)
			ids = append(ids, g.ids)
			if r.SuppressionEnabled && r.SuppressionDuration > 0 {
				if pl.suppressed == nil {
					pl.suppressed = map[string]time.Time{}
				}
				pl.suppressed[k.rule] = k.at.Add(r.SuppressionDuration)
			}
			continue
		}
		pl.pmu.Lock()
		for _, id := range g.ids {
			delete(pl.pending, id)
		}
		pl.pmu.Unlock()
	}
	return alerts, ids
}

// madeEverywhere reports whether every partition held that runs the rule
// at that time has made the run.
func (pl *pipeline) madeEverywhere(k runKey) bool {
	for _, s := range pl.parts {
		if next, ok := s.p.NextRun(k.rule); ok && !next.After(k.at) {
			return false
		}
	}
	return true
}
