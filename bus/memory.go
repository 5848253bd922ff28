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
)

// ErrClosed is returned by Publish and Consume of a bus that was closed.
var ErrClosed = errors.New("bus is closed")

// Memory is the in-process bus of the embedded single-binary mode. It keeps messages in
// memory only: what is not acknowledged when the process ends is gone, which is why
// Publish returns only after every subscribed group acknowledged, so a collector saves its
// checkpoint only for data already stored downstream.
//
// Groups are remembered for the life of the Memory: a group whose members all stopped
// still holds up Publish until a member comes back (a restart in the same group resumes
// at the first unacknowledged message). Dead letters of a rejecting handler are published
// on the same Memory, so a group must consume TopicDeadLetters (or be declared with
// Subscribe) for rejections to be acknowledged. A handler must not Publish to the topic it
// consumes: that Publish would wait for its own acknowledgement.
//
// Memory starts no goroutines of its own; all its methods are safe for concurrent use.
type Memory struct {
	cfg    MemoryConfig
	met    *metrics
	log    *slog.Logger
	closed context.Context // done after Close
	close  context.CancelFunc

	mu     sync.Mutex
	topics map[string]*memTopic
}

var (
	_ Publisher = (*Memory)(nil)
	_ Consumer  = (*Memory)(nil)
)

// NewMemory returns an in-process bus. Fields of cfg that are zero (or invalid: call
// cfg.Validate first to report them) take their defaults. reg may be nil (no metrics
// registered); log may be nil (nothing logged).
func NewMemory(cfg MemoryConfig, reg prometheus.Registerer, log *slog.Logger) *Memory {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Memory{
		cfg: cfg.withDefaults(), met: newMetrics(reg), log: log,
		closed: ctx, close: cancel, topics: map[string]*memTopic{},
	}
}

// Close makes every blocked and later Publish and Consume return ErrClosed. Messages not
// yet acknowledged are dropped. Close is idempotent and always returns nil.
func (m *Memory) Close() error {
	m.close()
	return nil
}

func (m *Memory) topic(name string) *memTopic {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.topics[name]
	if !ok {
		t = newMemTopic(name, m.cfg.Partitions, m.cfg.MaxInFlight)
		m.topics[name] = t
	}
	return t
}

// Subscribe declares group as a consumer group of topic before any of its members calls
// Consume, so that Publish waits for it from then on and the group misses nothing
// published meanwhile. Consume subscribes on its own; a group subscribing to a topic that
// already has groups starts at the topic's end, the first group of a topic receives what
// was published before it. Wiring code calls Subscribe for every (topic, group) pair before
// starting publishers.
func (m *Memory) Subscribe(topic, group string) {
	m.topic(topic).subscribe(group)
}

// Publish appends msgs to topic and blocks until every group subscribed to topic has
// acknowledged all of them; with no group subscribed yet it waits for the first one. While
// the topic holds MaxInFlight unacknowledged messages, Publish blocks before appending
// more. It returns ctx.Err() (wrapped) when ctx ends first and ErrClosed when the bus is
// closed; messages appended by then may still be delivered. Key and Value are copied.
func (m *Memory) Publish(ctx context.Context, topic string, msgs ...Message) error {
	if err := checkPublish(ctx, topic, m.closed); err != nil || len(msgs) == 0 {
		return err
	}
	t := m.topic(topic)
	pw := &pubWait{left: len(msgs), done: make(chan struct{})}
	for i := 0; i < len(msgs); {
		t.mu.Lock()
		wake := t.wake
		t.mu.Unlock()
		n := t.append(msgs[i:], pw)
		i += n
		if n > 0 {
			continue
		}
		if err := m.wait(ctx, wake, nil); err != nil {
			return fmt.Errorf("publishing to %s: waiting for room: %w", topic, err)
		}
	}
	if err := m.wait(ctx, pw.done, nil); err != nil {
		return fmt.Errorf("publishing to %s: waiting for acknowledgement: %w", topic, err)
	}
	m.met.published.WithLabelValues(topic).Add(float64(len(msgs)))
	return nil
}

// wait blocks until ch or timer (may be nil) fires, ctx ends or the bus closes.
func (m *Memory) wait(ctx context.Context, ch <-chan struct{}, timer <-chan time.Time) error {
	select {
	case <-ch:
		return nil
	case <-timer:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-m.closed.Done():
		return ErrClosed
	}
}
