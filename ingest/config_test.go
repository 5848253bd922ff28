package ingest_test

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/lingting/lingting/ingest"
)

func TestRunnerConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  ingest.RunnerConfig
		want string // "" = valid
	}{
		{"zero value", ingest.RunnerConfig{}, ""},
		{"all set", ingest.RunnerConfig{Interval: time.Second, IdleWait: time.Second, Backoff: ingest.BackoffConfig{Initial: time.Second, Max: time.Minute}}, ""},
		{"negative interval", ingest.RunnerConfig{Interval: -1}, "interval:"},
		{"negative idle wait", ingest.RunnerConfig{IdleWait: -1}, "idle_wait:"},
		{"negative initial", ingest.RunnerConfig{Backoff: ingest.BackoffConfig{Initial: -1}}, "backoff.initial:"},
		{"negative max", ingest.RunnerConfig{Backoff: ingest.BackoffConfig{Max: -1}}, "backoff.max:"},
		{"max below initial", ingest.RunnerConfig{Backoff: ingest.BackoffConfig{Initial: time.Second, Max: time.Millisecond}}, "backoff.max:"},
		{"initial above default max", ingest.RunnerConfig{Backoff: ingest.BackoffConfig{Initial: time.Hour}}, "backoff.max:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error starting %q", err, tc.want)
			}
		})
	}
}

func TestRunnerConfigYAML(t *testing.T) {
	var cfg ingest.RunnerConfig
	in := "interval: 2s\nidle_wait: 500ms\nbackoff:\n  initial: 100ms\n  max: 1m\n"
	if err := yaml.Unmarshal([]byte(in), &cfg); err != nil {
		t.Fatal(err)
	}
	want := ingest.RunnerConfig{Interval: 2 * time.Second, IdleWait: 500 * time.Millisecond, Backoff: ingest.BackoffConfig{Initial: 100 * time.Millisecond, Max: time.Minute}}
	if cfg != want {
		t.Fatalf("decoded %+v, want %+v", cfg, want)
	}
}
