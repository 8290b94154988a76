package watch

import (
	"context"
	"errors"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/watch/decode"
)

// repartitioner copies the input topic into the repartition topic, one
// event per record keyed by the key column, so each key lands in one
// partition and so with one instance. Input offsets are committed only
// after the copies are acknowledged (at least once).
type repartitioner struct {
	s   *Service
	in  *KafkaInput
	key string
	cl  *kgo.Client
	lim *limiter
}

func (r *repartitioner) start() error {
	opts, err := r.in.Options()
	if err != nil {
		return err
	}
	reset := kgo.NewOffset().AtStart()
	if r.in.Start == "latest" {
		reset = kgo.NewOffset().AtEnd()
	}
	opts = append(opts, kgo.ConsumerGroup(r.in.Group+"-repartition"),
		kgo.ConsumeTopics(r.in.Topic), kgo.DisableAutoCommit(), kgo.BlockRebalanceOnPoll(),
		kgo.ConsumeResetOffset(reset), kgo.FetchMaxWait(pollWait),
		kgo.OnPartitionsRevoked(func(ctx context.Context, cl *kgo.Client, _ map[string][]int32) {
			cl.CommitUncommittedOffsets(ctx)
		}))
	r.lim = newLimiter(r.s.cfg.Clock, 10*time.Second)
	opts = append(opts, kgo.WithLogger(kafkaLog{log: r.s.cfg.Log, lim: r.lim,
		group: r.in.Group + "-repartition"}), kgo.WithHooks(r.s.kafkaHealth))
	r.cl, err = kgo.NewClient(opts...)
	return err
}

// run copies until ctx ends.
func (r *repartitioner) run(ctx context.Context) error {
	topic := r.in.Repartition
	for {
		pctx, cancel := context.WithTimeout(ctx, pollWait)
		fs := r.cl.PollRecords(pctx, pollRecords)
		cancel()
		if ctx.Err() != nil || fs.IsClientClosed() {
			r.cl.AllowRebalance()
			return nil
		}
		var out []*kgo.Record
		fs.EachRecord(func(rec *kgo.Record) {
			for _, p := range decode.Split(rec.Value, r.key) {
				out = append(out, &kgo.Record{Topic: topic, Key: p.Key, Value: p.Data,
					Timestamp: rec.Timestamp})
			}
		})
		if len(out) > 0 {
			if err := r.cl.ProduceSync(ctx, out...).FirstErr(); err != nil {
				r.cl.AllowRebalance()
				if errors.Is(err, context.Canceled) {
					return nil
				}
				return err
			}
			if err := r.cl.CommitUncommittedOffsets(ctx); err != nil && r.lim.allow("commit") {
				r.s.cfg.Log.Warn("repartition commit failed", "err", err)
			}
		}
		r.cl.AllowRebalance()
	}
}

func (r *repartitioner) close() {
	if r.cl != nil {
		r.cl.Close()
	}
}
