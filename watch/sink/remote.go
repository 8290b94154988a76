package sink

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Kafka produces alerts to a topic, keyed by rule id.
type Kafka struct {
	Client *kgo.Client
	Topic  string
}

// Name returns "kafka:TOPIC".
func (k *Kafka) Name() string { return "kafka:" + k.Topic }

// Send produces the alerts and waits for the brokers' acknowledgement.
func (k *Kafka) Send(ctx context.Context, alerts []Alert) error {
	recs := make([]*kgo.Record, len(alerts))
	for i, a := range alerts {
		recs[i] = &kgo.Record{Topic: k.Topic, Key: a.Key, Value: a.JSON}
	}
	return k.Client.ProduceSync(ctx, recs...).FirstErr()
}

// Close closes the producer client.
func (k *Kafka) Close() error {
	k.Client.Close()
	return nil
}

// Webhook posts alerts to an HTTP endpoint as a JSON array per batch.
type Webhook struct {
	URL string
	// Header is added to every request (authorization, for instance).
	Header http.Header
	// Client defaults to one with a 10 s timeout.
	Client *http.Client
}

// Name returns "webhook" (the URL may hold secrets and is not shown).
func (w *Webhook) Name() string { return "webhook" }

// Send posts the batch. A 2xx answer is success; 408, 429 and 5xx are
// retried; other answers are permanent failures.
func (w *Webhook) Send(ctx context.Context, alerts []Alert) error {
	var body bytes.Buffer
	body.WriteByte('[')
	for i, a := range alerts {
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(a.JSON)
	}
	body.WriteByte(']')
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, &body)
	if err != nil {
		return &Permanent{Err: err}
	}
	for k, vs := range w.Header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	cl := w.Client
	if cl == nil {
		cl = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := cl.Do(req)
	if err != nil {
		// The error names the URL, whose query may hold a signature.
		var ue *url.Error
		if errors.As(err, &ue) {
			return fmt.Errorf("webhook %s %s: %w", ue.Op, Redact(w.URL), ue.Err)
		}
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return fmt.Errorf("webhook answered %s", resp.Status)
	default:
		return &Permanent{Err: fmt.Errorf("webhook answered %s", resp.Status)}
	}
}

// Close does nothing.
func (w *Webhook) Close() error { return nil }

// CheckURL tells whether a webhook URL can be posted to: http or https,
// with a host.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("webhook URL %s: not a URL", Redact(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("webhook URL %s: want http:// or https:// and a host", Redact(raw))
	}
	return nil
}

// Redact returns a URL without what may be secret in it (user
// information, query, fragment), for logs.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	hidden := u.User != nil || u.RawQuery != "" || u.Fragment != ""
	u.User, u.RawQuery, u.Fragment, u.ForceQuery = nil, "", "", false
	if hidden {
		return u.String() + " (query or credentials hidden)"
	}
	return u.String()
}
