package enrich

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// recorder is a bus.Publisher that keeps what it is given, or fails with err.
type recorder struct {
	mu   sync.Mutex
	err  error
	msgs []bus.Message
}

func (r *recorder) Publish(_ context.Context, topic string, msgs ...bus.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	for _, m := range msgs {
		m.Topic = topic
		r.msgs = append(r.msgs, m)
	}
	return nil
}

func encoded(t *testing.T, m event.Mention) []byte {
	t.Helper()
	b, err := event.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHandler(t *testing.T) {
	p := newPipeline(t, nil)
	good1, good2 := mention("小米的服务真不错"), mention("华为太差了")
	good2.ID, good2.NativeID = event.ID(event.Weibo, "2"), "2"
	noID := mention("没有 id")
	noID.ID = ""
	batch := []bus.Message{
		{Value: encoded(t, good1)},
		{Value: []byte("{not json")},
		{Value: []byte(`{"id":"weibo:3","text":"no schema"}`)},
		{Value: encoded(t, noID)},
		{Value: encoded(t, good2)},
	}
	rec := &recorder{}
	err := p.Handler(rec)(context.Background(), batch)

	var rej *bus.Rejected
	if !errors.As(err, &rej) {
		t.Fatalf("handler returned %v, want *bus.Rejected", err)
	}
	var idx []int
	for _, it := range rej.Items {
		idx = append(idx, it.Index)
		if it.Reason == "" {
			t.Errorf("rejection %d has no reason", it.Index)
		}
	}
	if len(idx) != 3 || idx[0] != 1 || idx[1] != 2 || idx[2] != 3 {
		t.Errorf("rejected indexes %v, want [1 2 3]", idx)
	}
	if len(rec.msgs) != 2 {
		t.Fatalf("published %d messages, want 2", len(rec.msgs))
	}
	for i, want := range []event.Mention{good1, good2} {
		msg := rec.msgs[i]
		if msg.Topic != bus.TopicEnriched || string(msg.Key) != want.ID {
			t.Errorf("message %d: topic %q key %q, want %q %q", i, msg.Topic, msg.Key, bus.TopicEnriched, want.ID)
		}
		got, err := event.Decode[event.Mention](msg.Value)
		if err != nil {
			t.Fatal(err)
		}
		p.Enrich(&want)
		if string(encoded(t, got)) != string(encoded(t, want)) {
			t.Errorf("message %d is not the enriched mention:\n%s", i, msg.Value)
		}
	}
	if got := rec.msgs[1]; got.Value == nil {
		t.Error("empty value")
	}
}

func TestHandlerAllGoodReturnsNil(t *testing.T) {
	p := newPipeline(t, nil)
	rec := &recorder{}
	if err := p.Handler(rec)(context.Background(), []bus.Message{{Value: encoded(t, mention("好"))}}); err != nil {
		t.Errorf("handler = %v, want nil", err)
	}
	if err := p.Handler(rec)(context.Background(), nil); err != nil {
		t.Errorf("handler(empty batch) = %v, want nil", err)
	}
}

func TestHandlerPublishErrorIsNotAck(t *testing.T) {
	p := newPipeline(t, nil)
	boom := errors.New("broker down")
	err := p.Handler(&recorder{err: boom})(context.Background(), []bus.Message{{Value: encoded(t, mention("好"))}, {Value: []byte("x")}})
	var rej *bus.Rejected
	if !errors.Is(err, boom) || errors.As(err, &rej) {
		t.Errorf("handler = %v, want the publish error (not a rejection)", err)
	}
}

// TestHandlerOverMemoryBus runs the stage between the in-process bus's mentions topic and
// its enriched and dead-letter topics: everything good comes out enriched, the malformed
// message comes out as a dead letter with its reason.
func TestHandlerOverMemoryBus(t *testing.T) {
	p := newPipeline(t, nil)
	mem := bus.NewMemory(bus.MemoryConfig{Partitions: 2, BatchWait: time.Millisecond}, nil, nil)
	defer mem.Close()
	for topic, group := range map[string]string{bus.TopicMentions: "enrich", bus.TopicEnriched: "sink", bus.TopicDeadLetters: "dead"} {
		mem.Subscribe(topic, group)
	}
	var mu sync.Mutex
	var enriched []event.Mention
	var dead []event.DeadLetter
	collect := func(_ context.Context, batch []bus.Message) error {
		mu.Lock()
		defer mu.Unlock()
		for _, msg := range batch {
			if m, err := event.Decode[event.Mention](msg.Value); err == nil && msg.Topic != bus.TopicDeadLetters {
				enriched = append(enriched, m)
			} else if d, err := event.Decode[event.DeadLetter](msg.Value); err == nil {
				dead = append(dead, d)
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	consume := func(topic, group string, h bus.Handler) {
		wg.Go(func() {
			if err := mem.Consume(ctx, topic, group, h); err != nil {
				t.Errorf("consuming %s: %v", topic, err)
			}
		})
	}
	consume(bus.TopicMentions, "enrich", p.Handler(mem))
	consume(bus.TopicEnriched, "sink", collect)
	consume(bus.TopicDeadLetters, "dead", collect)

	var msgs []bus.Message
	for i, text := range []string{"小米手机很好用", "华为售后太差", "一般般"} {
		m := mention(text)
		m.NativeID = fmt.Sprint(i)
		m.ID = event.ID(event.Weibo, m.NativeID)
		msgs = append(msgs, bus.Message{Key: []byte(m.ID), Value: encoded(t, m)})
	}
	msgs = append(msgs, bus.Message{Key: []byte("bad"), Value: []byte("{broken")})
	// Publish returns once the enrich group acknowledged, which is after the enriched
	// batch and the dead letter were acknowledged downstream.
	if err := mem.Publish(ctx, bus.TopicMentions, msgs...); err != nil {
		t.Fatal(err)
	}
	cancel()
	wg.Wait()

	if len(enriched) != 3 || len(dead) != 1 {
		t.Fatalf("got %d enriched and %d dead letters, want 3 and 1", len(enriched), len(dead))
	}
	for _, m := range enriched {
		if m.Lang != LangZh || m.Sentiment.Label == "" || len(m.Tokens) == 0 {
			t.Errorf("mention %s not enriched: %+v", m.ID, m)
		}
	}
	if dead[0].Reason == "" || string(dead[0].Payload) != "{broken" {
		t.Errorf("dead letter = %+v, want the payload and a reason", dead[0])
	}
}
