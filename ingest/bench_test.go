package ingest_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// repeatSource returns the same batch n times, then ErrDone.
type repeatSource struct {
	raws []event.Raw
	n    int
}

func (s *repeatSource) Name() string { return "bench" }

func (s *repeatSource) Fetch(_ context.Context, cursor string) (ingest.Batch, error) {
	i := 0
	if cursor != "" {
		i, _ = strconv.Atoi(cursor)
	}
	if i >= s.n {
		return ingest.Batch{}, ingest.ErrDone
	}
	return ingest.Batch{Raws: s.raws, Next: strconv.Itoa(i + 1)}, nil
}

// discard acknowledges everything at once: it leaves only the Runner's own cost.
type discard struct{}

func (discard) Publish(context.Context, string, ...bus.Message) error { return nil }

// BenchmarkRunner measures one batch's trip through the Runner (fetch, validate, parse,
// encode, publish, checkpoint); ns/op is per batch.
func BenchmarkRunner(b *testing.B) {
	for _, size := range []int{1, 100} {
		for _, cpKind := range []string{"memory", "file"} {
			for _, pubKind := range []string{"discard", "memorybus"} {
				b.Run(fmt.Sprintf("batch=%d/checkpoint=%s/bus=%s", size, cpKind, pubKind), func(b *testing.B) {
					benchRunner(b, size, cpKind, pubKind)
				})
			}
		}
	}
}

func benchRunner(b *testing.B, size int, cpKind, pubKind string) {
	var cp ingest.Checkpoints = &ingest.MemoryCheckpoints{}
	if cpKind == "file" {
		fcp, err := ingest.NewFileCheckpoints(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		cp = fcp
	}
	var pub bus.Publisher = discard{}
	if pubKind == "memorybus" {
		// A short BatchWait: a Runner batch smaller than the bus's BatchSize otherwise
		// waits the default 50ms for the consumer's batch to fill before it is acknowledged.
		mb := bus.NewMemory(bus.MemoryConfig{BatchWait: time.Millisecond}, nil, nil)
		defer mb.Close()
		stop := consume(b, mb, map[string]*collector{bus.TopicMentions: {}, bus.TopicDeadLetters: {}})
		defer stop()
		pub = mb
	}
	src := &repeatSource{raws: posts(0, size), n: b.N}
	r := ingest.NewRunner(src, testParsers, pub, cp, ingest.RunnerConfig{}, nil, nil)
	b.ReportAllocs()
	b.ResetTimer()
	if err := r.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/envelope")
}
