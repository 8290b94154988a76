package kafka

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

func cluster(t *testing.T) []string {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(3, "t"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// member joins group g and records its assignment.
type member struct {
	cl   *kgo.Client
	mu   sync.Mutex
	held map[int32]bool
}

func join(t *testing.T, addrs []string, g string, opts ...kgo.Opt) *member {
	m := &member{held: map[int32]bool{}}
	opts = append(opts, kgo.SeedBrokers(addrs...), kgo.ConsumerGroup(g), kgo.ConsumeTopics("t"),
		kgo.DisableAutoCommit(),
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, ps map[string][]int32) {
			m.mu.Lock()
			for _, p := range ps["t"] {
				m.held[p] = true
			}
			m.mu.Unlock()
		}),
		kgo.OnPartitionsRevoked(func(_ context.Context, _ *kgo.Client, ps map[string][]int32) {
			m.mu.Lock()
			for _, p := range ps["t"] {
				delete(m.held, p)
			}
			m.mu.Unlock()
		}))
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	m.cl = cl
	go func() {
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			fs := cl.PollFetches(ctx)
			cancel()
			if fs.IsClientClosed() {
				return
			}
		}
	}()
	return m
}

func (m *member) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.held)
}

// waitFor polls cond; the deadline only ends a stuck test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSingleOwner(t *testing.T) {
	addrs := cluster(t)
	a := join(t, addrs, "g", kgo.Balancers(SingleOwner()))
	defer a.cl.Close()
	waitFor(t, "first member to own all", func() bool { return a.count() == 3 })
	b := join(t, addrs, "g", kgo.Balancers(SingleOwner()))
	waitFor(t, "second member to join", func() bool {
		_, gen := b.cl.GroupMetadata()
		return gen > 0 && a.count()+b.count() == 3
	})
	if a.count() != 3 && b.count() != 3 {
		t.Fatalf("partitions split %d/%d, want all on one", a.count(), b.count())
	}
	owner, other := a, b
	if b.count() == 3 {
		owner, other = b, a
	}
	owner.cl.Close()
	waitFor(t, "the other member to take over", func() bool { return other.count() == 3 })
	other.cl.Close()
}

// TestCommitMetadata commits a checkpoint as a group member and reads its
// resume times back, as a restarted instance does.
func TestCommitMetadata(t *testing.T) {
	addrs := cluster(t)
	m := join(t, addrs, "g")
	defer m.cl.Close()
	waitFor(t, "assignment", func() bool { return m.count() == 3 })
	run := time.Date(2026, 3, 14, 10, 5, 0, 0, time.UTC)
	ctx := context.Background()
	err := CommitSync(ctx, m.cl, "t", map[int32]Commit{
		0: {Offset: 0, Resume: map[string]time.Time{"count": run}},
		2: {Offset: 0, Resume: map[string]time.Time{"count": run.Add(time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	offs, metas, err := FetchCommitted(ctx, m.cl, "g", "t", []int32{0, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(offs) != 2 || offs[0] != 0 {
		t.Errorf("offsets %v", offs)
	}
	if got := DecodeResume(metas[2], []string{"count"}); !got["count"].Equal(run.Add(time.Hour)) {
		t.Errorf("resume of partition 2: %v (metadata %q)", got, metas[2])
	}
}
