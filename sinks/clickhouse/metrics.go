package clickhouse

import "github.com/prometheus/client_golang/prometheus"

// metrics are the Writer's Prometheus series, all labelled by table.
type metrics struct {
	rows      *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	errors    *prometheus.CounterVec
	retries   *prometheus.CounterVec
	batchRows *prometheus.HistogramVec
}

// newMetrics builds the series and registers them with reg; a nil reg registers nothing.
// Registering twice with one registry panics, as prometheus.MustRegister does.
func newMetrics(reg prometheus.Registerer) *metrics {
	const ns, sub = "lingting", "clickhouse"
	m := &metrics{
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "rows_written_total",
			Help: "Rows stored in ClickHouse (acknowledged inserts).",
		}, []string{"table"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Subsystem: sub, Name: "insert_duration_seconds",
			Help:    "Duration of one insert attempt, successful or not.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12),
		}, []string{"table"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "insert_errors_total",
			Help: "Inserts that failed for good (after retries, or not retryable).",
		}, []string{"table"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "retries_total",
			Help: "Insert attempts retried after a transient error.",
		}, []string{"table"}),
		batchRows: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Subsystem: sub, Name: "batch_rows",
			Help:    "Rows per insert.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 10),
		}, []string{"table"}),
	}
	if reg != nil {
		reg.MustRegister(m.rows, m.duration, m.errors, m.retries, m.batchRows)
	}
	return m
}
