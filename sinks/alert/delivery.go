package alert

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"
)

// Notifier sends alerts somewhere people see them.
type Notifier interface {
	// Name identifies the notifier: its outbox directory and metric label. Unique.
	Name() string
	// Notify sends alerts of one group (brand) as one message or request, blocking until
	// the receiver accepted them or ctx ended. An error wrapping ErrPermanent means the
	// receiver will never accept them (they are set aside); any other error is retried.
	// Called from one goroutine at a time.
	Notify(ctx context.Context, alerts []Alert) error
}

// refresher is a Notifier that must hear firing alerts again now and then (Alertmanager
// expires alerts that are not re-sent).
type refresher interface {
	Refresh(ctx context.Context) error
}

// ErrPermanent marks a notification the receiver will never accept (bad request, unknown
// robot key).
var ErrPermanent = errors.New("notification rejected permanently")

// DeliveryConfig configures retries. Zero fields take their defaults.
type DeliveryConfig struct {
	// Backoff is the first wait after a failed attempt; it doubles up to MaxBackoff.
	// Defaults 1s and 5m. Attempts go on until the notifier accepts.
	Backoff    time.Duration `yaml:"backoff"`
	MaxBackoff time.Duration `yaml:"max_backoff"`
	// MaxBatch is the most alerts of one group sent in one notification. Default 10.
	MaxBatch int `yaml:"max_batch"`
	// Refresh is how often firing alerts are re-sent to notifiers that need it. Default 1m.
	Refresh time.Duration `yaml:"refresh"`
}

func (c DeliveryConfig) withDefaults() DeliveryConfig {
	c.Backoff, c.MaxBackoff = orDur(c.Backoff, time.Second), orDur(c.MaxBackoff, 5*time.Minute)
	c.MaxBatch, c.Refresh = orInt(c.MaxBatch, 10), orDur(c.Refresh, time.Minute)
	return c
}

// Delivery drains an Outbox into its notifiers, one goroutine per notifier.
type Delivery struct {
	outbox    *Outbox
	notifiers []Notifier
	cfg       DeliveryConfig
	metrics   *deliveryMetrics
	log       *slog.Logger
}

// NewDelivery returns a Delivery; the outbox must have been opened with the notifiers'
// names. reg and log may be nil.
func NewDelivery(o *Outbox, ns []Notifier, cfg DeliveryConfig, reg prometheus.Registerer, log *slog.Logger) *Delivery {
	return &Delivery{outbox: o, notifiers: ns, cfg: cfg.withDefaults(), metrics: newDeliveryMetrics(reg), log: orDiscard(log)}
}

// Run delivers until ctx ends, then returns nil. What is not delivered stays queued.
func (d *Delivery) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, n := range d.notifiers {
		g.Go(func() error { d.loop(ctx, n); return nil })
	}
	return g.Wait()
}

func (d *Delivery) loop(ctx context.Context, n Notifier) {
	refresh := time.NewTicker(d.cfg.Refresh)
	defer refresh.Stop()
	wait := d.cfg.Backoff
	for {
		progressed, err := d.drain(ctx, n)
		if err != nil && ctx.Err() == nil {
			d.metrics.sendErrors.WithLabelValues(n.Name()).Inc()
			d.log.Warn("alert notification failed; retrying", "notifier", n.Name(), "wait", wait, "err", err)
			if !sleep(ctx, wait) {
				return
			}
			wait = min(2*wait, d.cfg.MaxBackoff)
			continue
		}
		if progressed {
			wait = d.cfg.Backoff
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-d.outbox.wake[n.Name()]:
		case <-refresh.C:
			if r, ok := n.(refresher); ok {
				if err := r.Refresh(ctx); err != nil && ctx.Err() == nil {
					d.log.Warn("refreshing firing alerts failed", "notifier", n.Name(), "err", err)
				}
			}
		}
	}
}

// drain sends the oldest batch of one group; progressed reports whether anything left
// the queue.
func (d *Delivery) drain(ctx context.Context, n Notifier) (progressed bool, err error) {
	qs, err := d.outbox.pending(n.Name())
	if err != nil {
		d.log.Error("unreadable alert outbox files set aside", "notifier", n.Name(), "err", err)
	}
	d.metrics.queued.WithLabelValues(n.Name()).Set(float64(len(qs)))
	if len(qs) == 0 {
		return false, nil
	}
	batch := []queued{qs[0]}
	for _, q := range qs[1:] {
		if len(batch) == d.cfg.MaxBatch || q.alert.Group != qs[0].alert.Group {
			break
		}
		batch = append(batch, q)
	}
	alerts := make([]Alert, len(batch))
	for i, q := range batch {
		alerts[i] = q.alert
	}
	err = n.Notify(ctx, alerts)
	switch {
	case errors.Is(err, ErrPermanent):
		d.log.Error("alert notification rejected; set aside in the outbox's failed directory",
			"notifier", n.Name(), "alerts", len(batch), "err", err)
		for _, q := range batch {
			d.outbox.fail(n.Name(), q.name)
		}
		return true, nil
	case err != nil:
		return false, err
	}
	d.metrics.sent.WithLabelValues(n.Name()).Add(float64(len(batch)))
	return true, d.outbox.done(n.Name(), batch)
}

// sleep waits d or until ctx ends; it reports whether the wait completed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
