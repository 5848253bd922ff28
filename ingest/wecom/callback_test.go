package wecom

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/douyin"
)

const testCorp = "ww1234567890abcdef"

func callbackXML(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "callback", name))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.TrimSpace(string(b)))
}

func testCrypto(t testing.TB) *Crypto {
	c, err := NewCrypto(sampleToken, sampleAESKey, testCorp)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// post delivers plain as WeCom does: sealed, signed, in the callback envelope.
func post(t testing.TB, h http.Handler, c *Crypto, plain []byte, badSig bool) *httptest.ResponseRecorder {
	t.Helper()
	enc, sig := c.Seal(plain, "1409659813", "1372623149")
	if badSig {
		sig = strings.Repeat("0", 40)
	}
	body := "<xml><ToUserName><![CDATA[" + testCorp + "]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>"
	q := url.Values{"msg_signature": {sig}, "timestamp": {"1409659813"}, "nonce": {"1372623149"}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/wecom/callback?"+q.Encode(), strings.NewReader(body)))
	return rec
}

func openSpool(t testing.TB, dir string) *douyin.Spool {
	s, err := douyin.OpenSpool(dir, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func spooled(t testing.TB, s *douyin.Spool) int {
	lines, _, err := s.ReadFrom("", 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(lines)
}

func TestCallbackRequests(t *testing.T) {
	spool := openSpool(t, t.TempDir())
	h, _ := NewCallback(testCrypto(t), spool, nil, nil)
	add := callbackXML(t, "add_external_contact.xml")

	// URL verification with the documented sample (its receiveid is the sample corp)
	sampleH, _ := NewCallback(sampleCrypto(t), spool, nil, nil)
	q := url.Values{"msg_signature": {"5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"}, "timestamp": {"1409659589"}, "nonce": {"263014780"}, "echostr": {sampleEcho}}
	rec := httptest.NewRecorder()
	sampleH.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?"+q.Encode(), nil))
	if rec.Code != 200 || rec.Body.String() != "1616140317555161061" {
		t.Fatalf("echo: %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	q.Set("msg_signature", strings.Repeat("1", 40))
	sampleH.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?"+q.Encode(), nil))
	if rec.Code != 401 {
		t.Fatalf("echo with a bad signature: %d", rec.Code)
	}

	other, _ := NewCrypto(sampleToken, sampleAESKey, "ww-other")
	tests := []struct {
		name    string
		do      func() *httptest.ResponseRecorder
		want    int
		spooled int
	}{
		{name: "event", do: func() *httptest.ResponseRecorder { return post(t, h, testCrypto(t), add, false) }, want: 200, spooled: 1},
		{name: "retried event", do: func() *httptest.ResponseRecorder { return post(t, h, testCrypto(t), add, false) }, want: 200, spooled: 1},
		{name: "bad signature", do: func() *httptest.ResponseRecorder { return post(t, h, testCrypto(t), add, true) }, want: 401, spooled: 1},
		{name: "other corp", do: func() *httptest.ResponseRecorder { return post(t, h, other, add, false) }, want: 401, spooled: 1},
		{name: "garbage", do: func() *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("not xml")))
			return rec
		}, want: 400, spooled: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.do()
			if rec.Code != tt.want || (tt.want == 200 && rec.Body.String() != "success") {
				t.Fatalf("status %d %q, want %d", rec.Code, rec.Body.String(), tt.want)
			}
			if n := spooled(t, spool); n != tt.spooled {
				t.Fatalf("%d spooled, want %d", n, tt.spooled)
			}
		})
	}
}

// fakeQYAPI answers gettoken and externalcontact/get from testdata/api, with queued
// error answers for externalcontact/get.
type fakeQYAPI struct {
	mu       sync.Mutex
	errors   []string
	lookups  int
	gettoken int
	srv      *httptest.Server
}

func newFakeQYAPI(t *testing.T, errs ...string) *fakeQYAPI {
	f := &fakeQYAPI{errors: errs}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		file := ""
		switch r.URL.Path {
		case "/cgi-bin/gettoken":
			f.gettoken++
			file = "gettoken.json"
			if r.URL.Query().Get("corpsecret") != "contact-secret" {
				file = "gettoken_bad_secret.json"
			}
		case "/cgi-bin/externalcontact/get":
			f.lookups++
			file = "externalcontact_get.json"
			if len(f.errors) > 0 {
				file, f.errors = f.errors[0], f.errors[1:]
			} else if r.URL.Query().Get("external_userid") != "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA" {
				file = "error_84061.json"
			}
		}
		b, _ := os.ReadFile(filepath.Join("testdata", "api", file))
		w.Write(b)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// TestCallbackToBus: events acknowledged before a crash are drained after it through the
// Runner; the add event carries the unionid of externalcontact/get (after an expired
// token and a busy answer); each event arrives once.
func TestCallbackToBus(t *testing.T) {
	dir := t.TempDir()
	spool := openSpool(t, dir)
	h, _ := NewCallback(testCrypto(t), spool, nil, nil)
	files := []string{"add_external_contact.xml", "edit_external_contact.xml", "del_external_contact.xml", "del_follow_user.xml", "change_external_chat.xml", "change_contact.xml"}
	for _, f := range files {
		if rec := post(t, h, testCrypto(t), callbackXML(t, f), false); rec.Code != 200 {
			t.Fatalf("%s: %d", f, rec.Code)
		}
	}
	post(t, h, testCrypto(t), []byte("<xml><Event>unterminated"), false) // signed but broken
	spool.Close()                                                        // crash after the 200s
	spool = openSpool(t, dir)
	post(t, NewCallbackMust(t, spool), testCrypto(t), callbackXML(t, "del_follow_user.xml"), false) // WeCom retries

	api := newFakeQYAPI(t, "error_42001.json", "error_-1.json")
	contacts := NewContacts(api.srv.URL, testCorp, "contact-secret", api.srv.Client(), time.Second, nil)
	b, got := memoryBus(t)
	src := NewEventSource("wecom-events", spool, contacts, nil, nil)
	cp := &ingest.MemoryCheckpoints{}
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- ingest.NewRunner(src, ingest.Parsers{event.WeCom: Parse}, b, cp, fastRunner(), nil, nil).Run(ctx)
	}()
	waitFor(t, func() bool { return got.count(bus.TopicMentions) >= 5 && got.count(bus.TopicDeadLetters) >= 1 })
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ms := got.mentions(t)
	if len(ms) != 5 {
		t.Fatalf("%d mentions, want 5 (4 contact events, 1 chat event)", len(ms))
	}
	byType := map[string]event.Mention{}
	for _, m := range ms {
		byType[m.EventType] = m
	}
	if a := byType["add_external_contact"].Author; a.UnionID != "ozynqsulJFCZ2z1aYeS8h-nuasdAAA" || a.Nickname != "李四" {
		t.Errorf("add event author %+v, want the looked-up unionid and name", a)
	}
	if _, ok := byType["del_follow_user"]; !ok {
		t.Error("no del_follow_user (churn) event")
	}
	if m := byType["chat_update:add_member"]; m.ThreadID != "wecom:wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA" {
		t.Errorf("chat event %+v", m)
	}
	if api.gettoken != 2 {
		t.Errorf("%d gettoken calls, want 2 (the first token expired)", api.gettoken)
	}
}

func NewCallbackMust(t *testing.T, s *douyin.Spool) *Callback {
	h, err := NewCallback(testCrypto(t), s, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestContactsBadSecret(t *testing.T) {
	api := newFakeQYAPI(t)
	c := NewContacts(api.srv.URL, testCorp, "wrong", api.srv.Client(), time.Second, nil)
	_, _, err := c.Get(t.Context(), "wo1")
	if err == nil || !strings.Contains(err.Error(), "permanent") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("Get = %v, want a permanent error without the secret", err)
	}
}
