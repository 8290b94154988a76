// Package watch is kqlhunt's continuous detection service: it reads live
// streams (standard input, followed files, watched folders, Kafka topics
// and Azure Event Hubs), runs detection rules over them as Microsoft
// Sentinel runs analytics rules (scheduled and NRT, with trigger and
// suppression) or per event as they arrive (realtime), and delivers alerts
// at least once to standard output, a JSON-lines file, a Kafka topic or a
// webhook.
//
// Several instances share a Kafka stream through consumer groups; see
// README.md in this folder for how rules are spread over them.
package watch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch/decode"
	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
	"github.com/kqlhunt/kqlhunt/watch/window"
)

// ErrKilled is returned by Run after Kill.
var ErrKilled = errors.New("watch: killed")

// Service is a running watch.
type Service struct {
	cfg     *Config
	m       *metrics
	disp    *sink.Dispatcher
	srv     *server
	budget  *window.Budget
	local   *pipeline
	state   *localState // positions of the local sources (nil: no state file)
	groups  []*consumer
	repart  *repartitioner
	killed  chan struct{}
	kill    sync.Once
	skipped []error
	rep     *sinkReport
	// kafkaHealth follows the Kafka clients' brokers, for /healthz.
	kafkaHealth *brokerHealth
	// failedSources counts local sources that stopped on an error.
	failedSources atomic.Int64
}

// New checks the configuration, compiles the rules and opens the sinks.
// Rules that cannot run are returned by Skipped; the others run.
func New(cfg *Config) (*Service, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg, budget: window.NewBudget(int64(cfg.MemoryLimit)),
		killed: make(chan struct{})}
	lim := newLimiter(cfg.Clock, 10*time.Second)
	s.kafkaHealth = newBrokerHealth(func(problem string) {
		if lim.allow("broker") {
			cfg.Log.Warn("kafka broker connection failed (refused credentials show as the "+
				"broker closing it)", "err", problem)
		}
	})
	sinks, err := s.openSinks()
	if err != nil {
		return nil, err
	}
	s.m = newMetrics(func() float64 { return float64(s.disp.Queued()) })
	s.rep = &sinkReport{m: s.m, lim: newLimiter(cfg.Clock, 10*time.Second), s: s}
	s.disp = sink.NewDispatcher(sinks, cfg.QueueDepth, cfg.RetryMin, cfg.RetryMax, s.rep)
	if err := s.build(); err != nil {
		s.disp.Close(context.Background())
		return nil, err
	}
	if cfg.State != "" && s.local != nil {
		if s.state, err = openState(cfg, s.local.det); err != nil {
			s.disp.Close(context.Background())
			return nil, err
		}
	}
	return s, nil
}

// Skipped lists the rules that do not run, with the reason.
func (s *Service) Skipped() []error { return s.skipped }

// build creates the pipelines: one over the local sources, and for Kafka
// one consumer group for rules exact on any partition spread (per-event
// and keyed rules) and one single-owner group for the others.
func (s *Service) build() error {
	c := s.cfg
	opts := detect.Options{Realtime: c.Realtime, Key: c.Key, NoMerge: c.NoMerge,
		MergeWait: c.MergeWait}
	newPL := func(name string, rs []*rules.Rule) *pipeline {
		det := detect.New(c.Engine, rs, opts)
		s.skipped = append(s.skipped, det.Skipped...)
		dec := decode.New(det.Tables(), c.DefaultTable)
		dec.Fallback = c.Fallback
		for _, r := range det.Rules {
			c.Log.Info("rule", "pipeline", name, "id", r.Rule.ID, "mode", r.Mode,
				"every", r.Every, "period", r.Period)
		}
		return newPipeline(name, det, dec, s.budget, c.Clock, s.disp, s.m, c.Log)
	}
	if len(c.Files) > 0 || len(c.Folders) > 0 {
		// Files and folders are one stream of events: every rule sees them all.
		s.local = newPL("local", c.Rules)
		s.local.merged = true
	}
	if c.Kafka == nil {
		return nil
	}
	var keyed, global []*rules.Rule
	for _, r := range c.Rules {
		sh := detect.Classify(r.Query, c.Key)
		if sh.Keyable || sh.Streamable && (c.Realtime || strings.EqualFold(r.Kind, "Hunting")) {
			keyed = append(keyed, r)
			continue
		}
		global = append(global, r)
		c.Log.Warn("rule groups by more than the key: it runs on one instance only",
			"id", r.ID, "key", c.Key, "operator", sh.WhyNotKeyed,
			"group", c.Kafka.Group+"-global")
	}
	topic := c.Kafka.Topic
	if c.Kafka.Repartition != "" {
		s.repart = &repartitioner{s: s, in: c.Kafka, key: c.Key}
		topic = c.Kafka.Repartition
	} else if len(keyed) > 0 {
		c.Log.Info("input not repartitioned: aggregating rules are exact only if the topic "+
			"is keyed by the key column", "key", c.Key, "topic", topic)
	}
	if len(keyed) > 0 {
		s.groups = append(s.groups, &consumer{s: s, pl: newPL("kafka", keyed), topic: topic,
			group: c.Kafka.Group})
	}
	if len(global) > 0 {
		pl := newPL("kafka-global", global)
		pl.merged = true
		s.groups = append(s.groups, &consumer{s: s, pl: pl, topic: topic,
			group: c.Kafka.Group + "-global", single: true})
	}
	return nil
}

// openSinks opens the configured sinks.
func (s *Service) openSinks() ([]sink.Sink, error) {
	c := s.cfg
	out := append([]sink.Sink(nil), c.Sinks...)
	if c.Stdout {
		out = append(out, &sink.Writer{W: c.Out})
	}
	if c.AlertFile != "" {
		f, err := sink.OpenFile(c.AlertFile)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if c.AlertTopic != "" {
		kc := c.AlertKafka
		if kc == nil {
			kc = &c.Kafka.Config
		}
		opts, err := kc.Options()
		if err != nil {
			return nil, fmt.Errorf("alert topic: %w", err)
		}
		cl, err := newClient(opts)
		if err != nil {
			return nil, fmt.Errorf("alert topic: %w", err)
		}
		out = append(out, &sink.Kafka{Client: cl, Topic: c.AlertTopic})
	}
	if c.Webhook != "" {
		h := http.Header{}
		for name, env := range c.WebhookHeaderEnv {
			v, err := (&kafka.Config{PasswordEnv: env}).Secret()
			if err != nil {
				return nil, fmt.Errorf("webhook header %s: %w", name, err)
			}
			h.Set(name, v)
		}
		out = append(out, &sink.Webhook{URL: c.Webhook, Header: h})
	}
	return out, nil
}

// Addr returns the address of /healthz and /metrics once Run has started
// them ("" before, or when disabled).
func (s *Service) Addr() string {
	if s.srv == nil {
		return ""
	}
	return s.srv.Addr()
}

// Kill stops the service as a crash would: no drain, no delivery of
// queued alerts, no commit. Run then returns ErrKilled.
func (s *Service) Kill() { s.kill.Do(func() { close(s.killed) }) }

// sinkReport turns delivery outcomes into metrics and rate-limited logs.
type sinkReport struct {
	m       *metrics
	lim     *limiter
	s       *Service
	givenUp atomic.Int64 // alerts a sink gave up (permanent failures)
}

func (r *sinkReport) Sent(name string, n int) { r.m.sinkSent.WithLabelValues(name).Add(float64(n)) }

func (r *sinkReport) Failed(name string, n int, err error, permanent bool) {
	r.m.sinkFailures.WithLabelValues(name).Inc()
	if permanent {
		r.givenUp.Add(int64(n))
		r.s.cfg.Log.Error("alert delivery failed for good: alerts given up", "sink", name,
			"alerts", n, "err", err)
		return
	}
	if r.lim.allow("sink:" + name) {
		r.s.cfg.Log.Warn("alert delivery failed; retrying", "sink", name, "alerts", n,
			"err", err)
	}
}

// Stats are running totals of a service.
type Stats struct {
	Records int64 // input records (lines, messages) processed
	Events  int64 // rows decoded from them
	Alerts  int64 // alerts raised
}

// Stats returns the totals so far.
func (s *Service) Stats() Stats {
	var st Stats
	for _, pl := range s.pipelines() {
		st.Records += pl.records.Load()
		st.Events += pl.events.Load()
		st.Alerts += pl.alerts.Load()
	}
	return st
}
