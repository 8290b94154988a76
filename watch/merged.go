package watch

import (
	"context"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
)

// A merged pipeline runs its rules over the union of all its streams (the
// single-owner group of rules that are not keyable): every stream shares
// one detect.Partition, and each stream's checkpoint is found by time
// from samples of (arrival, offset) taken per batch.

// sample is the first record of a processed batch.
type sample struct {
	arrival time.Time
	offset  int64
}

// mergedName names the shared partition.
const mergedName = "all"

// sharedPartition returns the partition all streams share, creating it.
func (pl *pipeline) sharedPartition() *detect.Partition {
	if pl.shared == nil {
		pl.shared = pl.det.NewPartition(mergedName, pl.budget)
	}
	return pl.shared
}

// tickMerged runs the shared partition once, its input complete up to the
// earliest watermark of the streams.
func (pl *pipeline) tickMerged(ctx context.Context, now time.Time) ([]detect.Alert, error) {
	if pl.shared == nil {
		return nil, nil
	}
	wm := now
	for _, s := range pl.parts {
		if s.hwm >= 0 && s.next < s.hwm && s.lastTS.Before(wm) {
			wm = s.lastTS
		}
	}
	return pl.shared.Tick(ctx, now, wm)
}

// checkpointMerged gives each stream the offset of the batch holding the
// earliest arrival a coming run (or an undelivered alert) needs. floor is
// the oldest offset an undelivered alert holds: it compares with a
// stream's offsets only when there is one stream (the local sources,
// the only merged pipeline with realtime rules; a Kafka stream's realtime
// rules run keyed).
func (pl *pipeline) checkpointMerged(runs map[string]time.Time, floor int64,
	hasFloor bool) map[string]kafka.Commit {
	out := map[string]kafka.Commit{}
	if pl.shared == nil {
		return out
	}
	need, ok := pl.shared.Need(runs)
	resume := pl.shared.Resume(runs)
	for name, s := range pl.parts {
		if s.next < 0 {
			continue
		}
		// The first needed record is in the last batch that starts before
		// need, or in a later one (batches may start at the same arrival);
		// with none, every batch read is needed.
		off, last := s.next, -1
		for i, sm := range s.samples {
			if ok && sm.arrival.Before(need) {
				last = i
			}
		}
		switch {
		case !ok:
		case last >= 0:
			off, s.samples = s.samples[last].offset, s.samples[last:]
		case len(s.samples) > 0:
			off = s.samples[0].offset
		}
		if s.hold >= 0 && s.hold < off {
			off = s.hold
		}
		if hasFloor && len(pl.parts) == 1 && floor < off {
			off = floor
		}
		out[name] = kafka.Commit{Offset: off, Resume: resume}
	}
	return out
}
