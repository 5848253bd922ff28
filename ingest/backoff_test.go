package ingest

import (
	"testing"
	"time"
)

func TestBackoffGrowsCapsAndResets(t *testing.T) {
	b := &backoff{cfg: BackoffConfig{Initial: 100 * time.Millisecond, Max: time.Second}}
	bounds := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000} // ms, upper bounds
	for round := range 2 {
		for i, hi := range bounds {
			hi *= time.Millisecond
			if d := b.next(); d < hi/2 || d > hi {
				t.Fatalf("round %d retry %d: delay %v outside [%v, %v]", round, i+1, d, hi/2, hi)
			}
		}
		b.reset()
	}
}
