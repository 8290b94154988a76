package watch

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// kafkaDown is how long the Kafka clients may fail to reach any broker
// before /healthz says so.
const kafkaDown = 30 * time.Second

// brokerHealth follows whether the Kafka clients reach their brokers (as
// franz-go hooks): a response read is a broker reached; a connection or
// read that fails is not.
type brokerHealth struct {
	mu      sync.Mutex
	start   time.Time
	ok      time.Time // last response read
	failed  time.Time // last failure
	lastErr string
}

func newBrokerHealth() *brokerHealth { return &brokerHealth{start: time.Now()} }

// OnBrokerConnect notes a failed connection.
func (b *brokerHealth) OnBrokerConnect(meta kgo.BrokerMetadata, _ time.Duration, _ net.Conn,
	err error) {
	if err != nil {
		b.note(meta, err)
	}
}

// OnBrokerRead notes a response read, or a read that failed.
func (b *brokerHealth) OnBrokerRead(meta kgo.BrokerMetadata, _ int16, _ int, _,
	_ time.Duration, err error) {
	if err != nil {
		b.note(meta, err)
		return
	}
	b.mu.Lock()
	b.ok = time.Now()
	b.mu.Unlock()
}

func (b *brokerHealth) note(meta kgo.BrokerMetadata, err error) {
	b.mu.Lock()
	b.failed = time.Now()
	b.lastErr = fmt.Sprintf("broker %s:%d: %v", meta.Host, meta.Port, err)
	b.mu.Unlock()
}

// problem describes why the clients are not healthy: no broker reached for
// kafkaDown while failures went on ("" when healthy).
func (b *brokerHealth) problem() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	since := b.ok
	if since.IsZero() {
		since = b.start
	}
	if b.failed.After(b.ok) && time.Since(since) > kafkaDown {
		return fmt.Sprintf("no Kafka broker reached for %s: %s",
			time.Since(since).Round(time.Second), b.lastErr)
	}
	return ""
}
