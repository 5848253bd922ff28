//go:build wecomsdk && cgo

package sdkbridge_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/wecom"
	"github.com/lingting/lingting/ingest/wecom/sdkbridge"
)

// buildDouble compiles testdata/fakesdk.c into a shared library the bridge loads.
func buildDouble(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("gcc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("gcc not found: install the Debian package gcc")
		}
		t.Skip("gcc not found")
	}
	lib := filepath.Join(t.TempDir(), "libWeWorkFinanceSdk_C.so")
	out, err := exec.Command("gcc", "-Wall", "-shared", "-fPIC", "-I.", "-o", lib, "testdata/fakesdk.c").CombinedOutput()
	if err != nil {
		t.Fatalf("building the SDK double: %v\n%s", err, out)
	}
	return lib
}

// fixtures writes an RSA key (publickey_ver 3) and a chat-data file of the wecom
// package's testdata messages, each encrypted as the double decrypts.
func fixtures(t *testing.T, names ...string) (keyFile string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	dir := t.TempDir()
	keyFile = filepath.Join(dir, "v3.pem")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	var lines strings.Builder
	for i, name := range names {
		msg, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		random := fmt.Sprintf("r%031d", i)
		wrapped, _ := rsa.EncryptPKCS1v15(rand.Reader, &key.PublicKey, []byte(random))
		ct := make([]byte, len(msg))
		for j := range msg {
			ct[j] = msg[j] ^ random[j%len(random)]
		}
		rec, _ := json.Marshal(map[string]any{"seq": 200 + i, "msgid": fmt.Sprintf("m%d", i), "publickey_ver": 3,
			"encrypt_random_key": base64.StdEncoding.EncodeToString(wrapped), "encrypt_chat_msg": base64.StdEncoding.EncodeToString(ct)})
		fmt.Fprintf(&lines, "%d\t%s\n", 200+i, rec)
	}
	data := filepath.Join(dir, "chatdata.tsv")
	os.WriteFile(data, []byte(lines.String()), 0o600)
	t.Setenv("LINGTING_FAKESDK_CHATDATA", data)
	t.Setenv("LINGTING_FAKESDK_SECRET", "archive-secret")
	return keyFile
}

func TestBridgeCalls(t *testing.T) {
	lib := buildDouble(t)
	fixtures(t, "text.json", "image_room.json", "revoke.json")
	if _, err := sdkbridge.Open(sdkbridge.Config{LibraryPath: filepath.Join(t.TempDir(), "missing.so"), CorpID: "ww1", Secret: "x"}); err == nil {
		t.Fatal("a missing library opened")
	}
	var sdkErr *wecom.SDKError
	if _, err := sdkbridge.Open(sdkbridge.Config{LibraryPath: lib, CorpID: "ww1", Secret: "wrong"}); !errors.As(err, &sdkErr) || sdkErr.Code != 40001 || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("wrong secret: %v", err)
	}
	sdk, err := sdkbridge.Open(sdkbridge.Config{LibraryPath: lib, CorpID: "ww1", Secret: "archive-secret", Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sdk.GetChatData(t.Context(), 200, 1)
	var page struct {
		ErrCode  int `json:"errcode"`
		ChatData []struct {
			Seq            int    `json:"seq"`
			EncryptChatMsg string `json:"encrypt_chat_msg"`
		} `json:"chatdata"`
	}
	if err != nil || json.Unmarshal(raw, &page) != nil || len(page.ChatData) != 1 || page.ChatData[0].Seq != 201 {
		t.Fatalf("GetChatData(200, 1) = %s, %v", raw, err)
	}
	if _, err := sdk.GetChatData(t.Context(), 0, 5000); !errors.As(err, &sdkErr) || sdkErr.Code != 10000 {
		t.Fatalf("limit 5000: %v", err)
	}
	secret := base64.StdEncoding.EncodeToString([]byte{'h' ^ 'k', 'i' ^ 'k'})
	if got, err := sdk.DecryptData("k", secret); err != nil || string(got) != "hi" {
		t.Fatalf("DecryptData = %q, %v", got, err)
	}
	if _, err := sdk.DecryptData("k", "!!!"); !errors.As(err, &sdkErr) || sdkErr.Code != 10006 {
		t.Fatalf("bad cipher text: %v", err)
	}
	sdk.Close()
	if _, err := sdk.GetChatData(t.Context(), 0, 1); err == nil {
		t.Fatal("GetChatData after Close")
	}
}

// crashing wraps the bridge and cancels the run on its n-th GetChatData.
type crashing struct {
	*sdkbridge.SDK
	n     int
	calls int
	crash context.CancelFunc
}

func (c *crashing) GetChatData(ctx context.Context, seq uint64, limit int) ([]byte, error) {
	if c.calls++; c.calls == c.n {
		c.crash()
	}
	return c.SDK.GetChatData(ctx, seq, limit)
}

// TestBridgeArchive runs the chat-archive collector over the cgo bridge and the C double:
// a network error, a crash in the middle, a restart from the file checkpoint; every
// message once.
func TestBridgeArchive(t *testing.T) {
	lib := buildDouble(t)
	keyFile := fixtures(t, "text.json", "text_external.json", "image_room.json", "switch.json", "file.json", "revoke.json")
	failFlag := filepath.Join(t.TempDir(), "fail-once")
	os.WriteFile(failFlag, nil, 0o600)
	t.Setenv("LINGTING_FAKESDK_FAIL", failFlag)
	cfg := wecom.Config{CorpID: "ww1", Archive: &wecom.ArchiveConfig{LibraryPath: lib, Limit: 2,
		PrivateKeys: []wecom.PrivateKeyConfig{{Version: 3, File: keyFile}}}}
	open := func() *sdkbridge.SDK {
		sdk, err := sdkbridge.Open(sdkbridge.Config{LibraryPath: lib, CorpID: "ww1", Secret: "archive-secret"})
		if err != nil {
			t.Fatal(err)
		}
		return sdk
	}
	b, keys := memoryBus(t)
	cp, _ := ingest.NewFileCheckpoints(t.TempDir())
	run := func(sdk wecom.SDK, ctx context.Context) {
		src, err := wecom.NewArchiveSource(cfg, sdk, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := ingest.NewRunner(src, ingest.Parsers{event.WeCom: wecom.Parse}, b, cp, fastRunner(), nil, nil).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	ctx, crash := context.WithCancel(t.Context())
	first := &crashing{SDK: open(), n: 3, crash: crash} // call 1 fails (network), 2 delivers, 3 dies
	run(first, ctx)
	first.Close()
	if c, _ := cp.Load(t.Context(), "wecom-archive"); c != "201" {
		t.Fatalf("checkpoint after the crash %q, want 201", c)
	}
	second := open()
	defer second.Close()
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); run(second, ctx) }()
	for c := ""; c != "205"; c, _ = cp.Load(t.Context(), "wecom-archive") {
		if t.Context().Err() != nil {
			t.Fatal("gave up waiting for seq 205")
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	<-done
	got := keys.get()
	if len(got) != 5 {
		t.Fatalf("mentions %v, want 5 (switch skipped)", got)
	}
	for k, n := range got {
		if n != 1 {
			t.Errorf("%s delivered %d times", k, n)
		}
	}
}

type counts struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counts) get() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.m {
		out[k] = v
	}
	return out
}

func memoryBus(t *testing.T) (*bus.Memory, *counts) {
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	c := &counts{m: map[string]int{}}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	b.Subscribe(bus.TopicMentions, "test")
	b.Subscribe(bus.TopicDeadLetters, "test")
	wg.Go(func() {
		b.Consume(ctx, bus.TopicMentions, "test", func(_ context.Context, batch []bus.Message) error {
			c.mu.Lock()
			defer c.mu.Unlock()
			for _, m := range batch {
				c.m[string(m.Key)]++
			}
			return nil
		})
	})
	wg.Go(func() {
		b.Consume(ctx, bus.TopicDeadLetters, "test", func(context.Context, []bus.Message) error { return nil })
	})
	t.Cleanup(func() { cancel(); wg.Wait(); b.Close() })
	return b, c
}

func fastRunner() ingest.RunnerConfig {
	return ingest.RunnerConfig{IdleWait: time.Millisecond, Backoff: ingest.BackoffConfig{Initial: time.Millisecond, Max: 2 * time.Millisecond}}
}
