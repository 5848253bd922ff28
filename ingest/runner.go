package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"github.com/lingting/lingting/bus"
)

// Runner drives one Source: it fetches under a rate limit, parses each envelope with its
// platform's ParseFunc, publishes mentions to bus.TopicMentions and dead letters to
// bus.TopicDeadLetters, and saves the batch's cursor only after the bus acknowledged both.
// A crash between publish and save means the batch is fetched and published again on the
// next start: delivery is at least once, and deterministic ids make the repeat harmless.
//
// A Runner is meant for one Run call at a time.
type Runner struct {
	src     Source
	parse   Parsers
	pub     bus.Publisher
	cp      Checkpoints
	cfg     RunnerConfig
	limiter *rate.Limiter
	m       *metrics
	log     *slog.Logger
	now     func() time.Time
}

// NewRunner wires a Runner. cfg's zero fields take their defaults; an invalid cfg (see
// RunnerConfig.Validate) or a nil src, pub or cp makes Run return an error. reg may be
// nil (metrics are then not registered); several Runners may share one registry. log may
// be nil (discard).
func NewRunner(src Source, parse Parsers, pub bus.Publisher, cp Checkpoints, cfg RunnerConfig,
	reg prometheus.Registerer, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	limit := rate.Inf
	if cfg.Interval > 0 {
		limit = rate.Every(cfg.Interval)
	}
	return &Runner{
		src: src, parse: parse, pub: pub, cp: cp, cfg: cfg.withDefaults(),
		limiter: rate.NewLimiter(limit, 1),
		m:       newMetrics(reg),
		log:     log,
		now:     func() time.Time { return time.Now().UTC() },
	}
}

// errStop is how the loop's helpers say that ctx ended; Run turns it into nil.
var errStop = errors.New("runner stopped")

// Run loads the source's checkpoint and then fetches, publishes and checkpoints batch
// after batch. It blocks until ctx ends (it returns nil; a batch not yet acknowledged is
// not checkpointed and will be fetched again next time), until the source returns ErrDone
// (it returns nil after the last batch was acknowledged and checkpointed), or until an
// error wrapping ErrPermanent comes from Fetch or Publish, or Publish reports
// bus.ErrClosed (it returns that error). Other
// Fetch, Publish and Save errors are retried with back-off, forever. Envelopes that do not
// validate or parse, and parser panics, become dead letters; they never stop the Runner.
func (r *Runner) Run(ctx context.Context) error {
	if err := r.check(); err != nil {
		return err
	}
	err := r.loop(ctx)
	if errors.Is(err, errStop) || ctx.Err() != nil {
		return nil
	}
	return err
}

func (r *Runner) check() error {
	switch {
	case r.src == nil:
		return errors.New("starting collector: source is nil")
	case r.pub == nil:
		return errors.New("starting collector: publisher is nil")
	case r.cp == nil:
		return errors.New("starting collector: checkpoint store is nil")
	}
	if err := r.cfg.Validate(); err != nil {
		return fmt.Errorf("starting collector %s: %w", r.src.Name(), err)
	}
	return nil
}

func (r *Runner) loop(ctx context.Context) error {
	name := r.src.Name()
	cursor, err := r.cp.Load(ctx, name)
	if err != nil {
		return fmt.Errorf("loading checkpoint of %s: %w", name, err)
	}
	r.log.Info("collector starting", "source", name, "resume", cursor != "")
	bo := &backoff{cfg: r.cfg.Backoff}
	for {
		batch, done, err := r.fetch(ctx, bo, cursor)
		if err != nil {
			return err
		}
		if done {
			r.log.Info("collector done", "source", name)
			return nil
		}
		if err := r.deliver(ctx, bo, batch); err != nil {
			return err
		}
		if batch.Next != cursor {
			if err := r.do(ctx, bo, "checkpoint", func(ctx context.Context) error {
				return r.cp.Save(ctx, name, batch.Next)
			}); err != nil {
				return err
			}
			r.m.checkpointTime.WithLabelValues(name).Set(float64(r.now().UnixNano()) / 1e9)
			cursor = batch.Next
		}
		if len(batch.Raws) == 0 && len(batch.Bad) == 0 && !sleep(ctx, r.cfg.IdleWait) {
			return errStop
		}
	}
}

// fetch waits for the rate limiter and fetches the batch after cursor, retrying failures.
// done reports ErrDone from the source.
func (r *Runner) fetch(ctx context.Context, bo *backoff, cursor string) (batch Batch, done bool, err error) {
	name := r.src.Name()
	err = r.do(ctx, bo, "fetch", func(ctx context.Context) error {
		if err := r.limiter.Wait(ctx); err != nil {
			<-ctx.Done() // Wait fails early when ctx's deadline comes before the next token
			return errStop
		}
		start := time.Now()
		b, err := r.src.Fetch(ctx, cursor)
		r.m.fetchDuration.WithLabelValues(name).Observe(time.Since(start).Seconds())
		switch {
		case errors.Is(err, ErrDone):
			r.m.fetches.WithLabelValues(name, outcomeDone).Inc()
			done = true
			return nil
		case errors.Is(err, ErrPermanent):
			r.m.fetches.WithLabelValues(name, outcomePermanent).Inc()
		case err != nil:
			r.m.fetches.WithLabelValues(name, outcomeError).Inc()
		case len(b.Raws) == 0 && len(b.Bad) == 0:
			r.m.fetches.WithLabelValues(name, outcomeEmpty).Inc()
		default:
			r.m.fetches.WithLabelValues(name, outcomeOK).Inc()
			r.m.envelopes.WithLabelValues(name).Add(float64(len(b.Raws)))
		}
		batch = b
		if err != nil {
			return fmt.Errorf("fetching from %s: %w", name, err)
		}
		return nil
	})
	return batch, done, err
}

// deliver publishes the batch's mentions and dead letters, each retried until acknowledged.
func (r *Runner) deliver(ctx context.Context, bo *backoff, batch Batch) error {
	if len(batch.Raws) == 0 && len(batch.Bad) == 0 {
		return nil
	}
	out := r.build(batch)
	name := r.src.Name()
	if err := r.publish(ctx, bo, bus.TopicMentions, out.mentions); err != nil {
		return err
	}
	if err := r.publish(ctx, bo, bus.TopicDeadLetters, out.deadLetters); err != nil {
		return err
	}
	for p, n := range out.perPlatform {
		r.m.mentions.WithLabelValues(name, string(p)).Add(float64(n))
	}
	r.m.deadLetters.WithLabelValues(name).Add(float64(len(out.deadLetters)))
	if len(out.deadLetters) > 0 {
		r.log.Info("records dead-lettered", "source", name, "count", len(out.deadLetters))
	}
	return nil
}

func (r *Runner) publish(ctx context.Context, bo *backoff, topic string, msgs []bus.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	return r.do(ctx, bo, "publish", func(ctx context.Context) error {
		if err := r.pub.Publish(ctx, topic, msgs...); err != nil {
			return fmt.Errorf("publishing %d message(s) to %s: %w", len(msgs), topic, err)
		}
		return nil
	})
}

// do runs f until it succeeds, waiting a growing, jittered delay between failures. It
// returns nil after a success (and resets the back-off), errStop when ctx ended, and f's
// error when it is errStop or wraps ErrPermanent or bus.ErrClosed.
func (r *Runner) do(ctx context.Context, bo *backoff, op string, f func(context.Context) error) error {
	name := r.src.Name()
	for {
		err := f(ctx)
		switch {
		case err == nil:
			bo.reset()
			return nil
		case ctx.Err() != nil || errors.Is(err, errStop):
			return errStop
		case errors.Is(err, ErrPermanent), errors.Is(err, bus.ErrClosed):
			return err
		}
		d := bo.next()
		r.m.retries.WithLabelValues(name, op).Inc()
		r.m.backoffSeconds.WithLabelValues(name).Add(d.Seconds())
		r.log.Warn("collector retrying", "source", name, "op", op, "delay", d, "attempt", bo.tries, "err", err)
		if !sleep(ctx, d) {
			return errStop
		}
	}
}
