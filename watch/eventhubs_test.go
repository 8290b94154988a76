package watch_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// loopbackTLS returns a server TLS config for 127.0.0.1 and the path of
// its certificate as a CA file.
func loopbackTLS(t *testing.T) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1),
		Subject:     pkix.Name{CommonName: "kfake"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE",
		Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, ca
}

// TestEventHubs reads a Streaming API batch through SASL PLAIN over TLS
// with user $ConnectionString, as the Event Hubs Kafka endpoint wants,
// and delivers alerts to a Kafka topic that the test reads back.
func TestEventHubs(t *testing.T) {
	const conn = "Endpoint=sb://kqlhunt-test.servicebus.windows.net/;" +
		"SharedAccessKeyName=listen;SharedAccessKey=bm90LWEtcmVhbC1rZXk=;EntityPath=events"
	tc, ca := loopbackTLS(t)
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, "events", "alerts"),
		kfake.EnableSASL(), kfake.Superuser("PLAIN", "$ConnectionString", conn), kfake.TLS(tc))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Setenv("KQLHUNT_TEST_EH", conn)
	eh := kafka.Config{Brokers: c.ListenAddrs(), EventHubs: true, CAFile: ca,
		PasswordEnv: "KQLHUNT_TEST_EH"}
	opts, err := eh.Options()
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(append(opts, kgo.ConsumeTopics("alerts"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()

	// Two Streaming API messages of 50 records each.
	want := 0
	for m := range 2 {
		var recs []json.RawMessage
		for i := range 50 {
			n := m*50 + i
			line, _, pos := event(n, time.Now())
			if pos {
				want++
			}
			rec, _ := json.Marshal(map[string]any{"time": time.Now().Format(time.RFC3339),
				"category":   "AdvancedHunting-DeviceProcessEvents",
				"properties": json.RawMessage(line)})
			recs = append(recs, rec)
		}
		msg, _ := json.Marshal(map[string]any{"records": recs})
		err := cl.ProduceSync(context.Background(), &kgo.Record{Topic: "events", Value: msg}).
			FirstErr()
		if err != nil {
			t.Fatal(err)
		}
	}
	rs, eng := testRules()
	in := startInstance(t, &watch.Config{
		Kafka:    &watch.KafkaInput{Config: eh, Topic: "events", Group: "eh"},
		Realtime: true, Rules: rs[:1], Engine: eng, AlertTopic: "alerts", Listen: "off",
		Log: testLog(t, "eh")})
	var alerts []got
	deadline := time.Now().Add(30 * time.Second)
	for len(alerts) < want && time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		fs := cl.PollFetches(ctx)
		cancel()
		fs.EachRecord(func(r *kgo.Record) {
			var g got
			if err := json.Unmarshal(r.Value, &g); err != nil {
				t.Errorf("alert %s: %v", r.Value, err)
			}
			if string(r.Key) != "coll" {
				t.Errorf("alert key %q, want the rule id", r.Key)
			}
			alerts = append(alerts, g)
		})
	}
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	if len(alerts) != want {
		t.Fatalf("read back %d alerts, want %d", len(alerts), want)
	}
	for _, a := range alerts {
		if n := a.eventID(); n%17 != 0 || a.Mode != "realtime" {
			t.Errorf("alert for event %d in mode %s", n, a.Mode)
		}
	}
}

func TestEventHubsBroker(t *testing.T) {
	b, err := kafka.EventHubsBroker("Endpoint=sb://ns1.servicebus.windows.net/;" +
		"SharedAccessKeyName=k;SharedAccessKey=x")
	if err != nil || b != "ns1.servicebus.windows.net:9093" {
		t.Errorf("got %q, %v", b, err)
	}
	if _, err := kafka.EventHubsBroker("SharedAccessKey=x"); err == nil {
		t.Error("no error without endpoint")
	}
}

// TestSCRAM reads a topic with SASL SCRAM-SHA-256.
func TestSCRAM(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, "events"),
		kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", "kqlhunt", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("s3cret\n"), 0o600)
	kc := kafka.Config{Brokers: c.ListenAddrs(), SASL: "scram-sha-256", User: "kqlhunt",
		PasswordFile: pw}
	opts, err := kc.Options()
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	for n := range 34 {
		line, _, _ := event(n, time.Now())
		if err := cl.ProduceSync(context.Background(), &kgo.Record{Topic: "events",
			Value: line}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	mem := newMemSink()
	rs, eng := testRules()
	in := startInstance(t, &watch.Config{
		Kafka:    &watch.KafkaInput{Config: kc, Topic: "events", Group: "scram"},
		Realtime: true, Rules: rs, Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off"})
	mem.waitFor(t, 30*time.Second, "alerts", func(gs []got) bool {
		return len(seen(gs, "all")) == 34 && len(seen(gs, "coll")) == 2
	})
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
}
