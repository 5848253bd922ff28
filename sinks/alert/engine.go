package alert

import (
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/event"
)

// Engine runs every detector over mentions and keeps the alerts' lifecycle. Observe feeds
// it; Pending returns the alert changes (new versions) not yet acknowledged by Ack. An
// Engine is safe for concurrent use; it starts no goroutines.
type Engine struct {
	cfg     Config
	metrics *metrics
	log     *slog.Logger
	now     func() time.Time

	mu        sync.Mutex
	series    map[seriesKey]*series
	threads   map[string]*thread
	posts     map[string]sighting
	seen      map[int64]map[string]struct{} // open minute → mention ids (redelivery dedup)
	ev        map[string]*evidenceRing      // brand → recent negative mentions
	maxEvent  time.Time                     // newest CreatedAt seen
	closed    int64                         // last closed unix minute; 0 before any
	cutoff    int64                         // minutes before this were seeded from the rollup
	lastWall  time.Time                     // wall time of the last Observe with mentions
	active    map[string]*firing
	quiet     map[string]time.Time // dedup key → end of its cooldown (event time)
	pending   []Alert
	ruleCache map[string]Rules
}

type seriesKey struct {
	brand string
	ch    event.Platform
}

// firing is a firing alert and its detector state.
type firing struct {
	alert   Alert
	last    time.Time // event time of the last trigger (one-off alerts)
	samples []Sample  // one-off alerts: the triggering mentions
}

// NewEngine returns an Engine for cfg (validated here). now is the wall clock (nil:
// time.Now); it stamps UpdatedAt and drives Tick. reg may be nil; log may be nil.
func NewEngine(cfg Config, now func() time.Time, reg prometheus.Registerer, log *slog.Logger) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &Engine{
		cfg: cfg.withDefaults(), metrics: newMetrics(reg), log: orDiscard(log), now: now,
		series: map[seriesKey]*series{}, threads: map[string]*thread{}, posts: map[string]sighting{},
		seen: map[int64]map[string]struct{}{}, ev: map[string]*evidenceRing{},
		active: map[string]*firing{}, quiet: map[string]time.Time{},
	}, nil
}

// Observe runs the detectors over ms (in any order) and closes the minutes the watermark
// passed. Mentions seen before (same id, minute still open) are ignored, so a redelivered
// batch counts once. Mentions of a closed minute are counted as late and feed only the
// one-off detectors.
func (e *Engine) Observe(ms []event.Mention) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(ms) > 0 {
		e.lastWall = e.now()
	}
	for i := range ms {
		e.observe(&ms[i])
	}
	e.advance(e.maxEvent.Add(-e.cfg.Lateness))
}

// Tick lets event time follow the wall clock while no mention arrived for
// Config.IdleAfter, so that alerts of a stream that went quiet still resolve.
func (e *Engine) Tick() {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	if e.maxEvent.IsZero() || e.lastWall.IsZero() || now.Sub(e.lastWall) < e.cfg.IdleAfter {
		return
	}
	e.maxEvent = e.maxEvent.Add(now.Sub(e.lastWall))
	e.lastWall = now
	e.advance(e.maxEvent.Add(-e.cfg.Lateness))
}

// Pending returns the alert changes not yet acknowledged, oldest first. The slice is the
// caller's.
func (e *Engine) Pending() []Alert {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Alert(nil), e.pending...)
}

// Ack drops the first n pending changes: call it once they are stored and queued.
func (e *Engine) Ack(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n = min(n, len(e.pending))
	e.pending = append(e.pending[:0], e.pending[n:]...)
}

// Firing returns the firing alerts.
func (e *Engine) Firing() []Alert {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Alert, 0, len(e.active))
	for _, f := range e.active {
		out = append(out, f.alert)
	}
	return out
}

// Restore makes alerts (firing ones, as loaded from the Store) active again after a
// restart, so they resolve instead of firing twice. Call it before Observe.
func (e *Engine) Restore(alerts []Alert) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, a := range alerts {
		if a.Status == Firing {
			e.active[a.DedupKey] = &firing{alert: a, last: a.StartsAt}
		}
	}
	e.metrics.firing.Set(float64(len(e.active)))
}

func (e *Engine) observe(m *event.Mention) {
	minute := m.CreatedAt.Unix() / 60
	if m.CreatedAt.Unix() < 0 {
		return
	}
	_, dup := e.seen[minute][m.ID]
	if dup {
		// A redelivery, or the same record fetched again: counted once, but a new
		// sighting may show its engagement growing.
		e.metrics.duplicates.Inc()
		e.checkReach(m, firstBrand(m))
		return
	}
	if e.closed == 0 {
		e.closed = minute - 1 - int64(e.cfg.Lateness/time.Minute)
	}
	if future := e.now().Add(time.Hour); m.CreatedAt.After(e.maxEvent) && m.CreatedAt.Before(future) {
		e.maxEvent = m.CreatedAt
	}
	e.metrics.mentions.Inc()
	if minute > e.closed && minute >= e.cutoff {
		ids := e.seen[minute]
		if ids == nil {
			ids = map[string]struct{}{}
			e.seen[minute] = ids
		}
		ids[m.ID] = struct{}{}
		e.count(m, minute)
	} else {
		e.metrics.late.Inc()
	}
	e.oneOff(m, minute)
}

func firstBrand(m *event.Mention) string {
	if len(m.Brands) > 0 {
		return m.Brands[0]
	}
	return ""
}

// count adds m to its brands' series and checks the spike detectors on the open minute.
func (e *Engine) count(m *event.Mention, minute int64) {
	neg := m.Sentiment.Label == event.Negative
	if neg {
		for _, b := range m.Brands {
			e.evidence(b).add(m)
		}
	}
	for _, b := range m.Brands {
		for _, ch := range []event.Platform{"", m.Platform} {
			s := e.seriesOf(b, ch)
			s.add(minute, neg)
			if neg {
				e.checkVolume(s, minute, m)
			}
			e.checkShare(s, minute, m)
		}
	}
}

func (e *Engine) seriesOf(brand string, ch event.Platform) *series {
	k := seriesKey{brand, ch}
	s := e.series[k]
	if s == nil {
		s = newSeries(brand, ch)
		e.series[k] = s
	}
	return s
}

func (e *Engine) evidence(brand string) *evidenceRing {
	r := e.ev[brand]
	if r == nil {
		r = &evidenceRing{}
		e.ev[brand] = r
	}
	return r
}

// maxCatchUp bounds how many minutes one advance closes one by one; a longer jump of
// event time (a backfill) skips the gap.
const maxCatchUp = 14 * 24 * 60

// advance closes every minute that ends at or before wm.
func (e *Engine) advance(wm time.Time) {
	if e.closed == 0 || wm.IsZero() {
		return
	}
	target := wm.Unix()/60 - 1
	if target-e.closed > maxCatchUp {
		e.closed = target - maxCatchUp
	}
	for k := e.closed + 1; k <= target; k++ {
		e.closeMinute(k)
		e.closed = k
	}
}

// closeMinute learns minute k into the baselines and resolves what calmed down.
func (e *Engine) closeMinute(k int64) {
	delete(e.seen, k)
	end := time.Unix((k+1)*60, 0).UTC()
	for _, s := range e.series {
		e.closeSeries(s, k, end)
	}
	e.closeThreads(k, end)
	for key, f := range e.active {
		if oneOffRule(f.alert.Rule) && end.Sub(f.last) >= e.cfg.Hold {
			e.resolve(key, end)
		}
	}
	for key, until := range e.quiet {
		if end.After(until) {
			delete(e.quiet, key)
		}
	}
}

func oneOffRule(r Rule) bool { return r == RuleReach || r == RuleCompliance }

// rules returns brand's rules, cached.
func (e *Engine) rules(brand string) Rules {
	if e.ruleCache == nil {
		e.ruleCache = map[string]Rules{}
	}
	r, ok := e.ruleCache[brand]
	if !ok {
		r = e.cfg.rulesFor(brand)
		e.ruleCache[brand] = r
	}
	return r
}
