package replay_test

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
	"github.com/lingting/lingting/ingest/replay"
)

func parseAny(raw event.Raw) ([]event.Mention, error) {
	return []event.Mention{{ID: raw.ID, Platform: raw.Platform, Kind: raw.Kind, NativeID: raw.NativeID}}, nil
}

var anyParsers = ingest.Parsers{event.Weibo: parseAny, event.Douyin: parseAny, event.WeCom: parseAny}

// member consumes one topic of a Memory bus in group "test"; fail (optional) decides
// per handler call whether to refuse the batch.
type member struct {
	mu    sync.Mutex
	calls int
	keys  []string
	fail  func(call int) bool
}

func (m *member) handle(_ context.Context, batch []bus.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.fail != nil && m.fail(m.calls) {
		return errors.New("downstream unavailable")
	}
	for _, msg := range batch {
		m.keys = append(m.keys, string(msg.Key))
	}
	return nil
}

// runOnce replays cfg from the checkpoint in dir over a fresh Memory bus until ErrDone or
// until the mentions member refuses a batch (a crash: the Runner is stopped with the
// batch unacknowledged). It returns the mention and dead-letter keys acknowledged.
func runOnce(t *testing.T, cfg replay.Config, cp ingest.Checkpoints, failFrom int) (mentions, letters []string) {
	t.Helper()
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	defer b.Close()
	runCtx, crash := context.WithCancel(t.Context())
	defer crash()
	m := &member{fail: func(call int) bool {
		if failFrom > 0 && call >= failFrom {
			crash()
			return true
		}
		return false
	}}
	d := &member{}
	consumeCtx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for topic, mem := range map[string]*member{bus.TopicMentions: m, bus.TopicDeadLetters: d} {
		b.Subscribe(topic, "test")
		wg.Go(func() {
			if err := b.Consume(consumeCtx, topic, "test", mem.handle); err != nil {
				t.Errorf("Consume(%s): %v", topic, err)
			}
		})
	}
	src, err := replay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := ingest.NewRunner(src, anyParsers, b, cp, ingest.RunnerConfig{}, nil, nil).Run(runCtx); err != nil {
		t.Fatal(err)
	}
	stop()
	wg.Wait()
	return m.keys, d.keys
}

// TestReplayCrashAndResume: a run stopped while a batch waits for its acknowledgement
// resumes, in a new process state, from the last acknowledged batch: every envelope is
// delivered once, none is lost.
func TestReplayCrashAndResume(t *testing.T) {
	cfg := replay.Config{Name: "backfill", Paths: []string{"testdata/mixed.jsonl", "testdata/second.jsonl"}, BatchSize: 2}
	cp, err := ingest.NewFileCheckpoints(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// Batches of 2 lines: the mentions of the 4th batch are the 3rd mentions publish.
	m1, d1 := runOnce(t, cfg, cp, 3)
	saved, err := cp.Load(t.Context(), "backfill")
	if err != nil || saved == "" {
		t.Fatalf("checkpoint after the crash: %q, %v", saved, err)
	}
	m2, d2 := runOnce(t, cfg, cp, 0)
	all := append(m1, m2...)
	slices.Sort(all) // the bus keeps order per key only
	got := fmt.Sprint(all)
	want := fmt.Sprint([]string{"douyin:7301", "wecom:msg-0001", "weibo:4890123456789012", "weibo:4890123456789013", "weibo:4890123456789014"})
	if got != want {
		t.Errorf("mentions over both runs %s, want %s (first run %v, checkpoint %q)", got, want, m1, saved)
	}
	if len(d1)+len(d2) != 4 {
		t.Errorf("dead letters %v then %v, want 4 in all", d1, d2)
	}
	if end, _ := cp.Load(t.Context(), "backfill"); end != "2:0" {
		t.Errorf("final checkpoint %q, want 2:0", end)
	}
}
