package douyin

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// spoolBatch is the most records one Fetch reads from the spool.
const spoolBatch = 500

// SpoolSource is the ingest.Source that drains the webhook Spool: its cursor is the
// spool position (segment:offset) after the last record handed out, so the Runner's
// checkpoint-after-ack never skips a spooled webhook. Comment events (Config
// CommentEvents) become comment envelopes holding the event's content; other events are
// counted and skipped; records that do not decode become dead letters with their bytes.
// Segments before the checkpointed one are deleted. Fetch never blocks on I/O beyond
// reading local files; called from one goroutine at a time.
type SpoolSource struct {
	name     string
	spool    *Spool
	comments map[string]bool
	max      int // records per Fetch
	m        *metrics
	log      *slog.Logger
}

// NewSpoolSource returns the source draining spool, named name (the checkpoint key).
// commentEvents lists the webhook events whose content is a comment.
func NewSpoolSource(name string, spool *Spool, commentEvents []string, reg prometheus.Registerer, log *slog.Logger) *SpoolSource {
	ev := make(map[string]bool, len(commentEvents))
	for _, e := range commentEvents {
		ev[e] = true
	}
	return &SpoolSource{name: name, spool: spool, comments: ev, max: spoolBatch, m: newMetrics(reg), log: orDiscard(log)}
}

// Name implements ingest.Source.
func (s *SpoolSource) Name() string { return s.name }

// Fetch implements ingest.Source.
func (s *SpoolSource) Fetch(_ context.Context, cur string) (ingest.Batch, error) {
	if _, err := parsePos(cur); err != nil {
		return ingest.Batch{}, fmt.Errorf("%w: %w", ingest.ErrPermanent, err)
	}
	lines, next, err := s.spool.ReadFrom(cur, s.max)
	if err != nil {
		return ingest.Batch{}, fmt.Errorf("reading douyin spool: %w", err)
	}
	b := ingest.Batch{Next: next}
	if pos, err := parsePos(next); err == nil {
		s.m.position.WithLabelValues(s.name).Set(float64(pos.Seg))
	}
	for _, line := range lines {
		s.add(&b, line)
	}
	return b, nil
}

// add turns one spool line into an envelope, a dead letter or nothing.
func (s *SpoolSource) add(b *ingest.Batch, line SpoolLine) {
	if line.Err != nil {
		b.Bad = append(b.Bad, event.DeadLetter{Reason: "douyin spool line does not decode: " + line.Err.Error(), Payload: line.Raw})
		return
	}
	rec := line.Record
	var env envelope
	if err := json.Unmarshal(rec.Body, &env); err != nil {
		b.Bad = append(b.Bad, event.DeadLetter{Reason: "douyin webhook body is not JSON: " + err.Error(), Payload: rec.Body})
		return
	}
	if !s.comments[env.Event] {
		s.m.ignored.WithLabelValues(s.name, eventLabel(env.Event)).Inc()
		return
	}
	content := unquote(env.Content)
	var c struct {
		CommentID string `json:"comment_id"`
	}
	if err := json.Unmarshal(content, &c); err != nil || c.CommentID == "" {
		b.Bad = append(b.Bad, event.DeadLetter{Reason: fmt.Sprintf("douyin %s event without content.comment_id (%v)", env.Event, err), Payload: rec.Body})
		return
	}
	b.Raws = append(b.Raws, event.NewRaw(event.Douyin, event.Comment, c.CommentID, rec.At, content))
	s.m.records.WithLabelValues(s.name, string(event.Comment)).Inc()
}
