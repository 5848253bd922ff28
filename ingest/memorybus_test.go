package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// collector is a consumer-group member that keeps every message it acknowledged.
type collector struct {
	mu   sync.Mutex
	keys []string
}

func (c *collector) handle(_ context.Context, batch []bus.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range batch {
		c.keys = append(c.keys, string(m.Key))
	}
	return nil
}

func (c *collector) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.keys...)
}

// consume starts one member per (topic, collector) on b and returns a stop function that
// ends them and waits.
func consume(t testing.TB, b *bus.Memory, members map[string]*collector) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for topic, c := range members {
		b.Subscribe(topic, "test")
		wg.Go(func() {
			if err := b.Consume(ctx, topic, "test", c.handle); err != nil {
				t.Errorf("Consume(%s): %v", topic, err)
			}
		})
	}
	return func() { cancel(); wg.Wait() }
}

// TestRunnerOverMemoryBus runs the Runner against the real in-process bus: when Run
// returns, every mention and dead letter was acknowledged by a consumer group, and the
// checkpoint is the last batch's cursor.
func TestRunnerOverMemoryBus(t *testing.T) {
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	defer b.Close()
	mentions, letters := &collector{}, &collector{}
	stop := consume(t, b, map[string]*collector{bus.TopicMentions: mentions, bus.TopicDeadLetters: letters})
	defer stop()

	src := &scriptSource{name: "mem", batches: []ingest.Batch{
		{Raws: posts(0, 3)},
		{Raws: []event.Raw{raw(event.Weibo, "r", testPayload{Text: "转发", Quote: "q"}), raw(event.Douyin, "d", testPayload{Text: "x"})}},
		{Bad: []event.DeadLetter{{ID: "bad-1", Reason: "not json", Payload: []byte("{")}}},
	}}
	cp := &ingest.MemoryCheckpoints{}
	if err := ingest.NewRunner(src, testParsers, b, cp, fastConfig(), nil, nil).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := "[weibo:0 weibo:1 weibo:2 weibo:q weibo:r]"
	if got := mentions.got(); len(got) != 5 || sortedString(got) != want {
		t.Errorf("consumed mentions %v, want %v", got, want)
	}
	if got := letters.got(); sortedString(got) != "[bad-1 collect:mem:douyin:d]" {
		t.Errorf("consumed dead letters %v", got)
	}
	if c, _ := cp.Load(t.Context(), "mem"); c != "3" {
		t.Errorf("checkpoint %q, want 3", c)
	}
}

// TestRunnerStopsWhenBusCloses: a closed bus ends Run with bus.ErrClosed instead of
// retrying forever.
func TestRunnerStopsWhenBusCloses(t *testing.T) {
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	b.Close()
	src := &scriptSource{name: "mem", batches: []ingest.Batch{{Raws: posts(0, 1)}}}
	cp := &ingest.MemoryCheckpoints{}
	err := ingest.NewRunner(src, testParsers, b, cp, fastConfig(), nil, nil).Run(t.Context())
	if !errors.Is(err, bus.ErrClosed) {
		t.Fatalf("Run = %v, want bus.ErrClosed", err)
	}
	if c, _ := cp.Load(t.Context(), "mem"); c != "" {
		t.Fatalf("checkpoint %q saved without acknowledgement", c)
	}
}

func sortedString(s []string) string {
	s = append([]string(nil), s...)
	slices.Sort(s)
	return fmt.Sprint(s)
}
