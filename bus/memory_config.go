package bus

import (
	"errors"
	"fmt"
	"time"
)

// MemoryConfig configures the in-process bus. Zero fields take their defaults.
type MemoryConfig struct {
	// Partitions per topic; messages with the same key go to the same partition and keep
	// their order. Default 8.
	Partitions int `yaml:"partitions"`
	// MaxInFlight caps the messages of one topic published but not yet acknowledged by
	// every subscribed group; Publish blocks while the topic is full. Default 10000.
	MaxInFlight int `yaml:"max_in_flight"`
	// BatchSize is the most messages handed to a handler at once. Default 500.
	BatchSize int `yaml:"batch_size"`
	// BatchWait is how long a consumer waits for a batch to fill once it has a first
	// message. Default 50ms.
	BatchWait time.Duration `yaml:"batch_wait"`
	// BackoffMin is the wait before the first redelivery of a failed batch; it doubles
	// per failure up to BackoffMax. Defaults 100ms and 10s.
	BackoffMin time.Duration `yaml:"backoff_min"`
	BackoffMax time.Duration `yaml:"backoff_max"`
}

// Validate reports the first invalid field. Zero values are valid (they mean the default).
func (c MemoryConfig) Validate() error {
	switch {
	case c.Partitions < 0:
		return fmt.Errorf("bus memory config: partitions %d is negative", c.Partitions)
	case c.MaxInFlight < 0:
		return fmt.Errorf("bus memory config: max_in_flight %d is negative", c.MaxInFlight)
	case c.BatchSize < 0:
		return fmt.Errorf("bus memory config: batch_size %d is negative", c.BatchSize)
	case c.BatchWait < 0:
		return fmt.Errorf("bus memory config: batch_wait %s is negative", c.BatchWait)
	case c.BackoffMin < 0:
		return fmt.Errorf("bus memory config: backoff_min %s is negative", c.BackoffMin)
	case c.BackoffMax < 0:
		return fmt.Errorf("bus memory config: backoff_max %s is negative", c.BackoffMax)
	}
	d := c.withDefaults()
	switch {
	case d.BatchSize > d.MaxInFlight:
		return fmt.Errorf("bus memory config: batch_size %d exceeds max_in_flight %d", d.BatchSize, d.MaxInFlight)
	case d.BackoffMin > d.BackoffMax:
		return errors.New("bus memory config: backoff_min exceeds backoff_max")
	}
	return nil
}

// withDefaults returns c with every zero or negative field set to its default.
func (c MemoryConfig) withDefaults() MemoryConfig {
	c.Partitions = orDefault(c.Partitions, 8)
	c.MaxInFlight = orDefault(c.MaxInFlight, 10000)
	c.BatchSize = orDefault(c.BatchSize, 500)
	c.BatchWait = orDefault(c.BatchWait, 50*time.Millisecond)
	c.BackoffMin = orDefault(c.BackoffMin, 100*time.Millisecond)
	c.BackoffMax = orDefault(c.BackoffMax, 10*time.Second)
	c.BackoffMax = max(c.BackoffMax, c.BackoffMin)
	return c
}

func (c MemoryConfig) batching() batching {
	return batching{size: c.BatchSize, wait: c.BatchWait, backoffMin: c.BackoffMin, backoffMax: c.BackoffMax}
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
