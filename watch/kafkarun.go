package watch

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/watch/kafka"
)

// pollRecords is the most records taken per poll.
const pollRecords = 20000

// pollWait bounds a poll so scheduled rules are checked in between.
const pollWait = 200 * time.Millisecond

// consumer reads a topic through a consumer group into a pipeline and
// commits checkpoints: offsets never past what a window or an undelivered
// alert needs, with the rules' resume times as metadata.
type consumer struct {
	s      *Service
	pl     *pipeline
	topic  string
	group  string
	single bool // all partitions to one member (rules not keyable)
	cl     *kgo.Client
	last   time.Time // last commit (wall clock)
}

// newClient creates a franz-go client.
func newClient(opts []kgo.Opt) (*kgo.Client, error) { return kgo.NewClient(opts...) }

// streamName names a partition's stream.
func streamName(topic string, p int32) string { return topic + "/" + strconv.Itoa(int(p)) }

// partitionOf reads the partition back from a stream name.
func partitionOf(name string) (int32, bool) {
	i := strings.LastIndexByte(name, '/')
	n, err := strconv.Atoi(name[i+1:])
	return int32(n), i >= 0 && err == nil
}

// ruleIDs lists the scheduled rules of the pipeline.
func (c *consumer) ruleIDs() []string {
	var ids []string
	for _, r := range c.pl.det.Rules {
		ids = append(ids, r.Rule.ID)
	}
	return ids
}

func (c *consumer) start() error {
	in := c.s.cfg.Kafka
	opts, err := in.Options()
	if err != nil {
		return err
	}
	reset := kgo.NewOffset().AtStart()
	if in.Start == "latest" {
		reset = kgo.NewOffset().AtEnd()
	}
	opts = append(opts, kgo.ConsumerGroup(c.group), kgo.ConsumeTopics(c.topic),
		kgo.DisableAutoCommit(), kgo.BlockRebalanceOnPoll(), kgo.ConsumeResetOffset(reset),
		kgo.FetchMaxWait(pollWait),
		kgo.OnPartitionsAssigned(c.assigned), kgo.OnPartitionsRevoked(c.revoked),
		kgo.OnPartitionsLost(c.lost),
		kgo.WithLogger(kafkaLog{log: c.s.cfg.Log, lim: c.pl.lim, group: c.group}),
		kgo.WithHooks(c.s.kafkaHealth))
	if c.single {
		opts = append(opts, kgo.Balancers(kafka.SingleOwner()))
	}
	if in.InstanceID != "" {
		id := in.InstanceID
		if c.single {
			id += "-global"
		}
		opts = append(opts, kgo.InstanceID(id))
	}
	if in.SessionTimeout > 0 {
		opts = append(opts, kgo.SessionTimeout(in.SessionTimeout),
			kgo.HeartbeatInterval(in.SessionTimeout/5))
	}
	c.cl, err = kgo.NewClient(opts...)
	c.last = time.Now()
	return err
}

// assigned opens the new partitions, resuming each from its checkpoint.
func (c *consumer) assigned(ctx context.Context, cl *kgo.Client, parts map[string][]int32) {
	ps := parts[c.topic]
	if len(ps) == 0 {
		return
	}
	_, metas, err := kafka.FetchCommitted(ctx, cl, c.group, c.topic, ps)
	if err != nil {
		c.s.cfg.Log.Warn("reading checkpoints failed; rules start afresh", "group", c.group,
			"err", err)
	}
	for _, p := range ps {
		c.pl.open(streamName(c.topic, p), kafka.DecodeResume(metas[p], c.ruleIDs()))
	}
	c.s.cfg.Log.Info("partitions assigned", "group", c.group, "topic", c.topic,
		"partitions", fmt.Sprint(ps))
}

// revoked commits the checkpoints of partitions taken away, then drops them.
func (c *consumer) revoked(ctx context.Context, cl *kgo.Client, parts map[string][]int32) {
	ps := parts[c.topic]
	if len(ps) == 0 {
		return
	}
	select {
	case <-c.s.killed:
		return // a crash commits nothing
	default:
	}
	// Hand over cleanly: let the alerts of these partitions reach the sinks
	// first, so the new owner does not raise them again.
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = streamName(c.topic, p)
	}
	wait, cancel := context.WithTimeout(ctx, c.s.cfg.ShutdownTimeout)
	c.pl.waitDelivered(wait, names)
	cancel()
	if err := c.commitParts(ctx, ps); err != nil {
		c.s.cfg.Log.Warn("commit on revoke failed", "group", c.group, "err", err)
	}
	for _, p := range ps {
		c.pl.drop(streamName(c.topic, p))
	}
	c.s.cfg.Log.Info("partitions revoked", "group", c.group, "partitions", fmt.Sprint(ps))
}

// lost drops partitions the group gave away while this member was silent.
func (c *consumer) lost(_ context.Context, _ *kgo.Client, parts map[string][]int32) {
	if len(parts[c.topic]) == 0 {
		return
	}
	for _, p := range parts[c.topic] {
		c.pl.drop(streamName(c.topic, p))
	}
	c.s.cfg.Log.Warn("partitions lost", "group", c.group, "partitions",
		fmt.Sprint(parts[c.topic]))
}

// run polls until ctx ends. Records already fetched are evaluated and
// their alerts queued under work, which outlives ctx on a graceful stop.
func (c *consumer) run(ctx, work context.Context) error {
	recs := make([]record, 0, 1024)
	for {
		pctx, cancel := context.WithTimeout(ctx, pollWait)
		fs := c.cl.PollRecords(pctx, pollRecords)
		cancel()
		if ctx.Err() != nil || fs.IsClientClosed() {
			c.cl.AllowRebalance()
			return nil
		}
		fs.EachError(func(t string, p int32, err error) {
			if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) &&
				c.pl.lim.allow("fetch") {
				c.s.cfg.Log.Warn("fetch failed", "group", c.group, "topic", t, "partition", p,
					"err", err)
			}
		})
		var perr error
		fs.EachPartition(func(ftp kgo.FetchTopicPartition) {
			name := streamName(ftp.Topic, ftp.Partition)
			recs = recs[:0]
			for _, r := range ftp.Records {
				recs = append(recs, record{data: r.Value, arrival: r.Timestamp, offset: r.Offset,
					source: "kafka"})
			}
			if err := c.pl.process(work, name, recs); err != nil && perr == nil {
				perr = err
			}
			c.pl.watermark(name, ftp.HighWatermark)
		})
		c.cl.AllowRebalance()
		if perr != nil {
			return perr
		}
		if err := c.pl.tick(work); err != nil {
			return err
		}
		if time.Since(c.last) >= c.s.cfg.CommitInterval {
			if err := c.commit(work); err != nil && c.pl.lim.allow("commit") {
				c.s.cfg.Log.Warn("commit failed", "group", c.group, "err", err)
			}
		}
	}
}

// commit commits the checkpoints of every partition held.
func (c *consumer) commit(ctx context.Context) error {
	c.last = time.Now()
	return c.commitParts(ctx, nil)
}

// commitParts commits the checkpoints of the given partitions (nil: all).
func (c *consumer) commitParts(ctx context.Context, only []int32) error {
	if c.cl == nil {
		return nil
	}
	cps := map[int32]kafka.Commit{}
	for name, cp := range c.pl.checkpoint() {
		p, ok := partitionOf(name)
		if !ok {
			continue
		}
		if only != nil && !contains(only, p) {
			continue
		}
		cps[p] = cp
	}
	err := kafka.CommitSync(ctx, c.cl, c.topic, cps)
	if err == nil && len(cps) > 0 {
		c.s.cfg.Log.Debug("committed", "group", c.group, "checkpoints", fmt.Sprint(cps))
	}
	return err
}

func contains(ps []int32, p int32) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// close closes the client; a static member does not leave its group.
func (c *consumer) close() {
	if c.cl != nil {
		c.cl.Close()
	}
}
