package enrich

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the enrich stage's Prometheus series. A second Pipeline built on the same
// registerer shares the series already registered.
type metrics struct {
	enriched  prometheus.Counter
	duration  prometheus.Histogram
	sentiment *prometheus.CounterVec // label
	rejected  prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		enriched: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lingting_enrich_mentions_enriched_total",
			Help: "Mentions enriched.",
		}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "lingting_enrich_duration_seconds",
			Help:    "Time to enrich one mention (normalise, extract, segment, match brands, score).",
			Buckets: prometheus.ExponentialBuckets(0.00002, 3, 10),
		}),
		sentiment: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_enrich_sentiment_total",
			Help: "Mentions enriched, by sentiment label.",
		}, []string{"label"}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lingting_enrich_rejected_total",
			Help: "Messages the enrich handler rejected to the dead-letter topic (undecodable or without id).",
		}),
	}
	if reg == nil {
		return m, nil
	}
	var err error
	if m.enriched, err = register(reg, m.enriched); err != nil {
		return nil, err
	}
	if m.duration, err = register(reg, m.duration); err != nil {
		return nil, err
	}
	if m.sentiment, err = register(reg, m.sentiment); err != nil {
		return nil, err
	}
	if m.rejected, err = register(reg, m.rejected); err != nil {
		return nil, err
	}
	return m, nil
}

// register registers c, or returns the collector already registered under its name.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	if err == nil {
		return c, nil
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, fmt.Errorf("registering enrich metrics: %w", err)
}
