package alert

import (
	"github.com/lingting/lingting/event"
)

// ringSize is how many recent minutes a series keeps counts for (open and closed).
const ringSize = 2 * maxWindow

// counts are one minute's mentions of a series.
type counts struct {
	min      int64 // unix minute the counts belong to
	neg, all int
}

// series is one brand's (or brand × channel's) minute counts and baselines.
type series struct {
	brand  string
	ch     event.Platform
	ring   [ringSize]counts
	trail  trailing
	season *seasonal
	day    shareBase
	closed int // minutes closed so far (warm-up)
	// calm counts consecutive calm closed minutes per firing rule.
	volCalm, shareCalm int
}

func newSeries(brand string, ch event.Platform) *series {
	return &series{brand: brand, ch: ch, season: newSeasonal()}
}

// slot returns minute m's counts, resetting a slot that held an older minute.
func (s *series) slot(m int64) *counts {
	c := &s.ring[int(((m%ringSize)+ringSize)%ringSize)]
	if c.min != m {
		*c = counts{min: m}
	}
	return c
}

// get returns minute m's counts without modifying the ring.
func (s *series) get(m int64) counts {
	c := s.ring[int(((m%ringSize)+ringSize)%ringSize)]
	if c.min != m {
		return counts{min: m}
	}
	return c
}

func (s *series) add(m int64, negative bool) {
	c := s.slot(m)
	c.all++
	if negative {
		c.neg++
	}
}

// window sums the counts of the w minutes ending at m.
func (s *series) window(m int64, w int) (neg, all int) {
	for k := m - int64(w) + 1; k <= m; k++ {
		c := s.get(k)
		neg, all = neg+c.neg, all+c.all
	}
	return neg, all
}

// learn folds closed minute m into the baselines; anomalous minutes are kept out.
func (s *series) learn(m int64, volAnomalous, shareAnomalous bool, alpha float64) {
	c := s.get(m)
	s.season.add(m, float64(c.neg), volAnomalous, alpha)
	if !volAnomalous {
		s.trail.add(float64(c.neg))
	}
	if shareAnomalous {
		s.day.add(0, 0)
	} else {
		s.day.add(c.neg, c.all)
	}
	s.closed++
}

// volBaseline is the negative-count baseline for minute m: the seasonal slot when it is
// ready, else the trailing hour once warmup minutes were closed.
func (s *series) volBaseline(m int64, warmup int) (med, mad float64, seasonalOK, ok bool) {
	if med, mad, ok := s.season.at(m); ok {
		return med, mad, true, true
	}
	if s.closed < warmup || len(s.trail.xs) < min(warmup, trailSize) {
		return 0, 0, false, false
	}
	return s.trail.med, s.trail.mad, false, true
}
