package alert

import (
	"time"

	"github.com/lingting/lingting/event"
)

// Seed rebuilds the baselines from history (Store.History, ordered by minute): every
// minute from the first of history up to end (exclusive) is learnt, minutes without a
// row as zeros, so the warm-up is as far along as the history is long. Mentions created
// before end are not counted again afterwards (they are in the history); the one-off
// detectors still see them. Seed detects nothing; call it before Observe.
func (e *Engine) Seed(history []MinuteCount, end time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(history) == 0 || end.IsZero() {
		return
	}
	first := history[0].Minute.Unix() / 60
	last := end.Unix()/60 - 1
	first = max(first, last-maxCatchUp)
	i := 0
	for k := first; k <= last; k++ {
		for ; i < len(history) && history[i].Minute.Unix()/60 <= k; i++ {
			if c := history[i]; c.Minute.Unix()/60 == k {
				e.seedCount(c, k)
			}
		}
		for _, s := range e.series {
			s.learn(k, false, false, e.rules(s.brand).Volume.Alpha)
		}
	}
	e.closed, e.cutoff = last, last+1
	if end.After(e.maxEvent) {
		e.maxEvent = end
	}
}

func (e *Engine) seedCount(c MinuteCount, k int64) {
	for _, ch := range []event.Platform{"", platform(c.Platform)} {
		s := e.seriesOf(c.Brand, ch)
		slot := s.slot(k)
		slot.neg += c.Negative
		slot.all += c.All
	}
}

func platform(s string) event.Platform { return event.Platform(s) }
