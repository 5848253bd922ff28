package replay

import (
	"errors"
	"fmt"
	"os"
)

// Config says what to replay.
type Config struct {
	// Name identifies the source (checkpoint key, metric label). Default "replay".
	Name string `yaml:"name"`
	// Paths are the files to read, in order; names ending in ".gz" are gunzipped.
	// Required. Changing the list between runs invalidates saved cursors.
	Paths []string `yaml:"paths"`
	// BatchSize is the most lines one Fetch returns. Default 500.
	BatchSize int `yaml:"batch_size"`
	// MaxLineBytes bounds one line; a longer line becomes a dead letter holding its first
	// MaxLineBytes bytes. Default 16 MiB.
	MaxLineBytes int `yaml:"max_line_bytes"`
}

// Defaults applied to zero fields.
const (
	DefaultName         = "replay"
	DefaultBatchSize    = 500
	DefaultMaxLineBytes = 16 << 20
)

// Validate reports the first invalid field, by its YAML name. It also checks that every
// path is a regular file that exists now.
func (c Config) Validate() error {
	switch {
	case len(c.Paths) == 0:
		return errors.New("paths: at least one file is required")
	case c.BatchSize < 0:
		return fmt.Errorf("batch_size: must not be negative, got %d", c.BatchSize)
	case c.MaxLineBytes < 0:
		return fmt.Errorf("max_line_bytes: must not be negative, got %d", c.MaxLineBytes)
	}
	for i, p := range c.Paths {
		st, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("paths[%d]: %w", i, err)
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("paths[%d]: %s is not a regular file", i, p)
		}
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Name == "" {
		c.Name = DefaultName
	}
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.MaxLineBytes == 0 {
		c.MaxLineBytes = DefaultMaxLineBytes
	}
	return c
}
