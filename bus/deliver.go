package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/lingting/lingting/event"
)

// batching holds the consumer-side settings both implementations share.
type batching struct {
	size       int
	wait       time.Duration
	backoffMin time.Duration
	backoffMax time.Duration
}

// deliverer runs a handler on a batch until the batch is acknowledged. It is the one place
// where a handler's result is interpreted, for Memory and Kafka alike.
type deliverer struct {
	topic, group string
	h            Handler
	dead         Publisher // where dead letters go
	cfg          batching
	met          *metrics
	log          *slog.Logger
	now          func() time.Time
}

// deliver calls the handler with batch until it acknowledges it (nil, or *Rejected whose
// dead letters were published), waiting an exponential back-off between attempts. It
// returns nil once the batch is acknowledged, ctx.Err() if ctx ended first (nothing of the
// batch acknowledged), or an error the handler cannot recover from (a *Rejected naming a
// position outside the batch).
func (d *deliverer) deliver(ctx context.Context, batch []Message) error {
	d.met.consumed.WithLabelValues(d.topic, d.group).Add(float64(len(batch)))
	wait := d.cfg.backoffMin
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			d.met.redelivered.WithLabelValues(d.topic, d.group).Add(float64(len(batch)))
		}
		acked, err := d.attempt(ctx, batch)
		if err != nil || acked {
			return err
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, d.cfg.backoffMax)
	}
}

// attempt runs the handler once and reports whether the batch is acknowledged.
func (d *deliverer) attempt(ctx context.Context, batch []Message) (bool, error) {
	start := time.Now()
	err := d.h(ctx, batch)
	d.met.batchSize.WithLabelValues(d.topic, d.group).Observe(float64(len(batch)))
	d.met.duration.WithLabelValues(d.topic, d.group).Observe(time.Since(start).Seconds())
	if err == nil {
		d.met.acked.WithLabelValues(d.topic, d.group).Add(float64(len(batch)))
		return true, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	var rej *Rejected
	if !errors.As(err, &rej) {
		d.log.Warn("handler failed; batch will be redelivered", "topic", d.topic,
			"group", d.group, "messages", len(batch), "err", err)
		return false, nil
	}
	if err := d.deadLetter(ctx, batch, rej); err != nil {
		if errors.Is(err, errBadRejection) {
			return false, err
		}
		d.log.Warn("publishing dead letters failed; batch will be redelivered", "topic", d.topic,
			"group", d.group, "messages", len(batch), "err", err)
		return false, nil
	}
	d.met.rejected.WithLabelValues(d.topic, d.group).Add(float64(len(rej.Items)))
	d.met.acked.WithLabelValues(d.topic, d.group).Add(float64(len(batch)))
	return true, nil
}

var errBadRejection = errors.New("handler rejected a position outside its batch")

// deadLetter publishes one event.DeadLetter per rejected message. Rejections of messages
// that are themselves on TopicDeadLetters are logged and counted but not published again:
// a stage that cannot store a dead letter would otherwise feed itself forever.
func (d *deliverer) deadLetter(ctx context.Context, batch []Message, rej *Rejected) error {
	msgs := make([]Message, 0, len(rej.Items))
	for _, it := range rej.Items {
		if it.Index < 0 || it.Index >= len(batch) {
			return fmt.Errorf("topic %s group %s: index %d of %d: %w", d.topic, d.group,
				it.Index, len(batch), errBadRejection)
		}
		m := batch[it.Index]
		if d.topic == TopicDeadLetters {
			d.log.Error("dropping a rejected dead letter", "group", d.group,
				"partition", m.Partition, "offset", m.Offset, "reason", it.Reason)
			continue
		}
		dl := event.DeadLetter{
			ID:    DeadLetterID(d.group, d.topic, m.Partition, m.Offset),
			Stage: d.group, Source: d.topic, Reason: it.Reason,
			Payload: m.Value, At: d.now().UTC(),
		}
		b, err := event.Encode(dl)
		if err != nil {
			return fmt.Errorf("encoding dead letter: %w", err)
		}
		msgs = append(msgs, Message{Topic: TopicDeadLetters, Key: []byte(dl.ID), Value: b})
	}
	if len(msgs) == 0 {
		return nil
	}
	if err := d.dead.Publish(ctx, TopicDeadLetters, msgs...); err != nil {
		return fmt.Errorf("publishing %d dead letters: %w", len(msgs), err)
	}
	return nil
}

// DeadLetterID is the deterministic id of the dead letter for the message at partition
// and offset of topic rejected by group: "dl:<group>:<topic>:<partition>:<offset>". A
// batch rejected again after a redelivery yields the same ids, so the dead-letter table
// can deduplicate.
func DeadLetterID(group, topic string, partition int, offset int64) string {
	return fmt.Sprintf("dl:%s:%s:%d:%d", group, topic, partition, offset)
}

// sleep waits d or until ctx ends, and then returns ctx.Err().
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
