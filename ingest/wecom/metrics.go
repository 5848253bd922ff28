package wecom

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/ingest"
)

// metrics are the WeCom collectors' series.
type metrics struct {
	callbacks   *prometheus.CounterVec // outcome
	records     *prometheus.CounterVec // source, kind
	ignored     *prometheus.CounterVec // source, reason
	lookups     *prometheus.CounterVec // outcome
	apiErrors   *prometheus.CounterVec // source, code
	sdkErrors   *prometheus.CounterVec // source, code
	keyMissing  *prometheus.CounterVec // source, version
	seq         *prometheus.GaugeVec   // source
	lastMsgTime *prometheus.GaugeVec   // source
}

func newMetrics(reg prometheus.Registerer) *metrics {
	const ns, sub = "lingting", "wecom"
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return ingest.RegisterCollector(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help}, labels))
	}
	gauge := func(name, help string) *prometheus.GaugeVec {
		return ingest.RegisterCollector(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help}, []string{"source"}))
	}
	return &metrics{
		callbacks:   counter("callback_requests_total", "Callback requests by outcome (accepted, duplicate, echo, bad_signature, bad_receiveid, malformed, spool_error).", "outcome"),
		records:     counter("records_total", "Chat messages and customer events handed to the runner, by kind.", "source", "kind"),
		ignored:     counter("ignored_total", "Records skipped on purpose (switch records, events that carry no mention), by reason.", "source", "reason"),
		lookups:     counter("contact_lookups_total", "externalcontact/get lookups by outcome (ok, not_found, error).", "outcome"),
		apiErrors:   counter("api_errors_total", "Server-API errors by errcode.", "source", "code"),
		sdkErrors:   counter("sdk_errors_total", "Chat-archive SDK errors by return code.", "source", "code"),
		keyMissing:  counter("missing_key_total", "Archive messages whose publickey_ver has no configured private key.", "source", "version"),
		seq:         gauge("archive_seq", "seq of the cursor last handed to the runner (the checkpoint follows after the ack)."),
		lastMsgTime: gauge("archive_last_message_timestamp_seconds", "msgtime of the newest archive message handed to the runner."),
	}
}
