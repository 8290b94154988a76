package kafka

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestResumeMetadata(t *testing.T) {
	t1 := time.Date(2026, 3, 14, 10, 5, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	meta := EncodeResume(map[string]time.Time{"T1119": t1, "a,b=c": t2})
	got := DecodeResume(meta, []string{"T1119", "a,b=c", "other"})
	if !got["T1119"].Equal(t1) || !got["a,b=c"].Equal(t2) || len(got) != 2 {
		t.Errorf("round trip: %v", got)
	}
	if DecodeResume("someone else's", nil) != nil {
		t.Error("foreign metadata read")
	}
	many := map[string]time.Time{}
	for i := range 500 {
		many[fmt.Sprintf("rule-with-a-long-name-%03d", i)] = t2
	}
	many["rule-with-a-long-name-007"] = t1
	meta = EncodeResume(many)
	if len(meta) > maxMeta || !strings.Contains(meta, "*=") {
		t.Fatalf("metadata of %d bytes", len(meta))
	}
	got = DecodeResume(meta, []string{"x", "y"})
	if !got["x"].Equal(t1) || !got["y"].Equal(t1) {
		t.Errorf("all rules: %v", got)
	}
}

func TestOptions(t *testing.T) {
	t.Setenv("KQLHUNT_TEST_PW", "secret")
	tests := []struct {
		name string
		cfg  Config
		err  string
	}{
		{"plain", Config{Brokers: []string{"b:9092"}, SASL: "plain", User: "u",
			PasswordEnv: "KQLHUNT_TEST_PW"}, ""},
		{"scram", Config{Brokers: []string{"b:9092"}, SASL: "SCRAM-SHA-512", User: "u",
			PasswordEnv: "KQLHUNT_TEST_PW", TLS: true}, ""},
		{"unknown sasl", Config{Brokers: []string{"b:9092"}, SASL: "gssapi"}, "unknown SASL"},
		{"no brokers", Config{}, "no Kafka brokers"},
		{"missing env", Config{Brokers: []string{"b"}, PasswordEnv: "KQLHUNT_NOPE"}, "not set"},
		{"event hubs without secret", Config{EventHubs: true}, "connection string"},
		{"event hubs bad string", Config{EventHubs: true, PasswordEnv: "KQLHUNT_TEST_PW"},
			"Endpoint"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.cfg.Options()
			if tc.err == "" && err != nil || tc.err != "" && (err == nil ||
				!strings.Contains(err.Error(), tc.err)) {
				t.Errorf("err %v, want %q", err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}
