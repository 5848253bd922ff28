package clickhouse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// MentionsHandler returns the bus handler for enriched mentions (bus.TopicEnriched). It
// decodes each message with event.Decode; a message that does not decode or breaks
// ValidateMention is rejected with the reason (the bus dead-letters it) and the rest of
// the batch is written to mentions and accounts. It returns nil when the batch is stored,
// a *bus.Rejected when it is stored except the rejected messages, and any other error when
// the write failed (then nothing is acknowledged and the bus redelivers the batch).
func (w *Writer) MentionsHandler() bus.Handler {
	return func(ctx context.Context, batch []bus.Message) error {
		var rej bus.Rejected
		ms := make([]event.Mention, 0, len(batch))
		for i, msg := range batch {
			m, err := event.Decode[event.Mention](msg.Value)
			if err == nil {
				err = ValidateMention(&m)
			}
			if err != nil {
				rej.Reject(i, err.Error())
				continue
			}
			ms = append(ms, m)
		}
		if err := w.WriteMentions(ctx, ms); err != nil {
			return err
		}
		if err := w.WriteAccounts(ctx, ms); err != nil {
			return err
		}
		return rej.Err()
	}
}

// DeadLettersHandler returns the bus handler for bus.TopicDeadLetters: it decodes each
// message as an event.DeadLetter and writes the batch to dead_letters. A message that does
// not decode is stored as a dead letter of its own (stage "sink", the decoding error as
// reason, the message bytes as payload, an id hashed from topic and bytes so a replay
// replaces it): it is never rejected, which would send it back to this topic in a loop.
// It returns nil when the batch is stored and the write error otherwise.
func (w *Writer) DeadLettersHandler() bus.Handler {
	return func(ctx context.Context, batch []bus.Message) error {
		dls := make([]event.DeadLetter, len(batch))
		for i, msg := range batch {
			dl, err := event.Decode[event.DeadLetter](msg.Value)
			if err == nil && dl.ID == "" {
				err = errEmptyID
			}
			if err != nil {
				dl = undecodable(msg, err)
			}
			dls[i] = dl
		}
		return w.WriteDeadLetters(ctx, dls)
	}
}

// undecodable wraps a dead-letter message that did not decode into a dead letter.
func undecodable(msg bus.Message, err error) event.DeadLetter {
	sum := sha256.Sum256(append([]byte(msg.Topic+"\x00"), msg.Value...))
	return event.DeadLetter{
		Schema:  event.SchemaVersion,
		ID:      "sink:" + hex.EncodeToString(sum[:16]),
		Stage:   "sink",
		Source:  msg.Topic,
		Reason:  fmt.Sprintf("undecodable dead letter: %v", err),
		Payload: append([]byte(nil), msg.Value...),
		At:      time.Now().UTC(),
	}
}
