package alert

import (
	"math"
	"slices"
)

// hoursPerWeek is the number of seasonal slots: one per hour of the week (UTC).
const hoursPerWeek = 168

// seasonal is a per-minute count baseline for each hour of the week: the median and MAD
// of that hour's minutes, blended over weeks with an EWMA. A slot is ready once one
// week's hour of at least minSlotSamples normal minutes went into it.
type seasonal struct {
	med, mad [hoursPerWeek]float64
	weeks    [hoursPerWeek]int
	cur      []float64 // normal minutes of the hour being filled
	curHour  int64     // unix hour of cur; -1 before the first minute
}

const minSlotSamples = 30

func newSeasonal() *seasonal { return &seasonal{curHour: -1} }

// howOf is the hour-of-week slot of unix minute m.
func howOf(m int64) int { return int(((m/60)%hoursPerWeek + hoursPerWeek) % hoursPerWeek) }

// add records closed minute m with count x; anomalous minutes (an alert firing) are not
// learnt. Completing an hour folds it into its slot.
func (z *seasonal) add(m int64, x float64, anomalous bool, alpha float64) {
	if h := m / 60; h != z.curHour {
		z.finish(alpha)
		z.curHour, z.cur = h, z.cur[:0]
	}
	if !anomalous {
		z.cur = append(z.cur, x)
	}
}

func (z *seasonal) finish(alpha float64) {
	if z.curHour < 0 || len(z.cur) < minSlotSamples {
		return
	}
	i := howOf(z.curHour * 60)
	med, mad := medianMAD(z.cur)
	if z.weeks[i] == 0 {
		z.med[i], z.mad[i] = med, mad
	} else {
		z.med[i] = alpha*med + (1-alpha)*z.med[i]
		z.mad[i] = alpha*mad + (1-alpha)*z.mad[i]
	}
	z.weeks[i]++
}

// at returns the slot of minute m when it is ready.
func (z *seasonal) at(m int64) (med, mad float64, ok bool) {
	i := howOf(m)
	return z.med[i], z.mad[i], z.weeks[i] > 0
}

// trailing is the last trailSize normal closed minutes, with their median and MAD
// recomputed at each close.
type trailing struct {
	xs       []float64
	next     int
	med, mad float64
}

const trailSize = 60

func (t *trailing) add(x float64) {
	if len(t.xs) < trailSize {
		t.xs = append(t.xs, x)
	} else {
		t.xs[t.next] = x
		t.next = (t.next + 1) % trailSize
	}
	t.med, t.mad = medianMAD(t.xs)
}

// medianMAD returns the median of xs and the median absolute deviation from it.
func medianMAD(xs []float64) (med, mad float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med = median(s)
	for i, x := range s {
		s[i] = math.Abs(x - med)
	}
	slices.Sort(s)
	return med, median(s)
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// robustZ is how many robust standard deviations x lies above med. The scale is
// 1.4826·MAD, but never below √med (Poisson noise) nor 1, so that a baseline of zeros
// does not turn two mentions into an infinite deviation.
func robustZ(x, med, mad float64) (z, sigma float64) {
	sigma = max(1.4826*mad, math.Sqrt(med), 1)
	return (x - med) / sigma, sigma
}

// wilsonLower is the lower bound of the Wilson score interval for k successes of n at z.
func wilsonLower(k, n int, z float64) float64 {
	if n == 0 {
		return 0
	}
	p, nf := float64(k)/float64(n), float64(n)
	z2 := z * z
	centre := p + z2/(2*nf)
	margin := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return (centre - margin) / (1 + z2/nf)
}

// shareBase is the negative share of the trailing day of normal closed minutes.
type shareBase struct {
	neg, all [1440]int
	next     int
	sumNeg   int
	sumAll   int
}

func (b *shareBase) add(neg, all int) {
	b.sumNeg += neg - b.neg[b.next]
	b.sumAll += all - b.all[b.next]
	b.neg[b.next], b.all[b.next] = neg, all
	b.next = (b.next + 1) % len(b.neg)
}

func (b *shareBase) share() (p float64, n int) {
	if b.sumAll == 0 {
		return 0, 0
	}
	return float64(b.sumNeg) / float64(b.sumAll), b.sumAll
}
