package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/douyin"
	"github.com/lingting/lingting/ingest/wecom"
	"github.com/lingting/lingting/ingest/wecom/sdkbridge"
)

// samplePlatformConfig is the platform part of docs/collectors.md's example.
const samplePlatformConfig = `
data_dir: %DIR%
sources:
  weibo:
    accounts: ["1404376560"]
    posts: ["4990000000000001"]
    access_token_env: TEST_WEIBO_TOKEN
  douyin:
    client_key: awx1334dlkfj3
    client_secret_env: TEST_DOUYIN_SECRET
    webhook:
      listen: 127.0.0.1:0
      spool_dir: %DIR%/douyin-spool
  wecom:
    corp_id: ww1234567890abcdef
    callback:
      listen: 127.0.0.1:0
      spool_dir: %DIR%/wecom-spool
      token_env: TEST_WECOM_TOKEN
      encoding_aes_key_env: TEST_WECOM_AES
`

func writePlatformConfig(t *testing.T) string {
	dir := t.TempDir()
	path := filepath.Join(dir, "lingting.yaml")
	os.WriteFile(path, []byte(strings.ReplaceAll(samplePlatformConfig, "%DIR%", dir)), 0o600)
	t.Setenv("TEST_WEIBO_TOKEN", "2.00weibo")
	t.Setenv("TEST_DOUYIN_SECRET", "douyin-secret")
	t.Setenv("TEST_WECOM_TOKEN", "QDG6eK")
	t.Setenv("TEST_WECOM_AES", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C")
	return path
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestPlatformSources builds every platform collector from the sample config: three
// sources and two receivers; a signed Douyin webhook posted to its route is spooled and
// comes out of the webhook source.
func TestPlatformSources(t *testing.T) {
	ps := loadPlatforms(t)
	rig, err := platformSources(ps, nil, discard())
	if err != nil {
		t.Fatal(err)
	}
	defer rig.Close()
	var names []string
	for _, s := range rig.sources {
		names = append(names, s.Name())
	}
	if got := strings.Join(names, " "); got != "weibo douyin-webhook wecom-events" {
		t.Fatalf("sources %q", got)
	}
	if len(rig.routes) != 2 || rig.routes[0].path != "/douyin/webhook" || rig.routes[1].path != "/wecom/callback" {
		t.Fatalf("routes %+v", rig.routes)
	}
	body := []byte(`{"event":"item_comment_reply","content":{"comment_id":"c1","comment_user_id":"u1","content":"好","create_time":1571076000,"reply_to_item_id":"v1"}}`)
	req := httptest.NewRequest(http.MethodPost, "/douyin/webhook", bytes.NewReader(body))
	req.Header.Set("X-Douyin-Signature", douyin.Sign("douyin-secret", body))
	rec := httptest.NewRecorder()
	rig.routes[0].handler.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("webhook answered %d", rec.Code)
	}
	b, err := rig.sources[1].Fetch(t.Context(), "")
	if err != nil || len(b.Raws) != 1 || b.Raws[0].NativeID != "c1" {
		t.Fatalf("webhook source: %+v, %v", b, err)
	}
}

func TestPlatformSourcesErrors(t *testing.T) {
	ps := loadPlatforms(t)
	if _, err := ps.only("twitter"); err == nil {
		t.Error("unknown platform accepted")
	}
	if _, err := (PlatformSources{}).only("weibo"); err == nil || !strings.Contains(err.Error(), "sources.weibo") {
		t.Errorf("missing section: %v", err)
	}
	t.Setenv("TEST_WEIBO_TOKEN", "")
	if _, err := platformSources(PlatformSources{Weibo: ps.Weibo}, nil, discard()); err == nil || !strings.Contains(err.Error(), "TEST_WEIBO_TOKEN") {
		t.Errorf("missing token: %v", err)
	}
	bad := *ps.Weibo
	bad.Accounts = []string{"x"}
	if err := (PlatformSources{Weibo: &bad}).Validate(); err == nil || !strings.Contains(err.Error(), "sources.weibo.accounts[0]") {
		t.Errorf("Validate: %v", err)
	}
}

// TestWeComArchiveNeedsTag: without -tags wecomsdk the archive says how to get the bridge.
func TestWeComArchiveNeedsTag(t *testing.T) {
	if _, err := sdkbridge.Open(sdkbridge.Config{}); !errors.Is(err, sdkbridge.ErrNotBuilt) {
		t.Skip("built with the SDK bridge")
	}
	key := filepath.Join(t.TempDir(), "k.pem")
	os.WriteFile(key, []byte("unused"), 0o600)
	t.Setenv("LINGTING_WECOM_ARCHIVE_SECRET", "s")
	ps := PlatformSources{WeCom: &wecomArchiveOnly}
	ps.WeCom.Archive.PrivateKeys[0].File = key
	_, err := platformSources(ps, nil, discard())
	if !errors.Is(err, sdkbridge.ErrNotBuilt) {
		t.Fatalf("platformSources = %v, want ErrNotBuilt", err)
	}
}

var wecomArchiveOnly = wecom.Config{CorpID: "ww1", Archive: &wecom.ArchiveConfig{LibraryPath: "/opt/wecom/libWeWorkFinanceSdk_C.so",
	PrivateKeys: []wecom.PrivateKeyConfig{{Version: 1, File: "set by the test"}}}}

// TestCollectPlatforms runs the Douyin webhook collector as the command does: a signed
// webhook posted over HTTP to its listener comes out on the bus.
func TestCollectPlatforms(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the collector listens there
	t.Setenv("TEST_DOUYIN_SECRET", "douyin-secret")
	ps := PlatformSources{Douyin: &douyin.Config{ClientSecretEnv: "TEST_DOUYIN_SECRET",
		Webhook: &douyin.WebhookConfig{Listen: addr, SpoolDir: t.TempDir()}}}

	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	defer b.Close()
	b.Subscribe(bus.TopicMentions, "test")
	got := make(chan string, 10)
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() {
		b.Consume(ctx, bus.TopicMentions, "test", func(_ context.Context, batch []bus.Message) error {
			for _, m := range batch {
				got <- string(m.Key)
			}
			return nil
		})
	})
	rc := ingest.RunnerConfig{IdleWait: time.Millisecond}
	wg.Go(func() {
		if err := collectPlatforms(ctx, ps, b, &ingest.MemoryCheckpoints{}, rc, parsers(), nil, discard(), nil); err != nil {
			t.Errorf("collectPlatforms: %v", err)
		}
	})
	body := []byte(`{"event":"item_comment_reply","content":"{\"comment_id\":\"c9\",\"comment_user_id\":\"u1\",\"content\":\"好\",\"create_time\":1571076000,\"reply_to_item_id\":\"v1\"}"}`)
	for {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+addr+"/douyin/webhook", bytes.NewReader(body))
		req.Header.Set("X-Douyin-Signature", douyin.Sign("douyin-secret", body))
		req.Header.Set("Msg-Id", "m-1")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("webhook answered %d", resp.StatusCode)
			}
			break
		}
		if t.Context().Err() != nil {
			t.Fatal("the listener never came up")
		}
		time.Sleep(5 * time.Millisecond) // the listener is still starting
	}
	if key := <-got; key != "douyin:c9" {
		t.Fatalf("mention %q, want douyin:c9", key)
	}
	cancel()
	wg.Wait()
	http.DefaultClient.CloseIdleConnections()
}

type fixedProgress float64

func (f fixedProgress) BackfillProgress() float64 { return float64(f) }

func TestDrawProgress(t *testing.T) {
	if got := progressLine("weibo backfill", 0.5); got != "weibo backfill [###############···············]  50%" {
		t.Errorf("progressLine = %q", got)
	}
	if got := progressLine("x", 7); !strings.HasSuffix(got, "100%") {
		t.Errorf("progressLine over 1 = %q", got)
	}
	var buf bytes.Buffer
	done := make(chan struct{})
	close(done)
	drawProgress(&buf, "weibo backfill", fixedProgress(1), done, time.Hour)
	if buf.String() != "\rweibo backfill [##############################] 100%\n" {
		t.Errorf("final line %q", buf.String())
	}
}

// loadPlatforms loads the sample config the way the commands do and returns its platform
// sections.
func loadPlatforms(t *testing.T) PlatformSources {
	t.Helper()
	cfg, err := loadConfig(writePlatformConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Sources.PlatformSources
}
