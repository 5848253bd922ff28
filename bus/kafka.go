package bus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

// Kafka is the bus of the distributed mode, over kafka-go. Publish writes synchronously
// with acknowledgement by all in-sync replicas; Consume reads as a member of a Kafka
// consumer group and commits only what its handler acknowledged. Safe for concurrent use.
type Kafka struct {
	cfg    KafkaConfig
	met    *metrics
	log    *slog.Logger
	w      *kafka.Writer
	tr     *kafka.Transport // the writer's and EnsureTopics's connections
	dialer *kafka.Dialer
	closed context.Context // done after Close
	close  context.CancelFunc
	mu     sync.Mutex     // orders wg.Add in Consume before wg.Wait in Close
	wg     sync.WaitGroup // running Consume calls
}

var (
	_ Publisher = (*Kafka)(nil)
	_ Consumer  = (*Kafka)(nil)
)

// NewKafka validates cfg and returns a Kafka bus. It does not contact the brokers. reg may
// be nil (no metrics registered); log may be nil (nothing logged). The caller closes it.
func NewKafka(cfg KafkaConfig, reg prometheus.Registerer, log *slog.Logger) (*Kafka, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	k := &Kafka{
		cfg: cfg, met: newMetrics(reg), log: log, closed: ctx, close: cancel,
		dialer: &kafka.Dialer{ClientID: cfg.ClientID, Timeout: 10 * time.Second, DualStack: true},
	}
	k.tr = &kafka.Transport{ClientID: cfg.ClientID, Dial: k.dialer.DialFunc}
	k.w = &kafka.Writer{
		Addr:         kafka.TCP(cfg.Brokers...),
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		BatchSize:    cfg.WriteBatchSize,
		BatchTimeout: cfg.WriteBatchTimeout,
		WriteTimeout: cfg.WriteTimeout,
		MaxAttempts:  3,
		Transport:    k.tr,
		Logger:       kafkaLogger(log, slog.LevelDebug),
		ErrorLogger:  kafkaLogger(log, slog.LevelWarn),
	}
	return k, nil
}

// Close stops every running Consume (they return ErrClosed), waits for them to leave
// their groups, then closes the producer. Publish after Close fails.
func (k *Kafka) Close() error {
	k.mu.Lock()
	k.close()
	k.mu.Unlock()
	k.wg.Wait()
	err := k.w.Close()
	k.tr.CloseIdleConnections()
	if err != nil {
		return fmt.Errorf("closing kafka writer: %w", err)
	}
	return nil
}

// Publish writes msgs to topic and blocks until all in-sync replicas acknowledged them.
// Messages with the same key go to the same partition (hash of the key). On failure the
// error says how many messages were not written and why (a kafka.WriteErrors inside);
// messages that were written stay written, so callers retry the whole batch and rely on
// deterministic ids. The topic must exist (see EnsureTopics).
func (k *Kafka) Publish(ctx context.Context, topic string, msgs ...Message) error {
	if err := checkPublish(ctx, topic, k.closed); err != nil || len(msgs) == 0 {
		return err
	}
	km := make([]kafka.Message, len(msgs))
	for i, m := range msgs {
		km[i] = kafka.Message{Topic: topic, Key: m.Key, Value: m.Value}
	}
	if err := k.w.WriteMessages(ctx, km...); err != nil {
		return writeError(topic, len(msgs), err)
	}
	k.met.published.WithLabelValues(topic).Add(float64(len(msgs)))
	return nil
}

// writeError describes a failed write, counting the per-message errors.
func writeError(topic string, n int, err error) error {
	var werr kafka.WriteErrors
	if !errors.As(err, &werr) {
		return fmt.Errorf("publishing %d messages to %s: %w", n, topic, err)
	}
	var first error
	for _, e := range werr {
		if e != nil {
			first = e
			break
		}
	}
	return fmt.Errorf("publishing to %s: %d of %d messages failed, first: %v: %w",
		topic, werr.Count(), n, first, err)
}

// EnsureTopics creates the named topics, or TopicMentions, TopicEnriched and
// TopicDeadLetters when none are named, with the given partitions and replication factor.
// Topics that already exist are left as they are (their partition count is not checked).
func (k *Kafka) EnsureTopics(ctx context.Context, partitions, replication int, topics ...string) error {
	if len(topics) == 0 {
		topics = []string{TopicMentions, TopicEnriched, TopicDeadLetters}
	}
	req := &kafka.CreateTopicsRequest{}
	for _, t := range topics {
		req.Topics = append(req.Topics, kafka.TopicConfig{
			Topic: t, NumPartitions: partitions, ReplicationFactor: replication,
		})
	}
	c := &kafka.Client{Addr: kafka.TCP(k.cfg.Brokers...), Timeout: k.cfg.WriteTimeout,
		Transport: k.tr}
	resp, err := c.CreateTopics(ctx, req)
	if err != nil {
		return fmt.Errorf("creating topics: %w", err)
	}
	for t, err := range resp.Errors {
		if err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
			return fmt.Errorf("creating topic %s: %w", t, err)
		}
	}
	return nil
}

// kafkaLogger forwards kafka-go's printf logging to log at level.
func kafkaLogger(log *slog.Logger, level slog.Level) kafka.LoggerFunc {
	return func(format string, args ...any) {
		if log.Enabled(context.Background(), level) {
			log.Log(context.Background(), level, "kafka-go: "+fmt.Sprintf(format, args...))
		}
	}
}
