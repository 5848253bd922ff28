package bus_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"gopkg.in/yaml.v3"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/bus/bustest"
)

// testKafkaPartitions is the partition count of every topic in the Kafka tests.
const testKafkaPartitions = 4

// newKFake starts a one-broker Kafka-protocol cluster on 127.0.0.1 with topics and the
// bus's own topics.
func newKFake(t testing.TB, topics ...string) []string {
	t.Helper()
	topics = append(topics, bus.TopicMentions, bus.TopicEnriched, bus.TopicDeadLetters)
	return newKFakeTopics(t, testKafkaPartitions, topics...)
}

// newKFakeTopics starts a one-broker cluster on 127.0.0.1 with only the given topics.
func newKFakeTopics(t testing.TB, partitions int32, topics ...string) []string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0),
		kfake.SeedTopics(partitions, topics...),
		kfake.GroupMinSessionTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatalf("starting kfake: %v", err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// testKafkaConfig tunes group membership and batching for a local broker: quick joins,
// heartbeats and back-offs, so rebalances settle in well under a second.
func testKafkaConfig(brokers []string) bus.KafkaConfig {
	return bus.KafkaConfig{
		Brokers: brokers, BatchSize: 16, BatchWait: 5 * time.Millisecond, MaxInFlight: 64,
		BackoffMin: time.Millisecond, BackoffMax: 10 * time.Millisecond,
		MaxWait: 50 * time.Millisecond, SessionTimeout: 2 * time.Second,
		HeartbeatInterval: 100 * time.Millisecond, RebalanceTimeout: 2 * time.Second,
		JoinGroupBackoff: 50 * time.Millisecond,
		ReadBackoffMin:   5 * time.Millisecond, ReadBackoffMax: 50 * time.Millisecond,
	}
}

func newKafka(t testing.TB, cfg bus.KafkaConfig) *bus.Kafka {
	t.Helper()
	k, err := bus.NewKafka(cfg, nil, nil)
	if err != nil {
		t.Fatalf("NewKafka: %v", err)
	}
	t.Cleanup(func() {
		if err := k.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return k
}

func TestKafkaConformance(t *testing.T) {
	bustest.Run(t, func(t *testing.T) (bus.Publisher, bus.Consumer) {
		k := newKafka(t, testKafkaConfig(newKFake(t, bustest.Topic(t))))
		return k, k
	})
}

func TestKafkaEnsureTopics(t *testing.T) {
	k := newKafka(t, testKafkaConfig(newKFake(t)))
	ctx := context.Background()
	for range 2 { // the second call finds the topics there
		if err := k.EnsureTopics(ctx, 2, 1, "new.topic"); err != nil {
			t.Fatalf("EnsureTopics: %v", err)
		}
	}
	if err := k.Publish(ctx, "new.topic", bus.Message{Key: []byte("k"), Value: []byte("v")}); err != nil {
		t.Fatalf("Publish to the created topic: %v", err)
	}
}

func TestKafkaConfigValidate(t *testing.T) {
	ok := []string{"127.0.0.1:9092"}
	tests := []struct {
		name string
		cfg  bus.KafkaConfig
		want string
	}{
		{"brokers only", bus.KafkaConfig{Brokers: ok}, ""},
		{"no brokers", bus.KafkaConfig{}, "brokers"},
		{"empty broker", bus.KafkaConfig{Brokers: []string{""}}, "brokers[0]"},
		{"negative batch", bus.KafkaConfig{Brokers: ok, BatchSize: -1}, "batch_size"},
		{"batch over cap", bus.KafkaConfig{Brokers: ok, BatchSize: 100, MaxInFlight: 10}, "max_in_flight"},
		{"heartbeat too slow", bus.KafkaConfig{Brokers: ok, HeartbeatInterval: time.Minute}, "heartbeat_interval"},
		{"negative wait", bus.KafkaConfig{Brokers: ok, MaxWait: -1}, "max_wait"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkValidate(t, tc.cfg.Validate(), tc.want)
		})
	}
}

func TestKafkaConfigYAML(t *testing.T) {
	var cfg bus.KafkaConfig
	src := "brokers: [a:9092, b:9092]\nbatch_wait: 250ms\nsession_timeout: 10s\nmax_in_flight: 4000\n"
	if err := yaml.Unmarshal([]byte(src), &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Brokers) != 2 || cfg.BatchWait != 250*time.Millisecond ||
		cfg.SessionTimeout != 10*time.Second || cfg.MaxInFlight != 4000 {
		t.Errorf("decoded %+v", cfg)
	}
	checkValidate(t, cfg.Validate(), "")
}

// TestKafkaPublishError: a write the broker refuses comes back as an error naming the
// topic, not as silent loss.
func TestKafkaPublishError(t *testing.T) {
	k := newKafka(t, testKafkaConfig(newKFakeTopics(t, 1, "exists")))
	err := k.Publish(context.Background(), "missing", bus.Message{Key: []byte("k"), Value: []byte("v")})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Publish to a missing topic = %v, want an error naming it", err)
	}
}
