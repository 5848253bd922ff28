package clickhouse_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

func encode[T event.Record](t *testing.T, v T) []byte {
	t.Helper()
	b, err := event.Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMentionsHandlerRejectsMalformedAndStoresTheRest(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	h := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil).MentionsHandler()
	ms := mentions(t.Name(), 3, "brand-"+t.Name())
	outOfRange := ms[2]
	outOfRange.Sentiment.Score = 3
	batch := []bus.Message{
		{Topic: bus.TopicEnriched, Value: encode(t, ms[0])},
		{Topic: bus.TopicEnriched, Value: []byte("{not json")},
		{Topic: bus.TopicEnriched, Value: encode(t, ms[1])},
		{Topic: bus.TopicEnriched, Value: []byte(`{"id":"weibo:1","text":"no schema"}`)},
		{Topic: bus.TopicEnriched, Value: encode(t, outOfRange)},
	}

	err := h(ctx, batch)
	var rej *bus.Rejected
	if !errors.As(err, &rej) {
		t.Fatalf("handler returned %v, want *bus.Rejected", err)
	}
	wantIdx := []int{1, 3, 4}
	if len(rej.Items) != len(wantIdx) {
		t.Fatalf("rejected %+v, want indexes %v", rej.Items, wantIdx)
	}
	for i, it := range rej.Items {
		if it.Index != wantIdx[i] || it.Reason == "" {
			t.Errorf("rejection %d = %+v, want index %d with a reason", i, it, wantIdx[i])
		}
	}
	if !strings.Contains(rej.Items[2].Reason, "sentiment score") {
		t.Errorf("reason %q does not name the sentiment score", rej.Items[2].Reason)
	}
	for _, m := range ms[:2] {
		if n := queryUint64(t, conn, "SELECT count() FROM lingting.mentions FINAL WHERE id = ?", m.ID); n != 1 {
			t.Errorf("mention %s stored %d times, want once", m.ID, n)
		}
		if n := queryUint64(t, conn, "SELECT count() FROM lingting.accounts FINAL WHERE id = ?", m.Author.ID); n != 1 {
			t.Errorf("account %s stored %d times, want once", m.Author.ID, n)
		}
	}
	if n := queryUint64(t, conn, "SELECT count() FROM lingting.mentions WHERE id = ?", ms[2].ID); n != 0 {
		t.Errorf("out-of-range mention stored")
	}
}

func TestMentionsHandlerAcksAllGoodBatch(t *testing.T) {
	h := clickhouse.NewWriter(chtest.Migrated(t), clickhouse.WriterConfig{}, nil, nil).MentionsHandler()
	var batch []bus.Message
	for _, m := range mentions(t.Name(), 3, "x") {
		batch = append(batch, bus.Message{Value: encode(t, m)})
	}
	if err := h(context.Background(), batch); err != nil {
		t.Fatalf("handler = %v, want nil", err)
	}
}

func TestDeadLettersHandlerStoresUndecodableAsItsOwn(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	h := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil).DeadLettersHandler()
	good := event.DeadLetter{ID: "enrich:" + t.Name(), Stage: "enrich", Source: bus.TopicMentions,
		Reason: "bad", Payload: []byte("x"), At: time.Now().UTC()}
	garbage := []byte("garbage " + t.Name())
	batch := []bus.Message{
		{Topic: bus.TopicDeadLetters, Value: encode(t, good)},
		{Topic: bus.TopicDeadLetters, Value: garbage},
	}
	for range 2 { // the second delivery is a replay
		if err := h(ctx, batch); err != nil {
			t.Fatalf("handler = %v, want nil", err)
		}
	}
	if n := queryUint64(t, conn, "SELECT count() FROM lingting.dead_letters FINAL WHERE id = ?", good.ID); n != 1 {
		t.Errorf("dead letter stored %d times, want once", n)
	}
	var stage, source, reason string
	err := conn.QueryRow(ctx, "SELECT stage, source, reason FROM lingting.dead_letters FINAL WHERE payload = ?",
		string(garbage)).Scan(&stage, &source, &reason)
	if err != nil {
		t.Fatalf("undecodable dead letter not stored: %v", err)
	}
	if stage != "sink" || source != bus.TopicDeadLetters || !strings.Contains(reason, "undecodable") {
		t.Errorf("undecodable dead letter stored as stage %q, source %q, reason %q", stage, source, reason)
	}
	if n := queryUint64(t, conn, "SELECT count() FROM lingting.dead_letters FINAL WHERE payload = ?", string(garbage)); n != 1 {
		t.Errorf("undecodable dead letter stored %d times after a replay, want once", n)
	}
}
