package watch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the Prometheus series of one service.
type metrics struct {
	reg          *prometheus.Registry
	events       *prometheus.CounterVec
	decodeErrors *prometheus.CounterVec
	alerts       *prometheus.CounterVec
	lag          *prometheus.GaugeVec
	evalSeconds  *prometheus.HistogramVec
	alertLatency prometheus.Histogram
	windowEvents prometheus.Gauge
	windowBytes  prometheus.Gauge
	dropped      prometheus.Counter
	sinkSent     *prometheus.CounterVec
	sinkFailures *prometheus.CounterVec
	queued       prometheus.GaugeFunc
}

func newMetrics(queued func() float64) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }
	m.events = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kqlhunt_watch_events_total",
		Help: "Rows decoded, by source."}, []string{"source"})
	m.decodeErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kqlhunt_watch_decode_errors_total",
		Help: "Messages that could not be decoded, by source."}, []string{"source"})
	m.alerts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kqlhunt_watch_alerts_total",
		Help: "Alerts raised, by rule."}, []string{"rule"})
	m.lag = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kqlhunt_watch_consumer_lag",
		Help: "Records behind the high watermark, by partition."}, []string{"partition"})
	m.evalSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "kqlhunt_watch_evaluation_seconds", Help: "Time to evaluate rules, by mode.",
		Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10)}, []string{"mode"})
	m.alertLatency = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "kqlhunt_watch_alert_latency_seconds",
		Help:    "Realtime alerts: time from an event's arrival to its alert being queued.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)})
	m.windowEvents = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kqlhunt_watch_window_events", Help: "Events held for scheduled rules."})
	m.windowBytes = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kqlhunt_watch_window_bytes", Help: "Estimated bytes held for scheduled rules."})
	m.dropped = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "kqlhunt_watch_window_dropped_total",
		Help: "Events dropped from the window store to stay within its memory limit."})
	m.sinkSent = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kqlhunt_watch_sink_alerts_total", Help: "Alerts delivered, by sink."},
		[]string{"sink"})
	m.sinkFailures = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kqlhunt_watch_sink_failures_total", Help: "Failed deliveries, by sink."},
		[]string{"sink"})
	m.queued = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kqlhunt_watch_sink_queue",
		Help: "Alert batches waiting in the fullest sink queue."}, queued)
	for _, c := range []prometheus.Collector{m.events, m.decodeErrors, m.alerts, m.lag,
		m.evalSeconds, m.alertLatency, m.windowEvents, m.windowBytes, m.dropped, m.sinkSent,
		m.sinkFailures, m.queued} {
		f(c)
	}
	return m
}

// server serves /healthz and /metrics.
type server struct {
	srv     *http.Server
	ln      net.Listener
	healthy atomic.Bool
}

// listen starts the operations endpoint on addr; /healthz fails while
// problem says something.
func listen(addr string, m *metrics, problem func() string) (*server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &server{ln: ln}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		if !s.healthy.Load() {
			http.Error(w, "stopping", http.StatusServiceUnavailable)
			return
		}
		if p := problem(); p != "" {
			http.Error(w, p, http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	s.healthy.Store(true)
	go s.srv.Serve(ln)
	return s, nil
}

// Addr returns the address listened on.
func (s *server) Addr() string { return s.ln.Addr().String() }

func (s *server) close(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
