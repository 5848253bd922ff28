package ingest

import (
	"context"
	"math/rand/v2"
	"time"
)

// backoff computes jittered exponential delays. It is used by one goroutine.
type backoff struct {
	cfg   BackoffConfig
	tries int // consecutive failures since the last reset
}

// next returns the delay before the next retry and counts the failure.
func (b *backoff) next() time.Duration {
	d := b.cfg.Initial
	for i := 0; i < b.tries && d < b.cfg.Max; i++ {
		d *= 2
	}
	d = min(d, b.cfg.Max)
	b.tries++
	half := d / 2
	return half + rand.N(d-half+1)
}

// reset forgets past failures after a success.
func (b *backoff) reset() { b.tries = 0 }

// sleep waits for d or until ctx ends, and reports whether the whole wait elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
