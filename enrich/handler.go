package enrich

import (
	"context"
	"fmt"
	"sync"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// Handler returns a bus.Handler that decodes each message as an event.Mention, enriches
// it and publishes the batch to bus.TopicEnriched keyed by mention id, in batch order.
// Messages that do not decode, or decode to a mention without an id, are left out and
// reported in a *bus.Rejected with the reason (the bus dead-letters them); the rest go on.
// The handler returns nil or the *bus.Rejected only after pub.Publish returned nil; a
// publish error is returned wrapped, so the bus redelivers the batch. It enriches a batch
// on Config.Workers goroutines, which have all ended when it returns, and is safe for
// concurrent use.
func (p *Pipeline) Handler(pub bus.Publisher) bus.Handler {
	return func(ctx context.Context, batch []bus.Message) error {
		results, errs := p.enrichBatch(batch)
		var rej bus.Rejected
		out := make([]bus.Message, 0, len(batch))
		for i := range batch {
			if errs[i] != nil {
				rej.Reject(i, errs[i].Error())
				continue
			}
			out = append(out, results[i])
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

// enrichBatch enriches every message of batch, on up to p.workers goroutines, and returns
// the results and errors by position.
func (p *Pipeline) enrichBatch(batch []bus.Message) ([]bus.Message, []error) {
	results, errs := make([]bus.Message, len(batch)), make([]error, len(batch))
	workers := min(p.workers, len(batch))
	if workers <= 1 {
		for i, msg := range batch {
			results[i], errs[i] = p.enrichMessage(msg.Value)
		}
		return results, errs
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(batch); i += workers {
				results[i], errs[i] = p.enrichMessage(batch[i].Value)
			}
		})
	}
	wg.Wait()
	return results, errs
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
