package watch

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TestBrokerHealth: healthy at start, after a success and within
// kafkaDown of failures; not once no broker was reached for longer.
func TestBrokerHealth(t *testing.T) {
	var logged []string
	b := newBrokerHealth(func(p string) { logged = append(logged, p) })
	meta := kgo.BrokerMetadata{Host: "127.0.0.1", Port: 9}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	if p := b.problem(); p != "" {
		t.Errorf("at start: %q", p)
	}
	b.OnBrokerConnect(meta, 0, nil, refused)
	if p := b.problem(); p != "" {
		t.Errorf("a failure just after start: %q", p)
	}
	b.start = time.Now().Add(-2 * kafkaDown)
	if p := b.problem(); !strings.Contains(p, "127.0.0.1:9: dial tcp: connection refused") {
		t.Errorf("failing since start: %q", p)
	}
	b.OnBrokerRead(meta, 17, 10, 0, 0, nil)   // a SASL handshake answered
	b.OnBrokerRead(meta, 36, 0, 0, 0, io.EOF) // and the connection closed
	if p := b.problem(); !strings.Contains(p, "EOF") {
		t.Errorf("credentials refused: %q", p)
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "EOF") {
		t.Errorf("logged %q, want the closed connection only", logged)
	}
	b.OnBrokerRead(meta, 1, 10, 0, 0, nil)
	if p := b.problem(); p != "" {
		t.Errorf("after a response: %q", p)
	}
}
