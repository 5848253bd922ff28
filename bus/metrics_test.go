package bus_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/bus"
)

// TestMetrics consumes ten messages on each implementation, both registered on one
// registry, and checks the counters and the committed-offset and lag gauges.
func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	mem := bus.NewMemory(testMemoryConfig, reg, nil)
	defer mem.Close()
	k, err := bus.NewKafka(testKafkaConfig(newKFake(t, "metrics.kafka")), reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	impls := []struct {
		topic string
		p     bus.Publisher
		c     bus.Consumer
	}{{"metrics.memory", mem, mem}, {"metrics.kafka", k, k}}
	for _, impl := range impls {
		consumeTen(t, impl.p, impl.c, impl.topic)
	}
	for name, want := range map[string]float64{
		"lingting_bus_published_messages_total": 20,
		"lingting_bus_acked_messages_total":     20,
		"lingting_bus_committed_offset":         20, // offsets summed over partitions
		"lingting_bus_consumer_lag":             0,
	} {
		if got := metricSum(t, reg, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// consumeTen publishes ten messages and consumes them until all were handled.
func consumeTen(t *testing.T, p bus.Publisher, c bus.Consumer, topic string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int64
	all := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- c.Consume(ctx, topic, "g", func(_ context.Context, b []bus.Message) error {
			if n.Add(int64(len(b))) == 10 {
				close(all)
			}
			return nil
		})
	}()
	msgs := make([]bus.Message, 10)
	for i := range msgs {
		msgs[i] = bus.Message{Key: []byte{byte(i)}, Value: []byte{byte(i)}}
	}
	if err := p.Publish(ctx, topic, msgs...); err != nil {
		t.Fatal(err)
	}
	<-all
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
