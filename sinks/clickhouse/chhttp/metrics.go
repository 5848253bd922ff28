package chhttp

import "github.com/prometheus/client_golang/prometheus"

// Statement kinds, the values of the "kind" label.
const (
	kindSelect = "select"
	kindInsert = "insert"
	kindOther  = "other"
)

// Outcomes, the values of the "outcome" label.
const (
	outcomeOK    = "ok"
	outcomeError = "error"
)

// metrics are the handler's Prometheus series.
type metrics struct {
	queries       *prometheus.CounterVec   // kind, outcome
	duration      *prometheus.HistogramVec // kind
	rowsInserted  prometheus.Counter
	bytesInserted prometheus.Counter
}

// newMetrics builds the series and registers them with reg; a nil reg registers
// nothing.
func newMetrics(reg prometheus.Registerer) *metrics {
	const ns, sub = "lingting", "chhttp"
	m := &metrics{
		queries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "queries_total",
			Help: "Statements served, by kind (select, insert, other) and outcome (ok, error).",
		}, []string{"kind", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Subsystem: sub, Name: "query_duration_seconds",
			Help:    "Time from request to the last byte of the answer, by kind.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10), // 0.5ms … 131s
		}, []string{"kind"}),
		rowsInserted: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "inserted_rows_total",
			Help: "Rows written by INSERT statements (materialized views included).",
		}),
		bytesInserted: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "inserted_bytes_total",
			Help: "Bytes of INSERT data received, after decompression.",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.queries, m.duration, m.rowsInserted, m.bytesInserted)
	}
	return m
}
