package bus

import (
	"context"
	"testing"
	"time"
)

// TestMemoryMaxInFlight: with the handler stuck, a publisher fills the topic up to
// MaxInFlight and then blocks, holding no more messages than the cap.
func TestMemoryMaxInFlight(t *testing.T) {
	m := NewMemory(MemoryConfig{Partitions: 2, MaxInFlight: 5, BatchSize: 5, BatchWait: time.Millisecond}, nil, nil)
	defer m.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	consumed := make(chan error, 1)
	go func() {
		consumed <- m.Consume(ctx, "t", "g", func(ctx context.Context, _ []Message) error {
			<-release
			return nil
		})
	}()
	msgs := make([]Message, 20)
	published := make(chan error, 1)
	go func() { published <- m.Publish(ctx, "t", msgs...) }()

	tp := m.topic("t")
	for full := false; !full; {
		tp.mu.Lock()
		wake, inFlight := tp.wake, tp.inFlight
		tp.mu.Unlock()
		if inFlight > 5 {
			t.Fatalf("%d messages in flight, cap is 5", inFlight)
		}
		if full = inFlight == 5; !full {
			<-wake
		}
	}
	close(release)
	if err := <-published; err != nil {
		t.Fatalf("Publish: %v", err)
	}
	cancel()
	if err := <-consumed; err != nil {
		t.Fatalf("Consume: %v", err)
	}
}
