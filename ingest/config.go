package ingest

import (
	"errors"
	"fmt"
	"time"
)

// RunnerConfig tunes a Runner. The zero value is valid: every zero field takes its default.
type RunnerConfig struct {
	// Interval is the minimum time between two fetches: the polling rate a platform's
	// API quota allows. Default 0: no limit.
	Interval time.Duration `yaml:"interval"`
	// IdleWait is how long the Runner waits after a batch with no records before it asks
	// again. Default 1s.
	IdleWait time.Duration `yaml:"idle_wait"`
	// Backoff governs retries of failed fetches, publishes and checkpoint saves.
	Backoff BackoffConfig `yaml:"backoff"`
}

// BackoffConfig is an exponential back-off with jitter: the n-th consecutive retry waits a
// random duration in [d/2, d] where d = min(Max, Initial·2ⁿ⁻¹). A success resets n.
type BackoffConfig struct {
	// Initial is the first retry's upper bound. Default 200ms.
	Initial time.Duration `yaml:"initial"`
	// Max caps the delay. Default 30s. Must not be below Initial.
	Max time.Duration `yaml:"max"`
}

// Defaults applied to zero fields.
const (
	DefaultIdleWait       = time.Second
	DefaultBackoffInitial = 200 * time.Millisecond
	DefaultBackoffMax     = 30 * time.Second
)

// Validate reports the first invalid field, by its YAML name.
func (c RunnerConfig) Validate() error {
	switch {
	case c.Interval < 0:
		return fmt.Errorf("interval: must not be negative, got %s", c.Interval)
	case c.IdleWait < 0:
		return fmt.Errorf("idle_wait: must not be negative, got %s", c.IdleWait)
	}
	if err := c.Backoff.Validate(); err != nil {
		return fmt.Errorf("backoff.%w", err)
	}
	return nil
}

// Validate reports the first invalid field, by its YAML name.
func (c BackoffConfig) Validate() error {
	switch {
	case c.Initial < 0:
		return fmt.Errorf("initial: must not be negative, got %s", c.Initial)
	case c.Max < 0:
		return fmt.Errorf("max: must not be negative, got %s", c.Max)
	}
	d := c.withDefaults()
	if d.Max < d.Initial {
		return errors.New("max: must not be below initial")
	}
	return nil
}

func (c RunnerConfig) withDefaults() RunnerConfig {
	if c.IdleWait == 0 {
		c.IdleWait = DefaultIdleWait
	}
	c.Backoff = c.Backoff.withDefaults()
	return c
}

func (c BackoffConfig) withDefaults() BackoffConfig {
	if c.Initial == 0 {
		c.Initial = DefaultBackoffInitial
	}
	if c.Max == 0 {
		c.Max = DefaultBackoffMax
	}
	return c
}
