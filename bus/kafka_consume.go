package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"
)

// commitTimeout bounds the commit of an acknowledged batch, which runs even when the
// consumer is stopping.
const commitTimeout = 10 * time.Second

// Consume joins group and hands batches of topic to h until ctx ends (it returns nil) or
// the bus is closed (ErrClosed). Each batch is up to BatchSize messages, gathered for at
// most BatchWait after its first message.
//
// After h acknowledges a batch, Consume commits, per partition, the offset after the
// batch's last message; batches are handled one at a time, so nothing before that offset
// is unacknowledged. When h fails, Consume keeps the batch, waits a back-off and hands the
// same messages to h again: no new messages are fetched meanwhile, so nothing past the
// failed batch is committed, and the reader stays in its group (no rebalance per failure,
// as closing and reopening the reader would cause). If the group rebalances meanwhile, the
// new owner of a partition re-reads from the last committed offset: the batch may then be
// processed twice, never lost. A failed commit is logged and not retried; the messages come
// again after the next rebalance or restart.
//
// Consume returns an error when the group cannot be read (kafka-go gives up) or when h
// rejects a position outside its batch.
func (k *Kafka) Consume(ctx context.Context, topic, group string, h Handler) error {
	if topic == "" || group == "" {
		return errors.New("consuming: topic and group must be set")
	}
	if !k.enter() {
		return ErrClosed
	}
	defer k.wg.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(k.closed, cancel)
	defer stop()

	r := kafka.NewReader(k.readerConfig(topic, group))
	defer r.Close()
	c := &kafkaConsumer{k: k, r: r, topic: topic, group: group, committed: map[int]int64{}, d: &deliverer{
		topic: topic, group: group, h: h, dead: k, cfg: k.cfg.batching(),
		met: k.met, log: k.log, now: time.Now,
	}}
	err := c.run(ctx)
	switch {
	case k.closed.Err() != nil:
		return ErrClosed
	case ctx.Err() != nil:
		return nil
	}
	return fmt.Errorf("consuming %s as %s: %w", topic, group, err)
}

// enter counts a Consume call in, unless the bus is closed.
func (k *Kafka) enter() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed.Err() != nil {
		return false
	}
	k.wg.Add(1)
	return true
}

func (k *Kafka) readerConfig(topic, group string) kafka.ReaderConfig {
	c := k.cfg
	return kafka.ReaderConfig{
		Brokers: c.Brokers, GroupID: group, Topic: topic, Dialer: k.dialer,
		// The read-ahead queue and the batch at the handler together hold at most
		// MaxInFlight fetched, uncommitted messages.
		QueueCapacity: max(c.MaxInFlight-c.BatchSize, 1),
		MinBytes:      1, MaxBytes: c.MaxBytes, MaxWait: c.MaxWait,
		HeartbeatInterval: c.HeartbeatInterval, SessionTimeout: c.SessionTimeout,
		RebalanceTimeout: c.RebalanceTimeout, JoinGroupBackoff: c.JoinGroupBackoff,
		ReadBackoffMin: c.ReadBackoffMin, ReadBackoffMax: c.ReadBackoffMax,
		CommitInterval: 0, // synchronous commits
		StartOffset:    kafka.FirstOffset,
		Logger:         kafkaLogger(k.log, slog.LevelDebug),
		ErrorLogger:    kafkaLogger(k.log, slog.LevelWarn),
	}
}

// kafkaConsumer is one running Consume call.
type kafkaConsumer struct {
	k            *Kafka
	r            *kafka.Reader
	topic, group string
	d            *deliverer
	committed    map[int]int64 // per partition: offset last committed, or first fetched
}

// run fetches, delivers and commits batches until an error or the end of ctx.
func (c *kafkaConsumer) run(ctx context.Context) error {
	for {
		km, err := c.fetch(ctx)
		if err != nil {
			return err
		}
		c.observe(km)
		batch := make([]Message, len(km))
		for i, m := range km {
			batch[i] = Message{Topic: m.Topic, Key: m.Key, Value: m.Value,
				Partition: m.Partition, Offset: m.Offset}
		}
		if err := c.d.deliver(ctx, batch); err != nil {
			return err
		}
		c.commit(ctx, km)
	}
}

// fetch waits for a first message, then gathers more until BatchSize or BatchWait.
func (c *kafkaConsumer) fetch(ctx context.Context) ([]kafka.Message, error) {
	m, err := c.r.FetchMessage(ctx)
	if err != nil {
		return nil, fmt.Errorf("fetching: %w", err)
	}
	batch := []kafka.Message{m}
	wctx, cancel := context.WithTimeout(ctx, c.k.cfg.BatchWait)
	defer cancel()
	for len(batch) < c.k.cfg.BatchSize {
		m, err := c.r.FetchMessage(wctx)
		if err != nil {
			if ctx.Err() == nil && wctx.Err() != nil {
				break // the batch waited long enough
			}
			return nil, fmt.Errorf("fetching: %w", err)
		}
		batch = append(batch, m)
	}
	return batch, nil
}

// commit commits the acknowledged batch, even if ctx just ended, and records offsets.
func (c *kafkaConsumer) commit(ctx context.Context, batch []kafka.Message) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	if err := c.r.CommitMessages(cctx, batch...); err != nil {
		c.k.log.Warn("committing offsets failed; messages may be delivered again",
			"topic", c.topic, "group", c.group, "err", err)
		return
	}
	for p, m := range lastPerPartition(batch) {
		c.committed[p] = m.Offset + 1
		c.k.met.setOffsets(c.topic, c.group, p, m.Offset+1, m.HighWaterMark)
	}
}

// observe updates the lag gauges from a fetched batch's high-water marks, so lag shows
// messages piling up while a batch is being handled.
func (c *kafkaConsumer) observe(batch []kafka.Message) {
	for _, m := range batch {
		if _, ok := c.committed[m.Partition]; !ok {
			c.committed[m.Partition] = m.Offset // where this member started reading
		}
	}
	for p, m := range lastPerPartition(batch) {
		c.k.met.setOffsets(c.topic, c.group, p, c.committed[p], m.HighWaterMark)
	}
}

func lastPerPartition(batch []kafka.Message) map[int]kafka.Message {
	last := map[int]kafka.Message{}
	for _, m := range batch {
		if l, ok := last[m.Partition]; !ok || m.Offset > l.Offset {
			last[m.Partition] = m
		}
	}
	return last
}
