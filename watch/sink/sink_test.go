package sink

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type countReport struct {
	mu     sync.Mutex
	sent   int
	failed int
	perm   int
}

func (r *countReport) Sent(string, int) { r.mu.Lock(); r.sent++; r.mu.Unlock() }
func (r *countReport) Failed(_ string, _ int, _ error, perm bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed++
	if perm {
		r.perm++
	}
}

func alerts(n int) []Alert {
	var out []Alert
	for i := range n {
		js := []byte(`{"n":` + string(rune('0'+i)) + `}`)
		out = append(out, Alert{Key: []byte("r"), JSON: js})
	}
	return out
}

func TestDispatchWebhookRetries(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	var got [][]json.RawMessage
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if calls <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var arr []json.RawMessage
		if err := json.Unmarshal(body, &arr); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		got = append(got, arr)
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "alerts.jsonl")
	file, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hook := &Webhook{URL: srv.URL, Header: http.Header{"Authorization": {"Bearer s3cret"}}}
	rep := &countReport{}
	d := NewDispatcher([]Sink{hook, file}, 4, time.Millisecond, 4*time.Millisecond, rep)
	done := make(chan struct{}, 2)
	for range 2 {
		b := &Batch{Alerts: alerts(3), Done: func() { done <- struct{}{} }}
		if err := d.Submit(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	<-done
	<-done
	if err := d.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0]) != 3 || calls != 4 || rep.failed != 2 || rep.perm != 0 {
		t.Errorf("batches %d, calls %d, failed %d", len(got), calls, rep.failed)
	}
	data, _ := os.ReadFile(path)
	if n := strings.Count(string(data), "\n"); n != 6 {
		t.Errorf("file has %d lines, want 6", n)
	}
}

func TestDispatchPermanent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
	}))
	defer srv.Close()
	rep := &countReport{}
	d := NewDispatcher([]Sink{&Webhook{URL: srv.URL}}, 1, time.Millisecond, time.Millisecond, rep)
	done := make(chan struct{})
	d.Submit(context.Background(), &Batch{Alerts: alerts(1), Done: func() { close(done) }})
	<-done
	d.Close(context.Background())
	if rep.perm != 1 {
		t.Errorf("permanent failures %d, want 1", rep.perm)
	}
}

func TestDispatchCloseUndelivered(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	d := NewDispatcher([]Sink{&Webhook{URL: srv.URL}}, 1, time.Millisecond, time.Millisecond, nil)
	called := false
	d.Submit(context.Background(), &Batch{Alerts: alerts(1), Done: func() { called = true }})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	d.Close(ctx)
	if called {
		t.Error("a batch never delivered was reported done")
	}
}

func TestRedact(t *testing.T) {
	for raw, want := range map[string]string{
		"https://prod.logic.azure.com/wf/run?sig=SECRET&sv=1": "https://prod.logic.azure.com/wf/run" +
			" (query or credentials hidden)",
		"http://user:pass@soar.example/hook": "http://soar.example/hook (query or credentials hidden)",
		"https://soar.example/hooks/kqlhunt": "https://soar.example/hooks/kqlhunt",
		"http://[::1":                        "(unparsable URL)",
	} {
		if got := Redact(raw); got != want || strings.Contains(got, "SECRET") {
			t.Errorf("Redact(%q) = %q, want %q", raw, got, want)
		}
	}
	for raw, ok := range map[string]bool{"https://soar.example/x": true, "http://127.0.0.1:8080/": true,
		"notaurl": false, "ftp://x/": false, "http://[::1": false, "https:///path": false} {
		if err := CheckURL(raw); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v", raw, err)
		}
	}
}

// TestWebhookErrorHidesSecret posts to a closed port: the error names the
// endpoint without its query.
func TestWebhookErrorHidesSecret(t *testing.T) {
	w := &Webhook{URL: "http://127.0.0.1:1/hook?sig=SECRET"}
	err := w.Send(context.Background(), []Alert{{JSON: []byte("{}")}})
	if err == nil || strings.Contains(err.Error(), "SECRET") ||
		!strings.Contains(err.Error(), "127.0.0.1:1/hook") {
		t.Errorf("error %v", err)
	}
}
