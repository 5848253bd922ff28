package enrich

import (
	"context"
	"errors"
	"sync"
	"testing"

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
