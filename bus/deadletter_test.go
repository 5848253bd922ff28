package bus_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/bus"
)

// TestKafkaDeadLetterFailureAcknowledgesNothing: while the dead-letter topic does not
// exist, a rejecting handler's batch is not acknowledged and is delivered again; once the
// topic exists the dead letter is published and the batch acknowledged.
func TestKafkaDeadLetterFailureAcknowledgesNothing(t *testing.T) {
	reg := prometheus.NewRegistry()
	k, err := bus.NewKafka(testKafkaConfig(newKFakeTopics(t, 1, "in")), reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var mu sync.Mutex
	var seen []string // first value of each batch handed to the handler
	second, third := make(chan struct{}), make(chan struct{})
	h := func(_ context.Context, batch []bus.Message) error {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, string(batch[0].Value))
		switch len(seen) {
		case 2: // from now on dead letters can be published
			close(second)
			if err := k.EnsureTopics(ctx, 1, 1, bus.TopicDeadLetters); err != nil {
				t.Errorf("EnsureTopics: %v", err)
			}
		case 3:
			close(third)
			return nil
		}
		return (&bus.Rejected{Items: []bus.Rejection{{Index: 0, Reason: "bad"}}}).Err()
	}
	done := make(chan error, 1)
	go func() { done <- k.Consume(ctx, "in", "g", h) }()
	publishOne(t, k, "in", "v")
	<-second // w is published after v's batch was formed, so it comes in a batch of its own
	publishOne(t, k, "in", "w")
	<-third
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Consume: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	// v fails (no dead-letter topic), v again succeeds, then w: v never comes a third time.
	if want := []string{"v", "v", "w"}; !slices.Equal(seen, want) {
		t.Errorf("batches began with %q, want %q", seen, want)
	}
	if got := metricSum(t, reg, "lingting_bus_rejected_messages_total"); got != 1 {
		t.Errorf("rejected messages = %v, want 1", got)
	}
	if got := metricSum(t, reg, "lingting_bus_redelivered_messages_total"); got < 1 {
		t.Errorf("redelivered messages = %v, want at least 1", got)
	}
}

func publishOne(t *testing.T, p bus.Publisher, topic, value string) {
	t.Helper()
	err := p.Publish(context.Background(), topic, bus.Message{Key: []byte("k"), Value: []byte(value)})
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
}

// metricSum adds up every series of the named counter or gauge in reg.
func metricSum(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return sum
}
