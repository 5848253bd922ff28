package bus

import (
	"errors"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the bus's Prometheus series, shared by Memory and Kafka (a second bus built
// on the same registerer reuses the series already registered).
type metrics struct {
	published   *prometheus.CounterVec   // topic
	consumed    *prometheus.CounterVec   // topic, group
	acked       *prometheus.CounterVec   // topic, group
	rejected    *prometheus.CounterVec   // topic, group
	redelivered *prometheus.CounterVec   // topic, group
	batchSize   *prometheus.HistogramVec // topic, group
	duration    *prometheus.HistogramVec // topic, group
	lag         *prometheus.GaugeVec     // topic, group, partition
	committed   *prometheus.GaugeVec     // topic, group, partition
}

func newMetrics(reg prometheus.Registerer) *metrics {
	tg := []string{"topic", "group"}
	tgp := []string{"topic", "group", "partition"}
	m := &metrics{
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_bus_published_messages_total",
			Help: "Messages acknowledged to a publisher, by topic.",
		}, []string{"topic"}),
		consumed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_bus_consumed_messages_total",
			Help: "Messages handed to a handler for the first time, by topic and consumer group.",
		}, tg),
		acked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_bus_acked_messages_total",
			Help: "Messages acknowledged by a handler (including rejected ones), by topic and group.",
		}, tg),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_bus_rejected_messages_total",
			Help: "Messages a handler rejected (sent to the dead-letter topic), by topic and group.",
		}, tg),
		redelivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lingting_bus_redelivered_messages_total",
			Help: "Messages handed to a handler again after it failed on them, by topic and group.",
		}, tg),
		batchSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lingting_bus_handler_batch_size",
			Help:    "Messages per batch handed to a handler.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 8),
		}, tg),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lingting_bus_handler_duration_seconds",
			Help:    "Time a handler took for one batch.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10),
		}, tg),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "lingting_bus_consumer_lag",
			Help: "Messages in a partition after the group's committed offset, as last seen by a member of this process.",
		}, tgp),
		committed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "lingting_bus_committed_offset",
			Help: "Offset a group last committed on a partition (the next offset it will read).",
		}, tgp),
	}
	if reg == nil {
		return m
	}
	m.published = register(reg, m.published)
	m.consumed = register(reg, m.consumed)
	m.acked = register(reg, m.acked)
	m.rejected = register(reg, m.rejected)
	m.redelivered = register(reg, m.redelivered)
	m.batchSize = register(reg, m.batchSize)
	m.duration = register(reg, m.duration)
	m.lag = register(reg, m.lag)
	m.committed = register(reg, m.committed)
	return m
}

// register registers c, or returns the collector already registered under its name.
// Any other registration error is a programming error and panics, as MustRegister does.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
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
	panic(err)
}

// setOffsets records a group's committed offset and lag on one partition.
func (m *metrics) setOffsets(topic, group string, partition int, committed, end int64) {
	p := strconv.Itoa(partition)
	m.committed.WithLabelValues(topic, group, p).Set(float64(committed))
	m.lag.WithLabelValues(topic, group, p).Set(float64(max(end-committed, 0)))
}
