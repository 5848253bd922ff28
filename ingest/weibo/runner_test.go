package weibo

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// sink is a consumer-group member counting every mention key it acknowledged.
type sink struct {
	mu   sync.Mutex
	keys map[string]int
	n    int
}

func (s *sink) handle(_ context.Context, batch []bus.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range batch {
		s.keys[string(m.Key)]++
		s.n++
	}
	return nil
}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// pipeline is the in-process bus with one consumer group on mentions.
func pipeline(t *testing.T) (*bus.Memory, *sink) {
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	s := &sink{keys: map[string]int{}}
	b.Subscribe(bus.TopicMentions, "test")
	b.Subscribe(bus.TopicDeadLetters, "test")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { b.Consume(ctx, bus.TopicMentions, "test", s.handle) })
	wg.Go(func() {
		b.Consume(ctx, bus.TopicDeadLetters, "test", func(context.Context, []bus.Message) error { return nil })
	})
	t.Cleanup(func() { cancel(); wg.Wait(); b.Close() })
	return b, s
}

func runnerConfig() ingest.RunnerConfig {
	return ingest.RunnerConfig{IdleWait: time.Millisecond, Backoff: ingest.BackoffConfig{Initial: time.Millisecond, Max: 2 * time.Millisecond}}
}

// waitFor polls cond until it holds (the test's own deadline bounds it).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestRunnerRestartMidPage stops the collector while its second page is being fetched (a
// crash: the page is never acknowledged), starts a new collector on the same checkpoint
// file, and checks that every status arrives exactly once.
func TestRunnerRestartMidPage(t *testing.T) {
	b, got := pipeline(t)
	cp, err := ingest.NewFileCheckpoints(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := newFake(t)
	f.load("timeline:"+brandUID, "user_timeline_1404376560.json")
	cfg := Config{Accounts: []string{brandUID}, FirstPages: 10}

	ctx, crash := context.WithCancel(t.Context())
	f.onPage = func(n int) {
		if n == 2 {
			crash()
		}
	}
	s1 := newTestSource(t, f, cfg)
	if err := ingest.NewRunner(s1, ingest.Parsers{event.Weibo: Parse}, b, cp, runnerConfig(), nil, nil).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := got.count(); n != 3 {
		t.Fatalf("before the crash %d mentions, want the first page's 3", n)
	}
	f.onPage = nil
	s2 := newTestSource(t, f, cfg)
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- ingest.NewRunner(s2, ingest.Parsers{event.Weibo: Parse}, b, cp, runnerConfig(), nil, nil).Run(ctx)
	}()
	waitFor(t, "8 mentions", func() bool { return got.count() >= 8 })
	waitFor(t, "the round's checkpoint", func() bool {
		c, _ := cp.Load(t.Context(), DefaultName)
		return c != "" && !mustCursor(t, c).InRound
	})
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for k, n := range got.keys {
		if n != 1 {
			t.Errorf("mention %s delivered %d times", k, n)
		}
	}
	if len(got.keys) != 8 { // 7 statuses and the original quoted by the repost
		t.Errorf("%d distinct mentions, want 8", len(got.keys))
	}
	if q := f.requests[2].URL.Query(); q.Get("max_id") != "4990000000000004" {
		t.Errorf("after the restart the collector asked %v, want max_id 4990000000000004", q)
	}
}

func mustCursor(t *testing.T, s string) *cursor {
	c, err := decodeCursor(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRunnerExpiredToken: the Runner stops with ErrPermanent after one request, no loop.
func TestRunnerExpiredToken(t *testing.T) {
	b, _ := pipeline(t)
	f := newFake(t)
	f.fail("/2/statuses/user_timeline.json", 403, "error_21327.json")
	s := newTestSource(t, f, Config{Accounts: []string{brandUID}})
	err := ingest.NewRunner(s, ingest.Parsers{event.Weibo: Parse}, b, &ingest.MemoryCheckpoints{}, runnerConfig(), nil, nil).Run(t.Context())
	if !errors.Is(err, ingest.ErrPermanent) {
		t.Fatalf("Run = %v, want ErrPermanent", err)
	}
	if n := f.requestCount(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}
