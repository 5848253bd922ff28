package identity

import "github.com/prometheus/client_golang/prometheus"

// metrics are the resolver's Prometheus series.
type metrics struct {
	observations prometheus.Counter
	edges        *prometheus.CounterVec
	merges       prometheus.Counter
	splits       prometheus.Counter
	blocked      prometheus.Counter
	revoked      prometheus.Counter
	batches      *prometheus.CounterVec
}

// newMetrics builds the series and registers them with reg; a nil reg registers nothing.
func newMetrics(reg prometheus.Registerer) *metrics {
	const ns, sub = "lingting", "identity"
	c := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help})
	}
	m := &metrics{
		observations: c("observations_total", "Account observations (one per mention with an author)."),
		edges: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "edges_total", Help: "Match edges created, by rule and the state they got."}, []string{"rule", "state"}),
		merges:  c("merges_total", "Persons absorbed by merges."),
		splits:  c("splits_total", "Persons split off by re-clustering (operator splits, pins, revoked edges)."),
		blocked: c("blocked_total", "Edge applications blocked by a conflict or an operator pin."),
		revoked: c("revoked_total", "Edges revoked (ambiguous evidence, operator splits)."),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "batches_total", Help: "Bus batches handled, by result (ok, error)."}, []string{"result"}),
	}
	if reg != nil {
		reg.MustRegister(m.observations, m.edges, m.merges, m.splits, m.blocked, m.revoked, m.batches)
	}
	return m
}
