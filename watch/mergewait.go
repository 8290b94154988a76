package watch

import (
	"context"

	"github.com/kqlhunt/kqlhunt/watch/detect"
)

// expire evaluates the realtime rules over the Sysmon 1 and 4688 rows
// whose merge wait is over (see detect.Partition.Expire), or with all
// set, over every row still held: when the local sources end, since no
// one replays them (a Kafka stream's held rows are replayed instead: its
// checkpoints stay before them).
func (pl *pipeline) expire(ctx context.Context, all bool) error {
	now := pl.clock.Now()
	var alerts []detect.Alert
	pl.mu.Lock()
	parts := make([]*detect.Partition, 0, len(pl.parts))
	if pl.merged {
		if pl.shared != nil {
			parts = append(parts, pl.shared)
		}
	} else {
		for _, s := range pl.parts {
			parts = append(parts, s.p)
		}
	}
	for _, p := range parts {
		release := p.Expire
		if all {
			release = p.Flush
		}
		as, err := release(ctx, now)
		pl.ruleError(err)
		alerts = append(alerts, as...)
	}
	pl.mu.Unlock()
	return pl.emit(ctx, alerts, nil)
}
