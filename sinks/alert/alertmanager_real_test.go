package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// alertmanagerBin is Debian's prometheus-alertmanager.
const alertmanagerBin = "/usr/bin/prometheus-alertmanager"

// needAlertmanager returns the binary's path, failing under CI (which must install it)
// and skipping elsewhere when it is missing.
func needAlertmanager(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(alertmanagerBin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install the Debian package prometheus-alertmanager", alertmanagerBin)
		}
		t.Skipf("%s is missing (apt-get install -y prometheus-alertmanager)", alertmanagerBin)
	}
	return alertmanagerBin
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// amWebhook is what Alertmanager's webhook receiver posts.
type amWebhook struct {
	Status string `json:"status"`
	Alerts []struct {
		Status      string            `json:"status"`
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
	} `json:"alerts"`
}

// TestRealAlertmanager posts a firing and then a resolved alert to a real Alertmanager
// that routes to a webhook receiver in the test, and waits for both to arrive.
func TestRealAlertmanager(t *testing.T) {
	bin := needAlertmanager(t)
	got := make(chan amWebhook, 16)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p amWebhook
		if err := json.NewDecoder(r.Body).Decode(&p); err == nil {
			got <- p
		}
	}))
	defer hook.Close()
	dir := t.TempDir()
	conf := fmt.Sprintf(`route:
  receiver: test
  group_by: [alertname, brand]
  group_wait: 100ms
  group_interval: 200ms
  repeat_interval: 1h
receivers:
  - name: test
    webhook_configs:
      - url: %s/hook
        send_resolved: true
`, hook.URL)
	if err := os.WriteFile(filepath.Join(dir, "am.yml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "am.yml"), "--storage.path="+dir,
		"--web.listen-address="+addr, "--cluster.listen-address=")
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting alertmanager: %v", err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	waitReady(t, "http://"+addr+"/-/ready")

	am := NewAlertmanager(AlertmanagerConfig{URL: "http://" + addr, Labels: map[string]string{"team": "pr"}})
	ctx := context.Background()
	firing := sampleAlert(1, Firing, 2)
	if err := am.Notify(ctx, []Alert{firing}); err != nil {
		t.Fatal(err)
	}
	p := await(t, got, "firing")
	if l := p.Alerts[0].Labels; l["brand"] != "茶小满" || l["alertname"] != "LingtingNegativeVolume" || l["team"] != "pr" {
		t.Errorf("firing labels %v", l)
	}
	if p.Alerts[0].Annotations["summary"] != firing.Summary {
		t.Errorf("firing annotations %v", p.Alerts[0].Annotations)
	}
	if err := am.Notify(ctx, []Alert{sampleAlert(1, Resolved, 2)}); err != nil {
		t.Fatal(err)
	}
	await(t, got, "resolved")
}

func waitReady(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("alertmanager did not become ready within 30 s")
}

// await returns the first webhook call with the wanted status (waiting at most 30 s).
func await(t *testing.T, got <-chan amWebhook, status string) amWebhook {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case p := <-got:
			if p.Status == status && len(p.Alerts) > 0 && p.Alerts[0].Status == status {
				return p
			}
		case <-timeout:
			t.Fatalf("no %s notification from alertmanager within 30 s", status)
		}
	}
}
