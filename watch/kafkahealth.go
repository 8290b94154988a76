package watch

import (
	"errors"
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
// franz-go hooks): a response to a request past the connection's set-up
// is a broker reached; a connection or read that fails is not. Failures
// other than a refused dial (which the client logs itself) go to log:
// credentials refused show only here, as a connection the broker closes.
type brokerHealth struct {
	log     func(problem string) // nil: not logged
	mu      sync.Mutex
	start   time.Time
	ok      time.Time // last response read
	failed  time.Time // last failure
	lastErr string
}

func newBrokerHealth(log func(problem string)) *brokerHealth {
	return &brokerHealth{log: log, start: time.Now()}
}

// OnBrokerConnect notes a failed connection.
func (b *brokerHealth) OnBrokerConnect(meta kgo.BrokerMetadata, _ time.Duration, _ net.Conn,
	err error) {
	if err != nil {
		b.note(meta, err)
	}
}

// Requests of a connection's set-up: answering them does not make a
// broker usable (a broker refusing our credentials answers them).
const (
	keySASLHandshake    = 17
	keyAPIVersions      = 18
	keySASLAuthenticate = 36
)

// OnBrokerRead notes a response read, or a read that failed.
func (b *brokerHealth) OnBrokerRead(meta kgo.BrokerMetadata, key int16, _ int, _,
	_ time.Duration, err error) {
	if err != nil {
		b.note(meta, err)
		return
	}
	if key == keySASLHandshake || key == keyAPIVersions || key == keySASLAuthenticate {
		return
	}
	b.mu.Lock()
	b.ok = time.Now()
	b.mu.Unlock()
}

func (b *brokerHealth) note(meta kgo.BrokerMetadata, err error) {
	msg := fmt.Sprintf("broker %s:%d: %v", meta.Host, meta.Port, err)
	b.mu.Lock()
	b.failed, b.lastErr = time.Now(), msg
	b.mu.Unlock()
	var op *net.OpError
	if b.log != nil && !(errors.As(err, &op) && op.Op == "dial") {
		b.log(msg)
	}
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
