package simulate

import (
	"math"
	"math/rand/v2"
	"time"
)

// beijing is China Standard Time, the clock the simulated population lives by.
var beijing = time.FixedZone("CST", 8*3600)

// hourly is the relative activity per hour of a Beijing weekday: quiet nights, a lunch
// bump and an evening peak. Its mean is 1.
var hourly = [24]float64{
	0.55, 0.35, 0.22, 0.15, 0.12, 0.15, 0.3, 0.55, 0.85, 1.0, 1.05, 1.15,
	1.35, 1.2, 1.05, 1.05, 1.1, 1.2, 1.4, 1.7, 1.95, 2.05, 1.7, 1.03,
}

// maxSeason bounds season().
const maxSeason = 2.05 * 1.2

// season is the activity multiplier at t: the hourly curve, shifted an hour later and 15%
// busier at weekends, and quieter on Monday mornings.
func season(t time.Time) float64 {
	lt := t.In(beijing)
	h := lt.Hour()
	switch lt.Weekday() {
	case time.Saturday, time.Sunday:
		return hourly[(h+23)%24] * 1.15
	case time.Monday:
		if h < 12 {
			return hourly[h] * 0.9
		}
	}
	return hourly[h]
}

// weekend reports whether t falls on a Beijing weekend.
func weekend(t time.Time) bool {
	wd := t.In(beijing).Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// crisisShape is the crisis intensity at fraction x of its duration: a fast linear rise
// over the first 15%, then an exponential decay.
func crisisShape(x float64) float64 {
	switch {
	case x < 0 || x >= 1:
		return 0
	case x < 0.15:
		return x / 0.15
	}
	return math.Exp(-2.5 * (x - 0.15) / 0.85)
}

// mix64 is SplitMix64's finaliser: a cheap, well-spread hash of one word.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stream returns a random stream for one purpose (a stream tag) and key.
func stream(seed uint64, tag, key uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix64(seed^mix64(tag)), mix64(key+tag)))
}

// Stream tags.
const (
	tagBatch uint64 = iota + 1
	tagHot
	tagCrisis
	tagPopulation
	tagMalformed
	tagIdentity
)

// poisson draws a Poisson count with mean lambda (normal approximation above 30).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T {
	return xs[r.IntN(len(xs))]
}
