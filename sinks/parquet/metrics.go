package parquet

import "github.com/prometheus/client_golang/prometheus"

// metrics are the Exporter's counters, labelled by table.
type metrics struct {
	rows    *prometheus.CounterVec
	batches *prometheus.CounterVec
}

// newMetrics builds the metrics and registers them with reg; a nil reg registers
// nothing.
func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_export_rows_total",
			Help: "Rows written to export files.",
		}, []string{"table"}),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_export_batches_total",
			Help: "Record batches written to export files.",
		}, []string{"table"}),
	}
	if reg != nil {
		reg.MustRegister(m.rows, m.batches)
	}
	return m
}
