package enrich

import (
	"context"
	"fmt"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// Handler returns a bus.Handler that decodes each message as an event.Mention, enriches
// it and publishes the batch to bus.TopicEnriched keyed by mention id, in batch order.
// Messages that do not decode, or decode to a mention without an id, are left out and
// reported in a *bus.Rejected with the reason (the bus dead-letters them); the rest go on.
// The handler returns nil or the *bus.Rejected only after pub.Publish returned nil; a
// publish error is returned wrapped, so the bus redelivers the batch. It processes one
// batch on the calling goroutine and is safe for concurrent use.
func (p *Pipeline) Handler(pub bus.Publisher) bus.Handler {
	return func(ctx context.Context, batch []bus.Message) error {
		var rej bus.Rejected
		out := make([]bus.Message, 0, len(batch))
		for i, msg := range batch {
			enriched, err := p.enrichMessage(msg.Value)
			if err != nil {
				rej.Reject(i, err.Error())
				continue
			}
			out = append(out, enriched)
		}
		if len(out) > 0 {
			if err := pub.Publish(ctx, bus.TopicEnriched, out...); err != nil {
				return fmt.Errorf("publishing %d enriched mentions: %w", len(out), err)
			}
		}
		p.metrics.rejected.Add(float64(len(rej.Items)))
		return rej.Err()
	}
}

// enrichMessage decodes, enriches and re-encodes one mention.
func (p *Pipeline) enrichMessage(value []byte) (bus.Message, error) {
	m, err := event.Decode[event.Mention](value)
	if err != nil {
		return bus.Message{}, err
	}
	if m.ID == "" {
		return bus.Message{}, fmt.Errorf("decoding mention: id is empty")
	}
	p.Enrich(&m)
	b, err := event.Encode(m)
	if err != nil {
		return bus.Message{}, err
	}
	return bus.Message{Topic: bus.TopicEnriched, Key: []byte(m.ID), Value: b}, nil
}
