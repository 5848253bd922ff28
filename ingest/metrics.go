package ingest

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Fetch outcomes, the values of the "outcome" label of fetches_total.
const (
	outcomeOK        = "ok"
	outcomeEmpty     = "empty"
	outcomeError     = "error"
	outcomeDone      = "done"
	outcomePermanent = "permanent"
)

// metrics are the Runner's Prometheus series. Several Runners may share one registry:
// each labels its series with its source name.
type metrics struct {
	fetches        *prometheus.CounterVec   // source, outcome
	envelopes      *prometheus.CounterVec   // source
	mentions       *prometheus.CounterVec   // source, platform
	deadLetters    *prometheus.CounterVec   // source
	fetchDuration  *prometheus.HistogramVec // source
	checkpointTime *prometheus.GaugeVec     // source
	retries        *prometheus.CounterVec   // source, op
	backoffSeconds *prometheus.CounterVec   // source
}

func newMetrics(reg prometheus.Registerer) *metrics {
	const ns, sub = "lingting", "ingest"
	m := &metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "fetches_total",
			Help: "Source fetches by outcome (ok, empty, error, done, permanent).",
		}, []string{"source", "outcome"}),
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "envelopes_total",
			Help: "Raw envelopes fetched.",
		}, []string{"source"}),
		mentions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "mentions_published_total",
			Help: "Parsed mentions acknowledged by the bus.",
		}, []string{"source", "platform"}),
		deadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "dead_letters_total",
			Help: "Dead letters acknowledged by the bus (unparsable envelopes and bad source records).",
		}, []string{"source"}),
		fetchDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Subsystem: sub, Name: "fetch_duration_seconds",
			Help:    "Time one Fetch took, failed ones included.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 9), // 1ms … 65s
		}, []string{"source"}),
		checkpointTime: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: ns, Subsystem: sub, Name: "checkpoint_saved_timestamp_seconds",
			Help: "Unix time of the last checkpoint saved.",
		}, []string{"source"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "retries_total",
			Help: "Retries after a failed fetch, publish or checkpoint save.",
		}, []string{"source", "op"}),
		backoffSeconds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "backoff_seconds_total",
			Help: "Time spent waiting before retries.",
		}, []string{"source"}),
	}
	if reg == nil {
		return m
	}
	m.fetches = register(reg, m.fetches)
	m.envelopes = register(reg, m.envelopes)
	m.mentions = register(reg, m.mentions)
	m.deadLetters = register(reg, m.deadLetters)
	m.fetchDuration = register(reg, m.fetchDuration)
	m.checkpointTime = register(reg, m.checkpointTime)
	m.retries = register(reg, m.retries)
	m.backoffSeconds = register(reg, m.backoffSeconds)
	return m
}

// register registers c, or returns the identical collector a previous Runner registered,
// so that several Runners can share one registry.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing
		}
	}
	// A different collector with the same name: keep counting unexported rather than
	// failing the collector over a metrics clash.
	return c
}
