package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAlertEvalQuick plays two simulated days (both default crises) through parsing,
// enrichment and the detectors: both crises are caught and nothing else fires.
func TestAlertEvalQuick(t *testing.T) {
	var out bytes.Buffer
	if err := runAlertEval(context.Background(), []string{"--days", "2"}, stdio{out: &out, err: &out}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Count(s, "  yes  ") != 2 || strings.Contains(s, "  NO") || strings.Contains(s, "false alarm:") {
		t.Fatalf("eval output:\n%s", s)
	}
}

// TestAlertBenchWiring runs the embedded pipeline with the alert stage and a webhook:
// every probe's alert arrives.
func TestAlertBenchWiring(t *testing.T) {
	var out bytes.Buffer
	if err := runAlertBench(context.Background(), []string{"--alerts", "5", "--load", "20"}, stdio{out: &out, err: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "p99") {
		t.Fatalf("bench output:\n%s", out.String())
	}
}

func TestLoadAlertConfig(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"no alert section", "log_level: warn\n", ""},
		{"full section", `log_level: warn
alert:
  detect:
    defaults:
      volume: {min_count: 8, z: 5}
    brands:
      - name: 茶小满
        reach: {min_followers: 50000}
  notifiers:
    alertmanager: {url: "http://127.0.0.1:9093"}
    wecom: {url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}
    webhooks:
      - {url: "http://127.0.0.1:9000/hook", secret: s}
`, ""},
		{"unknown alert field", "alert:\n  detect:\n    volme: {}\n", "volme"},
		{"unknown top field", "alert: {}\nlog_levl: warn\n", "log_levl"},
		{"webhook without secret", "alert:\n  notifiers:\n    webhooks: [{url: 'http://x'}]\n", "alert.notifiers.webhooks[0]"},
		{"bad brand rule", "alert:\n  detect:\n    brands: [{name: B, volume: {alpha: 2}}]\n", "alert.detect: brands[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			os.WriteFile(path, []byte(tt.yaml), 0o600)
			cfg, err := loadConfig(path)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatal(err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one naming %q", err, tt.wantErr)
			case tt.wantErr == "" && cfg.LogLevel != "warn":
				t.Errorf("the rest of the file was not read: log_level %q", cfg.LogLevel)
			}
		})
	}
}
