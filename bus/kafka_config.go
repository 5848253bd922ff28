package bus

import (
	"errors"
	"fmt"
	"time"
)

// KafkaConfig configures the Kafka bus. Zero fields take their defaults.
type KafkaConfig struct {
	// Brokers are the bootstrap addresses, host:port. Required.
	Brokers []string `yaml:"brokers"`
	// ClientID names this process to the brokers. Default "lingting".
	ClientID string `yaml:"client_id"`

	// WriteBatchSize is the most messages the producer sends per partition in one
	// request. Default 1000.
	WriteBatchSize int `yaml:"write_batch_size"`
	// WriteBatchTimeout is how long the producer waits for a partition's batch to fill;
	// Publish is synchronous, so keep it small. Default 5ms.
	WriteBatchTimeout time.Duration `yaml:"write_batch_timeout"`
	// WriteTimeout bounds one produce request. Default 10s.
	WriteTimeout time.Duration `yaml:"write_timeout"`

	// BatchSize is the most messages handed to a handler at once. Default 500.
	BatchSize int `yaml:"batch_size"`
	// BatchWait is how long a consumer waits for a batch to fill once it has a first
	// message. Default 100ms.
	BatchWait time.Duration `yaml:"batch_wait"`
	// MaxInFlight caps the messages a consumer holds fetched but not yet committed: the
	// batch with the handler plus kafka-go's read-ahead queue. Default 2000; at least
	// BatchSize.
	MaxInFlight int `yaml:"max_in_flight"`
	// BackoffMin is the wait before the first redelivery of a failed batch; it doubles
	// per failure up to BackoffMax. Defaults 100ms and 10s.
	BackoffMin time.Duration `yaml:"backoff_min"`
	BackoffMax time.Duration `yaml:"backoff_max"`

	// MaxWait is the longest a fetch request waits for data on the broker. Default 500ms.
	MaxWait time.Duration `yaml:"max_wait"`
	// MaxBytes is the most bytes one fetch request returns. Default 10 MiB.
	MaxBytes int `yaml:"max_bytes"`
	// SessionTimeout is how long the group coordinator waits for a silent member before
	// rebalancing it away. Default 30s.
	SessionTimeout time.Duration `yaml:"session_timeout"`
	// HeartbeatInterval is how often a member heartbeats, which is also how soon it
	// notices a rebalance. Default 3s; less than SessionTimeout.
	HeartbeatInterval time.Duration `yaml:"heartbeat_interval"`
	// RebalanceTimeout is how long the coordinator waits for members to rejoin during a
	// rebalance. Default 30s.
	RebalanceTimeout time.Duration `yaml:"rebalance_timeout"`
	// JoinGroupBackoff is the wait before retrying a failed group join. Default 5s.
	JoinGroupBackoff time.Duration `yaml:"join_group_backoff"`
	// ReadBackoffMin and ReadBackoffMax bound the wait after an empty or failed fetch.
	// Defaults 100ms and 1s.
	ReadBackoffMin time.Duration `yaml:"read_backoff_min"`
	ReadBackoffMax time.Duration `yaml:"read_backoff_max"`
}

// Validate reports the first invalid field. Zero values are valid (they mean the default)
// except Brokers.
func (c KafkaConfig) Validate() error {
	if len(c.Brokers) == 0 {
		return errors.New("bus kafka config: brokers is empty")
	}
	for i, b := range c.Brokers {
		if b == "" {
			return fmt.Errorf("bus kafka config: brokers[%d] is empty", i)
		}
	}
	if err := c.validateSigns(); err != nil {
		return err
	}
	d := c.withDefaults()
	switch {
	case d.BatchSize > d.MaxInFlight:
		return fmt.Errorf("bus kafka config: batch_size %d exceeds max_in_flight %d", d.BatchSize, d.MaxInFlight)
	case d.HeartbeatInterval >= d.SessionTimeout:
		return fmt.Errorf("bus kafka config: heartbeat_interval %s is not below session_timeout %s",
			d.HeartbeatInterval, d.SessionTimeout)
	case d.BackoffMin > d.BackoffMax:
		return errors.New("bus kafka config: backoff_min exceeds backoff_max")
	case d.ReadBackoffMin > d.ReadBackoffMax:
		return errors.New("bus kafka config: read_backoff_min exceeds read_backoff_max")
	}
	return nil
}

func (c KafkaConfig) validateSigns() error {
	ints := []struct {
		name string
		v    int
	}{{"write_batch_size", c.WriteBatchSize}, {"batch_size", c.BatchSize},
		{"max_in_flight", c.MaxInFlight}, {"max_bytes", c.MaxBytes}}
	for _, f := range ints {
		if f.v < 0 {
			return fmt.Errorf("bus kafka config: %s %d is negative", f.name, f.v)
		}
	}
	durs := []struct {
		name string
		v    time.Duration
	}{{"write_batch_timeout", c.WriteBatchTimeout}, {"write_timeout", c.WriteTimeout},
		{"batch_wait", c.BatchWait}, {"backoff_min", c.BackoffMin}, {"backoff_max", c.BackoffMax},
		{"max_wait", c.MaxWait}, {"session_timeout", c.SessionTimeout},
		{"heartbeat_interval", c.HeartbeatInterval}, {"rebalance_timeout", c.RebalanceTimeout},
		{"join_group_backoff", c.JoinGroupBackoff}, {"read_backoff_min", c.ReadBackoffMin},
		{"read_backoff_max", c.ReadBackoffMax}}
	for _, f := range durs {
		if f.v < 0 {
			return fmt.Errorf("bus kafka config: %s %s is negative", f.name, f.v)
		}
	}
	return nil
}

// withDefaults returns c with every zero field set to its default.
func (c KafkaConfig) withDefaults() KafkaConfig {
	if c.ClientID == "" {
		c.ClientID = "lingting"
	}
	c.WriteBatchSize = orDefault(c.WriteBatchSize, 1000)
	c.WriteBatchTimeout = orDefault(c.WriteBatchTimeout, 5*time.Millisecond)
	c.WriteTimeout = orDefault(c.WriteTimeout, 10*time.Second)
	c.BatchSize = orDefault(c.BatchSize, 500)
	c.BatchWait = orDefault(c.BatchWait, 100*time.Millisecond)
	c.MaxInFlight = orDefault(c.MaxInFlight, 2000)
	c.BackoffMin = orDefault(c.BackoffMin, 100*time.Millisecond)
	c.BackoffMax = orDefault(c.BackoffMax, 10*time.Second)
	c.MaxWait = orDefault(c.MaxWait, 500*time.Millisecond)
	c.MaxBytes = orDefault(c.MaxBytes, 10<<20)
	c.SessionTimeout = orDefault(c.SessionTimeout, 30*time.Second)
	c.HeartbeatInterval = orDefault(c.HeartbeatInterval, 3*time.Second)
	c.RebalanceTimeout = orDefault(c.RebalanceTimeout, 30*time.Second)
	c.JoinGroupBackoff = orDefault(c.JoinGroupBackoff, 5*time.Second)
	c.ReadBackoffMin = orDefault(c.ReadBackoffMin, 100*time.Millisecond)
	c.ReadBackoffMax = orDefault(c.ReadBackoffMax, time.Second)
	return c
}

func (c KafkaConfig) batching() batching {
	return batching{size: c.BatchSize, wait: c.BatchWait, backoffMin: c.BackoffMin, backoffMax: c.BackoffMax}
}
