package bus

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Consume subscribes group to topic (see Subscribe) and hands batches to h until ctx ends
// (it returns nil) or the bus is closed (ErrClosed). Members of one group share the topic's
// partitions: a partition has at most one batch out in a group at a time, so messages of
// one key reach the group in order. A batch h fails on stays with this member and is
// retried after a back-off; when the member stops, its unacknowledged batch goes back to
// the group. Consume returns an error when h rejects a position outside its batch.
func (m *Memory) Consume(ctx context.Context, topic, group string, h Handler) error {
	if topic == "" || group == "" {
		return errors.New("consuming: topic and group must be set")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(m.closed, cancel)
	defer stop()

	t := m.topic(topic)
	g := t.subscribe(group)
	d := &deliverer{topic: topic, group: group, h: h, dead: m, cfg: m.cfg.batching(),
		met: m.met, log: m.log, now: time.Now}
	for {
		batch, leases, err := m.nextBatch(ctx, t, g)
		if err == nil {
			err = d.deliver(ctx, batch)
		}
		switch {
		case err == nil:
			t.ack(g, leases, func(p int, committed, end int64) {
				m.met.setOffsets(topic, group, p, committed, end)
			})
			continue
		case leases != nil:
			t.release(g, leases)
		}
		if m.closed.Err() != nil {
			return ErrClosed
		}
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("consuming %s as %s: %w", topic, group, err)
	}
}

// nextBatch waits until g can take BatchSize messages, or some messages and BatchWait has
// passed since they were first seen, and leases them.
func (m *Memory) nextBatch(ctx context.Context, t *memTopic, g *memGroup) ([]Message, []lease, error) {
	var timer *time.Timer
	var fired <-chan time.Time
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	expired := false
	for {
		t.mu.Lock()
		n := t.available(g)
		if n >= m.cfg.BatchSize || (n > 0 && expired) {
			batch, leases := t.take(g, m.cfg.BatchSize)
			t.mu.Unlock()
			return batch, leases, nil
		}
		wake := t.wake
		t.mu.Unlock()
		if n > 0 && timer == nil {
			timer = time.NewTimer(m.cfg.BatchWait)
			fired = timer.C
		}
		select {
		case <-wake:
		case <-fired:
			expired = true
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-m.closed.Done():
			return nil, nil, ErrClosed
		}
	}
}
