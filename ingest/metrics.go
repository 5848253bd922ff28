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
	m.fetches = RegisterCollector(reg, m.fetches)
	m.envelopes = RegisterCollector(reg, m.envelopes)
	m.mentions = RegisterCollector(reg, m.mentions)
	m.deadLetters = RegisterCollector(reg, m.deadLetters)
	m.fetchDuration = RegisterCollector(reg, m.fetchDuration)
	m.checkpointTime = RegisterCollector(reg, m.checkpointTime)
	m.retries = RegisterCollector(reg, m.retries)
	m.backoffSeconds = RegisterCollector(reg, m.backoffSeconds)
	return m
}

// RegisterCollector registers c with reg, or returns the identical collector registered
// before (so that several Runners, or several collectors of one platform, share one
// registry). A nil reg registers nothing. A different collector under the same name is
// returned unregistered: it keeps counting, unexported, rather than failing a collector
// over a metrics clash. The platform packages register their series with it.
func RegisterCollector[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if reg == nil {
		return c
	}
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
	return c
}
