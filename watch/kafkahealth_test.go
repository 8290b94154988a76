package watch

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TestBrokerHealth: healthy at start, after a success and within
// kafkaDown of failures; not once no broker was reached for longer.
func TestBrokerHealth(t *testing.T) {
	b := newBrokerHealth()
	meta := kgo.BrokerMetadata{Host: "127.0.0.1", Port: 9}
	refused := errors.New("connection refused")
	if p := b.problem(); p != "" {
		t.Errorf("at start: %q", p)
	}
	b.OnBrokerConnect(meta, 0, nil, refused)
	if p := b.problem(); p != "" {
		t.Errorf("a failure just after start: %q", p)
	}
	b.start = time.Now().Add(-2 * kafkaDown)
	if p := b.problem(); !strings.Contains(p, "127.0.0.1:9: connection refused") {
		t.Errorf("failing since start: %q", p)
	}
	b.OnBrokerRead(meta, 0, 10, 0, 0, nil)
	if p := b.problem(); p != "" {
		t.Errorf("after a response: %q", p)
	}
}
