package bus_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/bus/bustest"
)

// testMemoryConfig keeps batches small and back-offs short so the suite runs quickly.
var testMemoryConfig = bus.MemoryConfig{
	Partitions: 4, MaxInFlight: 64, BatchSize: 16, BatchWait: 5 * time.Millisecond,
	BackoffMin: time.Millisecond, BackoffMax: 10 * time.Millisecond,
}

func newMemory(t *testing.T) *bus.Memory {
	m := bus.NewMemory(testMemoryConfig, nil, nil)
	t.Cleanup(func() { m.Close() })
	return m
}

func TestMemoryConformance(t *testing.T) {
	bustest.Run(t, func(t *testing.T) (bus.Publisher, bus.Consumer) {
		m := newMemory(t)
		return m, m
	})
}

func TestMemoryPublishWaitsForAGroup(t *testing.T) {
	m := newMemory(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Publish(ctx, "t", bus.Message{Value: []byte("v")}) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Publish with no group and a cancelled context = %v, want context.Canceled", err)
	}
}

func TestMemoryClose(t *testing.T) {
	m := newMemory(t)
	consumed := make(chan error, 1)
	go func() {
		consumed <- m.Consume(context.Background(), "t", "g", func(context.Context, []bus.Message) error {
			return errors.New("never acknowledges")
		})
	}()
	published := make(chan error, 1)
	go func() { published <- m.Publish(context.Background(), "t", bus.Message{Value: []byte("v")}) }()
	m.Close()
	for name, ch := range map[string]chan error{"Consume": consumed, "Publish": published} {
		if err := <-ch; !errors.Is(err, bus.ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", name, err)
		}
	}
}

func TestMemoryConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  bus.MemoryConfig
		want string // substring of the error; "" for valid
	}{
		{"zero is valid", bus.MemoryConfig{}, ""},
		{"negative partitions", bus.MemoryConfig{Partitions: -1}, "partitions"},
		{"negative wait", bus.MemoryConfig{BatchWait: -time.Second}, "batch_wait"},
		{"batch over cap", bus.MemoryConfig{BatchSize: 20, MaxInFlight: 10}, "batch_size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkValidate(t, tc.cfg.Validate(), tc.want)
		})
	}
}

// TestMemorySubscribe: a group declared with Subscribe holds up Publish until it has
// consumed, even though its member starts after the publish began.
func TestMemorySubscribe(t *testing.T) {
	m := newMemory(t)
	m.Subscribe("t", "early")
	m.Subscribe("t", "late")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	published := make(chan error, 1)
	go func() { published <- m.Publish(ctx, "t", bus.Message{Value: []byte("v")}) }()
	got := make(chan string, 2)
	consumed := make(chan error, 2)
	for _, g := range []string{"early", "late"} {
		go func() {
			consumed <- m.Consume(ctx, "t", g, func(_ context.Context, b []bus.Message) error {
				got <- g + ":" + string(b[0].Value)
				return nil
			})
		}()
	}
	if err := <-published; err != nil {
		t.Fatalf("Publish: %v", err)
	}
	seen := map[string]bool{<-got: true, <-got: true}
	if !seen["early:v"] || !seen["late:v"] {
		t.Errorf("deliveries %v, want v to both groups", seen)
	}
	cancel()
	for range 2 {
		if err := <-consumed; err != nil {
			t.Errorf("Consume: %v", err)
		}
	}
}
