package douyin

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/ingest"
)

// metrics are the Douyin collector's series.
type metrics struct {
	webhookRequests *prometheus.CounterVec // outcome
	webhookEvents   *prometheus.CounterVec // event
	records         *prometheus.CounterVec // source, kind
	ignored         *prometheus.CounterVec // source, event
	requests        *prometheus.CounterVec // source, endpoint, status
	apiErrors       *prometheus.CounterVec // source, code
	tokenRefreshes  *prometheus.CounterVec // source, outcome
	rateLimited     *prometheus.CounterVec // source
	position        *prometheus.GaugeVec   // source: spool segment or round count
}

func newMetrics(reg prometheus.Registerer) *metrics {
	const ns, sub = "lingting", "douyin"
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return ingest.RegisterCollector(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help}, labels))
	}
	return &metrics{
		webhookRequests: counter("webhook_requests_total", "Webhook requests by outcome (accepted, duplicate, bad_signature, challenge, spool_error …).", "outcome"),
		webhookEvents:   counter("webhook_events_total", "Webhook events spooled, by event.", "event"),
		records:         counter("records_total", "Videos and comments handed to the runner, by kind.", "source", "kind"),
		ignored:         counter("ignored_events_total", "Spooled webhook events that carry no mention (authorize, im_* …), by event.", "source", "event"),
		requests:        counter("requests_total", "Open-API requests by endpoint and HTTP status.", "source", "endpoint", "status"),
		apiErrors:       counter("api_errors_total", "Open-API errors by error_code.", "source", "code"),
		tokenRefreshes:  counter("token_refreshes_total", "Access-token refreshes by outcome (ok, failed, expired).", "source", "outcome"),
		rateLimited:     counter("rate_limited_total", "Rate-limit answers that paused the poller.", "source"),
		position: ingest.RegisterCollector(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: ns, Subsystem: sub, Name: "cursor_position",
			Help: "Webhook source: spool segment of the cursor last handed out; poller: rounds started.",
		}, []string{"source"})),
	}
}
