package wecom

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
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// writeKey writes the test key as PKCS#8 PEM and returns the file.
func writeKey(t testing.TB) string {
	der, err := x509.MarshalPKCS8PrivateKey(testKey())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v3.pem")
	os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	return path
}

// xorCipher is the test doubles' stand-in for the SDK's closed message cipher (the C
// double in sdkbridge implements the same): base64(msg XOR key repeated).
func xorCipher(key string, msg []byte) []byte {
	out := make([]byte, len(msg))
	for i := range msg {
		out[i] = msg[i] ^ key[i%len(key)]
	}
	return out
}

// chatRecords builds GetChatData records for testdata messages: each with its own random
// key, RSA-wrapped for publickey_ver 3 (or ver when the name says "ver9:…").
func chatRecords(t testing.TB, names ...string) []chatDataRecord {
	var recs []chatDataRecord
	for i, name := range names {
		ver := 3
		if v, rest, ok := strings.Cut(name, ":"); ok {
			ver, _ = strconv.Atoi(strings.TrimPrefix(v, "ver"))
			name = rest
		}
		msg, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("k%031d", i) // 32 characters, like the SDK's random keys
		wrapped, err := rsa.EncryptPKCS1v15(rand.Reader, &testKey().PublicKey, []byte(key))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, chatDataRecord{Seq: uint64(100 + i), MsgID: fmt.Sprintf("seq%d", i), PublicKeyVer: ver,
			EncryptRandomKey: base64.StdEncoding.EncodeToString(wrapped),
			EncryptChatMsg:   base64.StdEncoding.EncodeToString(xorCipher(key, msg))})
	}
	return recs
}

// fakeSDK is a Go double of the SDK with the C double's behaviour.
type fakeSDK struct {
	mu     sync.Mutex
	recs   []chatDataRecord
	errs   []error // returned by GetChatData calls, in order, before succeeding
	calls  int
	onCall func(n int)
}

func (f *fakeSDK) GetChatData(_ context.Context, seq uint64, limit int) ([]byte, error) {
	f.mu.Lock()
	f.calls++
	n, hook := f.calls, f.onCall
	var err error
	if len(f.errs) > 0 {
		err, f.errs = f.errs[0], f.errs[1:]
	}
	f.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	if err != nil {
		return nil, err
	}
	out := chatData{ErrMsg: "ok", ChatData: []chatDataRecord{}}
	for _, r := range f.recs {
		if r.Seq > seq && len(out.ChatData) < limit {
			out.ChatData = append(out.ChatData, r)
		}
	}
	return json.Marshal(out)
}

func (f *fakeSDK) DecryptData(key, msg string) ([]byte, error) {
	ct, err := base64.StdEncoding.DecodeString(msg)
	if err != nil || key == "" {
		return nil, &SDKError{Call: "DecryptData", Code: 10006}
	}
	return xorCipher(key, ct), nil
}

func archiveConfig(t testing.TB, limit int) Config {
	return Config{CorpID: testCorp, Archive: &ArchiveConfig{LibraryPath: "unused-by-fakes.so", Limit: limit,
		PrivateKeys: []PrivateKeyConfig{{Version: 3, File: writeKey(t)}}}}
}

var archiveFixtures = []string{"text.json", "text_external.json", "ver9:text.json", "image_room.json", "switch.json", "file.json", "revoke.json", "no_msgid.json"}

// TestArchiveRestart: the collector dies during its second GetChatData; a new one on
// the same checkpoint resumes after the acknowledged seq; every message arrives once,
// the one without a key and the one without msgid as dead letters, switch skipped.
func TestArchiveRestart(t *testing.T) {
	b, got := memoryBus(t)
	cp, _ := ingest.NewFileCheckpoints(t.TempDir())
	sdk := &fakeSDK{recs: chatRecords(t, archiveFixtures...)}
	ctx, crash := context.WithCancel(t.Context())
	sdk.onCall = func(n int) {
		if n == 2 {
			crash()
		}
	}
	cfg := archiveConfig(t, 3)
	src, err := NewArchiveSource(cfg, sdk, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ingest.NewRunner(src, ingest.Parsers{event.WeCom: Parse}, b, cp, fastRunner(), nil, nil).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := cp.Load(t.Context(), "wecom-archive"); c != "102" {
		t.Fatalf("checkpoint after the crash %q, want 102 (the first call's last seq)", c)
	}
	sdk.onCall = nil
	src, _ = NewArchiveSource(cfg, sdk, nil, nil)
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- ingest.NewRunner(src, ingest.Parsers{event.WeCom: Parse}, b, cp, fastRunner(), nil, nil).Run(ctx)
	}()
	waitFor(t, func() bool { c, _ := cp.Load(t.Context(), "wecom-archive"); return c == "107" })
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ms := got.mentions(t)
	if len(ms) != 5 {
		t.Fatalf("%d mentions, want 5 (2 texts, image, file, revoke)", len(ms))
	}
	if n := got.count(bus.TopicDeadLetters); n != 2 {
		t.Fatalf("%d dead letters, want 2 (no key for publickey_ver 9, no msgid)", n)
	}
	for _, m := range ms {
		if m.Text == "" || m.Platform != event.WeCom {
			t.Errorf("mention %+v", m)
		}
	}
}

func TestArchiveErrors(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		permanent bool
	}{
		{name: "network error", err: &SDKError{Call: "GetChatData", Code: 10001}},
		{name: "ip not allowed", err: &SDKError{Call: "GetChatData", Code: 10009}, permanent: true},
		{name: "other", err: errors.New("boom")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sdk := &fakeSDK{recs: chatRecords(t, "text.json"), errs: []error{tt.err}}
			src, err := NewArchiveSource(archiveConfig(t, 10), sdk, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Fetch(t.Context(), "")
			if err == nil || errors.Is(err, ingest.ErrPermanent) != tt.permanent {
				t.Fatalf("Fetch = %v, permanent want %v", err, tt.permanent)
			}
			if tt.permanent {
				return
			}
			b, err := src.Fetch(t.Context(), "")
			if err != nil || len(b.Raws) != 1 || b.Next != "100" {
				t.Fatalf("retry: %d raws, next %q, %v", len(b.Raws), b.Next, err)
			}
		})
	}
	if _, err := (&ArchiveSource{}).Fetch(t.Context(), "x"); !errors.Is(err, ingest.ErrPermanent) {
		t.Errorf("bad cursor: %v", err)
	}
}

func TestKeysUnwrap(t *testing.T) {
	keys, err := LoadKeys([]PrivateKeyConfig{{Version: 3, File: writeKey(t)}})
	if err != nil {
		t.Fatal(err)
	}
	rec := chatRecords(t, "text.json")[0]
	if k, err := keys.Unwrap(3, rec.EncryptRandomKey); err != nil || len(k) != 32 {
		t.Fatalf("Unwrap = %q, %v", k, err)
	}
	if _, err := keys.Unwrap(4, rec.EncryptRandomKey); !errors.Is(err, ErrNoKey) {
		t.Errorf("unknown version: %v", err)
	}
	if _, err := keys.Unwrap(3, "!!"); err == nil {
		t.Error("not base64 accepted")
	}
	if _, err := keys.Unwrap(3, base64.StdEncoding.EncodeToString(make([]byte, 256))); err == nil {
		t.Error("garbage ciphertext accepted")
	}
}

func FuzzUnwrap(f *testing.F) {
	f.Add("AAAA")
	keys := Keys{3: testKey()}
	f.Fuzz(func(t *testing.T, s string) {
		keys.Unwrap(3, s) // never panics
	})
}
