package bus_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
)

// benchPublishConsume publishes b.N messages of 200 bytes in batches of 1000 from four
// publishers while one consumer group reads them, and reports messages per second end
// to end (from the first publish until the group handled the last message).
func benchPublishConsume(b *testing.B, p bus.Publisher, c bus.Consumer, topic string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got atomic.Int64
	all := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- c.Consume(ctx, topic, "bench", func(_ context.Context, batch []bus.Message) error {
			if got.Add(int64(len(batch))) >= int64(b.N) {
				select {
				case <-all:
				default:
					close(all)
				}
			}
			return nil
		})
	}()
	value := make([]byte, 200)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	const publishers, batch = 4, 1000
	for w := range publishers {
		wg.Go(func() {
			for i := w * batch; i < b.N; i += publishers * batch {
				msgs := make([]bus.Message, 0, batch)
				for j := i; j < min(i+batch, b.N); j++ {
					msgs = append(msgs, bus.Message{Key: fmt.Appendf(nil, "key-%d", j%64), Value: value})
				}
				if err := p.Publish(ctx, topic, msgs...); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	<-all
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msg/s")
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}

func BenchmarkMemoryPublishConsume(b *testing.B) {
	m := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	defer m.Close()
	benchPublishConsume(b, m, m, "bench")
}

func BenchmarkKafkaPublishConsume(b *testing.B) {
	cfg := testKafkaConfig(newKFake(b, "bench"))
	cfg.BatchSize, cfg.MaxInFlight, cfg.BatchWait = 500, 2000, 20*time.Millisecond
	k := newKafka(b, cfg)
	benchPublishConsume(b, k, k, "bench")
}
