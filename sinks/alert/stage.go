package alert

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// HistoryWeeks is how many weeks of the rollup Stage.Start reads to rebuild baselines.
const HistoryWeeks = 4

// Stage is the alert stage: it feeds enriched mentions from the bus to an Engine and
// stores and queues every alert change before acknowledging the batch. Store or Outbox
// may be nil (nothing stored, or nothing notified).
type Stage struct {
	engine *Engine
	store  *Store
	outbox *Outbox
	log    *slog.Logger
	tick   time.Duration

	mu sync.Mutex // serialises flush
}

// NewStage wires the stage. log may be nil.
func NewStage(e *Engine, st *Store, o *Outbox, log *slog.Logger) *Stage {
	return &Stage{engine: e, store: st, outbox: o, log: orDiscard(log), tick: 10 * time.Second}
}

// Start restores the firing alerts and rebuilds the baselines from the rollup. Call it
// once, before consuming.
func (s *Stage) Start(ctx context.Context) error {
	if s.store == nil {
		return nil
	}
	firing, err := s.store.LoadFiring(ctx)
	if err != nil {
		return err
	}
	s.engine.Restore(firing)
	hist, end, err := s.store.History(ctx, HistoryWeeks)
	if err != nil {
		return err
	}
	s.engine.Seed(hist, end)
	s.log.Info("alert baselines rebuilt", "firing", len(firing), "rollup_rows", len(hist), "until", end)
	return nil
}

// Handler returns the bus handler for bus.TopicEnriched: it acknowledges a batch only once
// the alerts it caused are stored and queued; undecodable messages are dead-lettered.
func (s *Stage) Handler() bus.Handler {
	return func(ctx context.Context, batch []bus.Message) error {
		ms := make([]event.Mention, 0, len(batch))
		var rej bus.Rejected
		for i, msg := range batch {
			m, err := event.Decode[event.Mention](msg.Value)
			if err != nil {
				rej.Reject(i, err.Error())
				continue
			}
			ms = append(ms, m)
		}
		s.engine.Observe(ms)
		if err := s.Flush(ctx); err != nil {
			return err
		}
		return rej.Err()
	}
}

// Run lets event time follow the wall clock on a quiet stream (Engine.Tick) and flushes
// what that changed, until ctx ends; then it returns nil.
func (s *Stage) Run(ctx context.Context) error {
	t := time.NewTicker(s.tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.engine.Tick()
			if err := s.Flush(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("storing alerts failed; retrying on the next tick", "err", err)
			}
		}
	}
}

// Flush stores and queues the engine's pending alert changes, then acknowledges them.
func (s *Stage) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.engine.Pending()
	if len(p) == 0 {
		return nil
	}
	if s.store != nil {
		if err := s.store.Save(ctx, p); err != nil {
			return err
		}
	}
	if s.outbox != nil {
		if err := s.outbox.Put(p); err != nil {
			return fmt.Errorf("queueing alerts: %w", err)
		}
	}
	s.engine.Ack(len(p))
	for _, a := range p {
		s.log.Info("alert", "id", a.ID, "rule", a.Rule, "brand", a.Brand, "channel", a.Channel,
			"status", a.Status, "severity", a.Severity, "version", a.Version)
	}
	return nil
}
