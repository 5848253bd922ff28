package identity

import (
	"context"
	"fmt"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// Handler returns a bus.Handler for enriched mentions (bus.TopicEnriched): it observes the
// author of every mention, then writes the resulting delta to s before acknowledging. When
// the write fails the delta is requeued and the error returned, so the bus delivers the
// batch again (observing the same mentions again changes nothing: see acct.seen).
// Messages that do not decode are rejected to the dead-letter topic with the reason.
func (r *Resolver) Handler(s *Store) bus.Handler {
	return func(ctx context.Context, batch []bus.Message) error {
		var rej bus.Rejected
		for i, msg := range batch {
			m, err := event.Decode[event.Mention](msg.Value)
			if err != nil {
				rej.Reject(i, err.Error())
				continue
			}
			r.ObserveMention(m)
		}
		d := r.TakeDelta()
		if err := s.Write(ctx, d); err != nil {
			r.Requeue(d)
			r.met.batches.WithLabelValues("error").Inc()
			return fmt.Errorf("storing identity changes: %w", err)
		}
		r.met.batches.WithLabelValues("ok").Inc()
		return rej.Err()
	}
}
