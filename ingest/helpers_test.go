package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

var t0 = time.Date(2026, 5, 31, 9, 46, 55, 0, time.UTC)

// scriptSource serves fixed batches; the cursor is the index of the next batch.
type scriptSource struct {
	name    string
	batches []ingest.Batch
	endless bool                                // after the last batch: empty batches instead of ErrDone
	fail    func(call int, cursor string) error // optional: an error for this call
	calls   int
	cursors []string // cursor of every call
}

func (s *scriptSource) Name() string { return s.name }

func (s *scriptSource) Fetch(_ context.Context, cursor string) (ingest.Batch, error) {
	s.calls++
	s.cursors = append(s.cursors, cursor)
	if s.fail != nil {
		if err := s.fail(s.calls, cursor); err != nil {
			return ingest.Batch{}, err
		}
	}
	i := 0
	if cursor != "" {
		i, _ = strconv.Atoi(cursor)
	}
	if i >= len(s.batches) {
		if s.endless {
			return ingest.Batch{Next: cursor}, nil
		}
		return ingest.Batch{}, ingest.ErrDone
	}
	b := s.batches[i]
	b.Next = strconv.Itoa(i + 1)
	return b, nil
}

// recorder is a bus.Publisher that keeps what it acknowledged. failures are returned,
// one per call, before calls succeed.
type recorder struct {
	mu       sync.Mutex
	acked    map[string][]bus.Message
	failures []error
	always   error // when set, every call fails with it
	calls    int
}

func (p *recorder) Publish(_ context.Context, topic string, msgs ...bus.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.always != nil {
		return p.always
	}
	if len(p.failures) > 0 {
		err := p.failures[0]
		p.failures = p.failures[1:]
		return err
	}
	if p.acked == nil {
		p.acked = make(map[string][]bus.Message)
	}
	p.acked[topic] = append(p.acked[topic], msgs...)
	return nil
}

func (p *recorder) count(topic string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.acked[topic])
}

func (p *recorder) messages(topic string) []bus.Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]bus.Message(nil), p.acked[topic]...)
}

// watched is a real checkpoint store that also notes, at every Save, how many messages
// the publisher had acknowledged by then.
type watched struct {
	ingest.MemoryCheckpoints
	pub   *recorder
	saves []save
}

type save struct {
	cursor            string
	mentions, letters int
}

func (w *watched) Save(ctx context.Context, name, cursor string) error {
	w.saves = append(w.saves, save{cursor, w.pub.count(bus.TopicMentions), w.pub.count(bus.TopicDeadLetters)})
	return w.MemoryCheckpoints.Save(ctx, name, cursor)
}

// testPayload is the toy platform JSON parseTest understands.
type testPayload struct {
	Text  string `json:"text"`
	Quote string `json:"quote,omitempty"` // a quoted post: a second mention
	Panic bool   `json:"panic,omitempty"`
}

func parseTest(raw event.Raw) ([]event.Mention, error) {
	var p testPayload
	if err := json.Unmarshal(raw.Payload, &p); err != nil {
		return nil, err
	}
	if p.Panic {
		panic("parser bug")
	}
	if p.Text == "" {
		return nil, errors.New("text missing")
	}
	m := event.Mention{ID: raw.ID, Platform: raw.Platform, Kind: raw.Kind, NativeID: raw.NativeID, Text: p.Text, CreatedAt: t0}
	out := []event.Mention{m}
	if p.Quote != "" {
		q := m
		q.NativeID, q.ID, q.Kind, q.Text = p.Quote, event.ID(raw.Platform, p.Quote), event.Post, "quoted"
		out = append(out, q)
	}
	return out, nil
}

var testParsers = ingest.Parsers{event.Weibo: parseTest, event.WeCom: parseTest}

func raw(p event.Platform, id string, payload testPayload) event.Raw {
	b, _ := json.Marshal(payload)
	return event.NewRaw(p, event.Post, id, t0, b)
}

func rawBytes(p event.Platform, id, payload string) event.Raw {
	return event.NewRaw(p, event.Post, id, t0, []byte(payload))
}

// posts returns n valid weibo envelopes with ids from first on.
func posts(first, n int) []event.Raw {
	out := make([]event.Raw, n)
	for i := range out {
		out[i] = raw(event.Weibo, strconv.Itoa(first+i), testPayload{Text: "好用 👍"})
	}
	return out
}

func fastConfig() ingest.RunnerConfig {
	return ingest.RunnerConfig{IdleWait: time.Millisecond, Backoff: ingest.BackoffConfig{Initial: time.Millisecond, Max: 4 * time.Millisecond}}
}
