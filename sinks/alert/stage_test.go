package alert

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// TestStageStoresAndQueuesBeforeAck: once the in-process bus reports a batch
// acknowledged, its alert is in lingting.alerts and in the outbox, and an undecodable
// message went to the dead letters.
func TestStageStoresAndQueuesBeforeAck(t *testing.T) {
	conn := chtest.Migrated(t)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	eng, err := NewEngine(Config{}, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ob, err := OpenOutbox(dir, []string{"webhook"})
	if err != nil {
		t.Fatal(err)
	}
	st := NewStage(eng, NewStore(conn), ob, nil)
	if err := st.Start(ctx); err != nil {
		t.Fatal(err)
	}
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	defer b.Close()
	b.Subscribe(bus.TopicEnriched, "alert")
	b.Subscribe(bus.TopicDeadLetters, "test")
	done := make(chan error, 2)
	go func() { done <- b.Consume(ctx, bus.TopicEnriched, "alert", st.Handler()) }()
	dead := make(chan string, 1)
	go func() {
		done <- b.Consume(ctx, bus.TopicDeadLetters, "test", func(_ context.Context, batch []bus.Message) error {
			for _, m := range batch {
				if dl, err := event.Decode[event.DeadLetter](m.Value); err == nil {
					dead <- dl.Stage
				}
			}
			return nil
		})
	}()
	m := event.Mention{ID: "weibo:stage-test", Platform: event.Weibo, Kind: event.Post, CreatedAt: time.Now().UTC(),
		Brands: []string{"stage-test"}, Text: "太恶心了", URL: "https://weibo.com/x/stage-test",
		Author:    event.Account{Followers: 3_000_000},
		Sentiment: event.Sentiment{Label: event.Negative, Score: -0.9}}
	v, err := event.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Publish(ctx, bus.TopicEnriched, bus.Message{Value: v}, bus.Message{Value: []byte("not json")}); err != nil {
		t.Fatal(err)
	}
	var n uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM lingting.alerts FINAL WHERE trigger_id = 'weibo:stage-test'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("stored alerts %d, %v", n, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "webhook", "*.json"))
	if len(files) != 1 {
		t.Fatalf("outbox holds %d files, want 1", len(files))
	}
	if b, _ := os.ReadFile(files[0]); len(b) == 0 {
		t.Fatal("empty outbox file")
	}
	if got := <-dead; got != "alert" {
		t.Errorf("dead letter from stage %q, want alert", got)
	}
	stop()
	<-done
	<-done
}
