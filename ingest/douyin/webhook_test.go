package douyin

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

const testSecret = "0123456789abcdef0123456789abcdef"

func webhookBody(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhook", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// deliver posts body as Douyin does and returns the status and answer.
func deliver(t testing.TB, h http.Handler, body []byte, sig, msgID string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/douyin/webhook", bytes.NewReader(body))
	if sig != "" {
		req.Header.Set("X-Douyin-Signature", sig)
	}
	if msgID != "" {
		req.Header.Set("Msg-Id", msgID)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func openTestSpool(t testing.TB, dir string, segment int64) *Spool {
	t.Helper()
	s, err := OpenSpool(dir, segment, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestWebhookRequests(t *testing.T) {
	comment := webhookBody(t, "comment_1.json")
	challenge := webhookBody(t, "verify_webhook.json")
	tests := []struct {
		name     string
		method   string
		body     []byte
		sig      string
		msgID    string
		want     int
		wantBody string
		spooled  int // records in the spool after this request (cumulative within the test)
	}{
		{name: "challenge unsigned", body: challenge, want: 200, wantBody: `{"challenge":12345}`},
		{name: "challenge signed", body: challenge, sig: Sign(testSecret, challenge), want: 200, wantBody: `{"challenge":12345}`},
		{name: "challenge bad signature", body: challenge, sig: Sign("wrong", challenge), want: 401},
		{name: "comment", body: comment, sig: Sign(testSecret, comment), msgID: "m1", want: 200, spooled: 1},
		{name: "comment upper-case hex", body: comment, sig: strings.ToUpper(Sign(testSecret, comment)), msgID: "m1b", want: 200, spooled: 2},
		{name: "duplicate delivery", body: comment, sig: Sign(testSecret, comment), msgID: "m1", want: 200, spooled: 2},
		{name: "unsigned", body: comment, msgID: "m2", want: 401, spooled: 2},
		{name: "wrong secret", body: comment, sig: Sign("other-secret", comment), msgID: "m3", want: 401, spooled: 2},
		{name: "body altered", body: append(comment, ' '), sig: Sign(testSecret, comment), msgID: "m4", want: 401, spooled: 2},
		{name: "get", method: http.MethodGet, want: 405, spooled: 2},
		{name: "signed garbage", body: []byte("{"), sig: Sign(testSecret, []byte("{")), msgID: "m5", want: 200, spooled: 3},
	}
	dir := t.TempDir()
	spool := openTestSpool(t, dir, 0)
	h, err := NewWebhook(testSecret, spool, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var code int
			var body string
			if tt.method == http.MethodGet {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
				code = rec.Code
			} else {
				code, body = deliver(t, h, tt.body, tt.sig, tt.msgID)
			}
			if code != tt.want || (tt.wantBody != "" && body != tt.wantBody) {
				t.Fatalf("status %d body %q, want %d %q", code, body, tt.want, tt.wantBody)
			}
			if n := spooledLines(t, spool); n != tt.spooled {
				t.Fatalf("%d records spooled, want %d", n, tt.spooled)
			}
		})
	}
}

func spooledLines(t testing.TB, s *Spool) int {
	lines, _, err := s.read(spoolPos{}, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	return len(lines)
}

// TestWebhookCrashAndDrain: webhooks acknowledged before a crash are in the spool after
// it; a re-delivery after the restart is still recognised as a duplicate; the source then
// publishes every comment exactly once through the Runner, across small segments and a
// restart of the collector in the middle of the spool.
func TestWebhookCrashAndDrain(t *testing.T) {
	dir, cpDir := t.TempDir(), t.TempDir()
	spool := openTestSpool(t, dir, 900) // about one record per segment
	h, _ := NewWebhook(testSecret, spool, nil, nil)
	for i, name := range []string{"comment_1.json", "comment_2.json", "authorize.json", "comment_no_id.json", "comment_3.json"} {
		body := webhookBody(t, name)
		if code, _ := deliver(t, h, body, Sign(testSecret, body), "msg-"+name); code != 200 {
			t.Fatalf("delivery %d answered %d", i, code)
		}
	}
	bad := webhookBody(t, "not_json.txt")
	deliver(t, h, bad, Sign(testSecret, bad), "msg-bad")
	spool.Close() // the crash: the process dies after answering 200

	spool = openTestSpool(t, dir, 900)
	h, _ = NewWebhook(testSecret, spool, nil, nil)
	again := webhookBody(t, "comment_2.json")
	deliver(t, h, again, Sign(testSecret, again), "msg-comment_2.json") // Douyin retries
	late := webhookBody(t, "comment_4.json")
	deliver(t, h, late, Sign(testSecret, late), "msg-comment_4.json")

	b, mentions, letters := newPipeline(t)
	cp, _ := ingest.NewFileCheckpoints(cpDir)
	// first collector: stopped once two batches are acknowledged
	src := NewSpoolSource("douyin-webhook", spool, []string{"item_comment_reply"}, nil, nil)
	src.max = 1
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- ingest.NewRunner(src, ingest.Parsers{event.Douyin: Parse}, b, cp, fastRunner(), nil, nil).Run(ctx)
	}()
	waitFor(t, func() bool { return mentions.count() >= 2 })
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	src = NewSpoolSource("douyin-webhook", spool, []string{"item_comment_reply"}, nil, nil)
	ctx, stop = context.WithCancel(t.Context())
	go func() {
		done <- ingest.NewRunner(src, ingest.Parsers{event.Douyin: Parse}, b, cp, fastRunner(), nil, nil).Run(ctx)
	}()
	waitFor(t, func() bool { return mentions.count() >= 4 && letters.count() >= 2 })
	waitFor(t, func() bool { // the checkpoint reached the spool's end
		c, _ := cp.Load(t.Context(), "douyin-webhook")
		lines, _, _ := spool.read(mustPos(t, c), 10)
		return c != "" && len(lines) == 0
	})
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if mentions.count() != 4 || len(mentions.keys) != 4 {
		t.Errorf("mentions %v, want 4 comments once each", mentions.keys)
	}
	if letters.count() != 2 {
		t.Errorf("dead letters %v, want 2 (comment without id, body not JSON)", letters.keys)
	}
	if segs, _ := spool.segments(); len(segs) > 2 {
		t.Errorf("%d spool segments left after the drain, want released ones removed", len(segs))
	}
}

func mustPos(t *testing.T, s string) spoolPos {
	p, err := parsePos(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSpoolTornLine: a line half-written when the process died is cut at reopen.
func TestSpoolTornLine(t *testing.T) {
	dir := t.TempDir()
	s := openTestSpool(t, dir, 0)
	if _, err := s.Append(SpoolRecord{MsgID: "a", Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, _ := os.OpenFile(s.path(1), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"msg_id":"b","bo`)
	f.Close()
	s = openTestSpool(t, dir, 0)
	if _, err := s.Append(SpoolRecord{MsgID: "c", Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	lines, _, _ := s.read(spoolPos{}, 10)
	if len(lines) != 2 || !strings.Contains(string(lines[1]), `"c"`) {
		t.Fatalf("lines after reopen: %q", lines)
	}
}

// counter is a consumer-group member counting acknowledged keys.
type counter struct {
	mu   sync.Mutex
	keys map[string]int
	n    int
}

func (c *counter) handle(_ context.Context, batch []bus.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range batch {
		c.keys[string(m.Key)]++
		c.n++
	}
	return nil
}

func (c *counter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func newPipeline(t *testing.T) (*bus.Memory, *counter, *counter) {
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	mentions, letters := &counter{keys: map[string]int{}}, &counter{keys: map[string]int{}}
	b.Subscribe(bus.TopicMentions, "test")
	b.Subscribe(bus.TopicDeadLetters, "test")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { b.Consume(ctx, bus.TopicMentions, "test", mentions.handle) })
	wg.Go(func() { b.Consume(ctx, bus.TopicDeadLetters, "test", letters.handle) })
	t.Cleanup(func() { cancel(); wg.Wait(); b.Close() })
	return b, mentions, letters
}

func fastRunner() ingest.RunnerConfig {
	return ingest.RunnerConfig{IdleWait: time.Millisecond, Backoff: ingest.BackoffConfig{Initial: time.Millisecond, Max: 2 * time.Millisecond}}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatal("gave up waiting")
		}
		time.Sleep(time.Millisecond)
	}
}

func FuzzVerifySignature(f *testing.F) {
	f.Add("secret", []byte(`{"event":"x"}`), "")
	f.Add("", []byte("x"), Sign("", []byte("x")))
	f.Add("s", []byte("body"), strings.Repeat("0", 40))
	f.Fuzz(func(t *testing.T, secret string, body []byte, sig string) {
		good := Sign(secret, body)
		if secret != "" && !VerifySignature(secret, body, good) {
			t.Fatal("own signature rejected")
		}
		if VerifySignature(secret, body, sig) && !strings.EqualFold(sig, good) {
			t.Fatalf("foreign signature %q accepted", sig)
		}
		if secret == "" && VerifySignature(secret, body, sig) {
			t.Fatal("empty secret verified")
		}
	})
}

// FuzzWebhook: any request body gets a well-defined answer and never a panic.
func FuzzWebhook(f *testing.F) {
	for _, name := range []string{"comment_1.json", "verify_webhook.json", "not_json.txt"} {
		f.Add(webhookBody(f, name), true)
	}
	spool := openTestSpool(f, f.TempDir(), 1<<16)
	h, _ := NewWebhook(testSecret, spool, nil, nil)
	f.Fuzz(func(t *testing.T, body []byte, signed bool) {
		sig := ""
		if signed {
			sig = Sign(testSecret, body)
		}
		switch code, _ := deliver(t, h, body, sig, ""); code {
		case 200, 400, 401, 413:
		default:
			t.Fatalf("status %d", code)
		}
	})
}

// FuzzSpoolSource: any spooled body becomes an envelope, a dead letter or nothing, never
// a panic; envelopes are comments with an id.
func FuzzSpoolSource(f *testing.F) {
	for _, name := range []string{"comment_1.json", "comment_no_id.json", "authorize.json", "not_json.txt"} {
		f.Add(webhookBody(f, name))
	}
	src := NewSpoolSource("fuzz", nil, []string{"item_comment_reply"}, nil, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		var b ingest.Batch
		src.add(&b, SpoolLine{Record: SpoolRecord{MsgID: "m", Body: body}})
		for _, r := range b.Raws {
			if r.Kind != event.Comment || r.NativeID == "" {
				t.Fatalf("envelope %+v", r)
			}
		}
	})
}

// TestWebhookConcurrentDrain: deliveries from several goroutines (each also delivered
// twice) while the source drains the spool through the Runner: every comment arrives once.
func TestWebhookConcurrentDrain(t *testing.T) {
	spool := openTestSpool(t, t.TempDir(), 4096)
	h, _ := NewWebhook(testSecret, spool, nil, nil)
	b, mentions, _ := newPipeline(t)
	src := NewSpoolSource("douyin-webhook", spool, []string{"item_comment_reply"}, nil, nil)
	src.max = 7
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- ingest.NewRunner(src, ingest.Parsers{event.Douyin: Parse}, b, &ingest.MemoryCheckpoints{}, fastRunner(), nil, nil).Run(ctx)
	}()
	const senders, each = 4, 25
	var wg sync.WaitGroup
	for g := range senders {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("c-%d-%d", g, i)
				body := []byte(`{"event":"item_comment_reply","content":{"comment_id":"` + id + `","comment_user_id":"u","content":"好","create_time":1571076000,"reply_to_item_id":"v"}}`)
				for range 2 { // Douyin retries
					if code, _ := deliver(t, h, body, Sign(testSecret, body), "msg-"+id); code != 200 {
						t.Errorf("delivery answered %d", code)
					}
				}
			}
		})
	}
	wg.Wait()
	waitFor(t, func() bool { return mentions.count() >= senders*each })
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if mentions.count() != senders*each || len(mentions.keys) != senders*each {
		t.Fatalf("%d mentions, %d distinct; want %d once each", mentions.count(), len(mentions.keys), senders*each)
	}
}
