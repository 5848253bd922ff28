package weibo

import (
	"sync"
	"time"
)

// progress follows a backfill for BackfillProgress.
type progress struct {
	mu     sync.Mutex
	done   int       // targets finished
	over   bool      // the backfill ended
	oldest time.Time // oldest record the current target reached
}

// at records the position of the cursor a Fetch starts from.
func (p *progress) at(c *cursor) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.I != p.done {
		p.oldest = time.Time{}
	}
	p.done, p.over = c.I, c.Rounds > 0 && !c.InRound
}

// reached records the oldest record of a page.
func (p *progress) reached(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !t.IsZero() && (p.oldest.IsZero() || t.Before(p.oldest)) {
		p.oldest = t
	}
}

// BackfillProgress reports how much of the backfill is done, from 0 to 1: finished
// targets count whole, the target being paged by how far back in the window it reached.
// It is 0 without Backfill and 1 once the backfill ended. Safe for concurrent use with
// Fetch (a command shows it as a progress bar).
func (s *Source) BackfillProgress() float64 {
	b := s.cfg.Backfill
	if b == nil || len(s.targets) == 0 {
		return 0
	}
	p := &s.progress
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.over {
		return 1
	}
	part := 0.0
	if !p.oldest.IsZero() {
		part = float64(b.To.Sub(p.oldest)) / float64(b.To.Sub(b.From))
		part = min(max(part, 0), 1)
	}
	return (float64(p.done) + part) / float64(len(s.targets))
}
