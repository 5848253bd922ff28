package alert

import (
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the package's Prometheus metrics.
type metrics struct {
	mentions   prometheus.Counter
	duplicates prometheus.Counter
	late       prometheus.Counter
	fired      *prometheus.CounterVec
	resolved   *prometheus.CounterVec
	suppressed *prometheus.CounterVec
	firing     prometheus.Gauge
}

// deliveryMetrics are the notification metrics, registered by NewDelivery.
type deliveryMetrics struct {
	sent       *prometheus.CounterVec
	sendErrors *prometheus.CounterVec
	queued     *prometheus.GaugeVec
}

func newDeliveryMetrics(reg prometheus.Registerer) *deliveryMetrics {
	m := &deliveryMetrics{
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lingting_alert_notifications_total",
			Help: "Notifications delivered, by notifier."}, []string{"notifier"}),
		sendErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lingting_alert_notification_errors_total",
			Help: "Failed notification attempts, by notifier."}, []string{"notifier"}),
		queued: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "lingting_alert_outbox_queued",
			Help: "Notifications waiting in the outbox, by notifier."}, []string{"notifier"}),
	}
	if reg != nil {
		reg.MustRegister(m.sent, m.sendErrors, m.queued)
	}
	return m
}

// newMetrics builds the metrics and registers them with reg unless reg is nil.
func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		mentions: prometheus.NewCounter(prometheus.CounterOpts{Name: "lingting_alert_mentions_total",
			Help: "Mentions the alert detectors observed."}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{Name: "lingting_alert_duplicate_mentions_total",
			Help: "Mentions ignored because the same id was already counted."}),
		late: prometheus.NewCounter(prometheus.CounterOpts{Name: "lingting_alert_late_mentions_total",
			Help: "Mentions of an already closed minute (not counted in spikes)."}),
		fired: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lingting_alert_fired_total",
			Help: "Alerts fired, by rule and severity."}, []string{"rule", "severity"}),
		resolved: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lingting_alert_resolved_total",
			Help: "Alerts resolved, by rule."}, []string{"rule"}),
		suppressed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lingting_alert_suppressed_total",
			Help: "Triggers dropped, by rule and reason (cooldown, grouped)."}, []string{"rule", "reason"}),
		firing: prometheus.NewGauge(prometheus.GaugeOpts{Name: "lingting_alert_firing",
			Help: "Alerts firing now."}),
	}
	if reg != nil {
		reg.MustRegister(m.mentions, m.duplicates, m.late, m.fired, m.resolved, m.suppressed, m.firing)
	}
	return m
}

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}
