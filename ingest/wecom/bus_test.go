package wecom

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// received keeps every message acknowledged per topic.
type received struct {
	mu   sync.Mutex
	msgs map[string][]bus.Message
}

func (r *received) handler(topic string) bus.Handler {
	return func(_ context.Context, batch []bus.Message) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, m := range batch {
			r.msgs[topic] = append(r.msgs[topic], bus.Message{Key: append([]byte(nil), m.Key...), Value: append([]byte(nil), m.Value...)})
		}
		return nil
	}
}

func (r *received) count(topic string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs[topic])
}

// mentions decodes the mentions received, failing on a duplicate id.
func (r *received) mentions(t *testing.T) []event.Mention {
	r.mu.Lock()
	defer r.mu.Unlock()
	seen := map[string]bool{}
	var out []event.Mention
	for _, m := range r.msgs[bus.TopicMentions] {
		v, err := event.Decode[event.Mention](m.Value)
		if err != nil {
			t.Fatal(err)
		}
		if seen[v.ID] {
			t.Errorf("mention %s delivered twice", v.ID)
		}
		seen[v.ID] = true
		out = append(out, v)
	}
	return out
}

func memoryBus(t *testing.T) (*bus.Memory, *received) {
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	r := &received{msgs: map[string][]bus.Message{}}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, topic := range []string{bus.TopicMentions, bus.TopicDeadLetters} {
		b.Subscribe(topic, "test")
		wg.Go(func() { b.Consume(ctx, topic, "test", r.handler(topic)) })
	}
	t.Cleanup(func() { cancel(); wg.Wait(); b.Close() })
	return b, r
}

func fastRunner() ingest.RunnerConfig {
	return ingest.RunnerConfig{IdleWait: time.Millisecond, Backoff: ingest.BackoffConfig{Initial: time.Millisecond, Max: 2 * time.Millisecond}}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatal("gave up waiting")
		}
		time.Sleep(time.Millisecond)
	}
}
