package weibo

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/ingest"
)

// metrics are the Weibo collector's series, labelled by source name so several
// collectors can share one registry.
type metrics struct {
	requests    *prometheus.CounterVec // source, endpoint, status (HTTP code or "error")
	apiErrors   *prometheus.CounterVec // source, code (Weibo error_code or http_NNN)
	rateLimited *prometheus.CounterVec // source
	budgetWait  *prometheus.CounterVec // source
	tokenErrors *prometheus.CounterVec // source
	records     *prometheus.CounterVec // source, kind
	position    *prometheus.GaugeVec   // source, target
	rounds      *prometheus.CounterVec // source
}

func newMetrics(reg prometheus.Registerer) *metrics {
	const ns, sub = "lingting", "weibo"
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help}, labels)
		return ingest.RegisterCollector(reg, c)
	}
	return &metrics{
		requests:    counter("requests_total", "Weibo API requests by endpoint and HTTP status.", "source", "endpoint", "status"),
		apiErrors:   counter("api_errors_total", "Weibo API errors by error_code (or http_NNN).", "source", "code"),
		rateLimited: counter("rate_limited_total", "Rate-limit answers (10022/10023/10024) that paused the collector.", "source"),
		budgetWait:  counter("rate_limit_wait_seconds_total", "Time spent waiting for the per-token and per-IP request budgets.", "source"),
		tokenErrors: counter("token_errors_total", "Answers saying the access token expired or was revoked (the collector stops).", "source"),
		records:     counter("records_total", "Statuses and comments handed to the runner, by kind.", "source", "kind"),
		rounds:      counter("rounds_total", "Polling rounds started.", "source"),
		position: ingest.RegisterCollector(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: ns, Subsystem: sub, Name: "cursor_since_id",
			Help: "Highest id collected per target (since_id of the cursor last handed to the runner).",
		}, []string{"source", "target"})),
	}
}

// register registers c, or returns the identical collector registered before (several
// sources may share one registry). With a nil registry c stays unregistered.
