package douyin

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

var testItems = []string{
	"@8hxdhauTCMppanGnM4ltGM780mDqPP+KPpR0qQOmLVAXb/T060zdRmYqig357zEBq6CZRp4NVe6qLIJW/V/x1w==",
	"@9VwKzuuES8gmaXS4ZohqOc791mDtOvqLO5Y2rQ2gLFAXb/T060zdRmYqig357zEBq6CZRp4NVe6qLIJW/V/x1w==",
}

type testPoller struct {
	*Poller
	clk       *clock
	tokenFile string
}

// newTestPoller returns a poller against f whose token expires at expires.
func newTestPoller(t *testing.T, f *fakeDouyin, access string, expires time.Time) *testPoller {
	t.Helper()
	tokenFile := filepath.Join(t.TempDir(), "token.json")
	b, _ := json.Marshal(Token{AccessToken: access, RefreshToken: testRefresh, ExpiresAt: expires})
	if err := os.WriteFile(tokenFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := Config{BaseURL: f.srv.URL, ClientKey: "awx1334dlkfj3", Poller: &PollerConfig{
		Accounts: []AccountConfig{{OpenID: testOpenID, TokenFile: tokenFile}}, VideoCount: 2, CommentCount: 2, RequestsPerSecond: 1e6,
	}}
	p, err := NewPoller(cfg, f.srv.Client(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	p.now = clk.now
	return &testPoller{Poller: p, clk: clk, tokenFile: tokenFile}
}

func standardFake(t *testing.T) *fakeDouyin {
	f := newFake(t)
	f.addVideos("video_list.json")
	f.addComments(testItems[0], "comment_list_0.json")
	f.addComments(testItems[1], "comment_list_1.json")
	return f
}

// drain fetches until the round ends (the cursor leaves the round), checking every
// envelope parses, and returns kinds counted and the final cursor.
func drain(t *testing.T, p *testPoller, cur string) (map[event.Kind]int, []string, string) {
	t.Helper()
	kinds := map[event.Kind]int{}
	var ids []string
	for range 100 {
		b, err := p.Fetch(t.Context(), cur)
		if err != nil {
			t.Fatalf("Fetch: %v", err)
		}
		for _, r := range b.Raws {
			if _, err := Parse(r); err != nil {
				t.Fatalf("collected %s does not parse: %v", r.Kind, err)
			}
			kinds[r.Kind]++
			ids = append(ids, r.NativeID)
		}
		if len(b.Bad) > 0 {
			t.Fatalf("dead letters %v", b.Bad)
		}
		cur = b.Next
		if c, _ := decodePollCursor(cur); !c.InRound {
			return kinds, ids, cur
		}
	}
	t.Fatal("round did not end")
	return nil, nil, ""
}

func TestPollerRounds(t *testing.T) {
	f := standardFake(t)
	p := newTestPoller(t, f, "act.VALID", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	kinds, _, cur := drain(t, p, "")
	if kinds[event.Post] != 3 || kinds[event.Comment] != 7 {
		t.Fatalf("round 1: %v, want 3 videos in the window and 7 comments", kinds)
	}
	if b, err := p.Fetch(t.Context(), cur); err != nil || len(b.Raws) != 0 {
		t.Fatalf("before the interval: %d raws, %v", len(b.Raws), err)
	}
	p.clk.advance(DefaultPollInterval)
	f.addVideos("video_list_new.json")
	f.addComments(testItems[0], "comment_list_0_new.json")
	kinds, ids, _ := drain(t, p, cur)
	if kinds[event.Post] != 1 || kinds[event.Comment] != 2 {
		t.Fatalf("round 2: %v (%v), want the new video and the 2 new comments only", kinds, ids)
	}
	for _, q := range f.queries {
		if strings.Contains(q, "item_id=") && !strings.Contains(q, "item_id=%408hxd") && !strings.Contains(q, "item_id=%409Vw") && !strings.Contains(q, "item_id=%40") {
			t.Errorf("item_id not URL-encoded: %s", q)
		}
		if strings.Contains(q, "access_token") {
			t.Errorf("token in a URL: %s", q)
		}
	}
	if !strings.Contains(strings.Join(f.queries, "&"), "%2F") {
		t.Error("no query carried an encoded '/' of an item_id")
	}
}

// TestPollerOffsetShift: a comment arriving between two pages of a scan shifts the
// offsets; the page after it repeats a record, which is not emitted twice.
func TestPollerOffsetShift(t *testing.T) {
	f := standardFake(t)
	p := newTestPoller(t, f, "act.VALID", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	comments := 0
	f.onPage = func(path string, _ int) {
		if path == "/item/comment/list/" {
			if comments++; comments == 2 {
				f.addComments(testItems[0], "comment_list_0_new.json")
			}
		}
	}
	_, ids, _ := drain(t, p, "")
	seen := map[string]int{}
	for _, id := range ids {
		if seen[id]++; seen[id] > 1 {
			t.Errorf("%s emitted twice", id)
		}
	}
}

func TestPollerTokens(t *testing.T) {
	t.Run("refresh before expiry", func(t *testing.T) {
		f := standardFake(t)
		p := newTestPoller(t, f, "act.OLD", time.Date(2026, 5, 3, 12, 5, 0, 0, time.UTC))
		drain(t, p, "")
		tok, err := readTokenFile(p.tokenFile)
		if err != nil || tok.AccessToken != "act.NEWTOKEN" || tok.RefreshToken != "rft.NEXTREFRESH" || f.count("/oauth/refresh_token/") != 1 {
			t.Fatalf("token file %+v, %v, %d refreshes", tok, err, f.count("/oauth/refresh_token/"))
		}
		if fi, _ := os.Stat(p.tokenFile); fi.Mode().Perm() != 0o600 {
			t.Errorf("token file mode %v", fi.Mode())
		}
	})
	t.Run("expired answer", func(t *testing.T) {
		f := standardFake(t)
		p := newTestPoller(t, f, "act.REVOKED", time.Time{}) // no expiry known: the API says so
		kinds, _, _ := drain(t, p, "")
		if kinds[event.Post] != 3 || f.count("/oauth/refresh_token/") != 1 {
			t.Fatalf("%v, %d refreshes", kinds, f.count("/oauth/refresh_token/"))
		}
	})
	t.Run("refresh token expired", func(t *testing.T) {
		f := standardFake(t)
		f.fail("/oauth/refresh_token/", "error_10010.json")
		p := newTestPoller(t, f, "act.OLD", time.Time{})
		_, err := p.Fetch(t.Context(), "")
		if !errors.Is(err, ingest.ErrPermanent) || strings.Contains(err.Error(), "rft.") || strings.Contains(err.Error(), "act.") {
			t.Fatalf("Fetch = %v, want ErrPermanent without tokens", err)
		}
	})
}

func TestPollerErrors(t *testing.T) {
	t.Run("rate limit pauses", func(t *testing.T) {
		f := standardFake(t)
		f.fail("/video/list/", "error_2100004.json")
		p := newTestPoller(t, f, "act.VALID", time.Time{})
		if _, err := p.Fetch(t.Context(), ""); err == nil || errors.Is(err, ingest.ErrPermanent) {
			t.Fatalf("rate limit: %v", err)
		}
		n := f.count("/video/list/")
		if b, err := p.Fetch(t.Context(), ""); err != nil || len(b.Raws) > 0 || f.count("/video/list/") != n {
			t.Fatal("paused poller sent a request")
		}
		p.clk.advance(DefaultRateLimitPause)
		if kinds, _, _ := drain(t, p, ""); kinds[event.Post] != 3 {
			t.Fatalf("after the pause %v", kinds)
		}
	})
	t.Run("comment list error skips the video", func(t *testing.T) {
		f := standardFake(t)
		f.fail("/item/comment/list/", "error_2100005.json")
		p := newTestPoller(t, f, "act.VALID", time.Time{})
		if kinds, _, _ := drain(t, p, ""); kinds[event.Comment] != 2 {
			t.Fatalf("%v: want the second video's 2 comments only", kinds)
		}
	})
}

// TestPollerRestartMidPage: the collector dies while fetching a comment page; a new one
// on the same checkpoint file resumes there; every record arrives exactly once.
func TestPollerRestartMidPage(t *testing.T) {
	b, mentions, _ := newPipeline(t)
	cp, _ := ingest.NewFileCheckpoints(t.TempDir())
	f := standardFake(t)
	ctx, crash := context.WithCancel(t.Context())
	comments := 0
	f.onPage = func(path string, _ int) {
		if path == "/item/comment/list/" {
			if comments++; comments == 2 {
				crash()
			}
		}
	}
	p := newTestPoller(t, f, "act.VALID", time.Time{})
	if err := ingest.NewRunner(p, ingest.Parsers{event.Douyin: Parse}, b, cp, fastRunner(), nil, nil).Run(ctx); err != nil {
		t.Fatal(err)
	}
	f.onPage = nil
	p2 := newTestPoller(t, f, "act.VALID", time.Time{})
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- ingest.NewRunner(p2, ingest.Parsers{event.Douyin: Parse}, b, cp, fastRunner(), nil, nil).Run(ctx)
	}()
	waitFor(t, func() bool { return mentions.count() >= 10 })
	waitFor(t, func() bool {
		c, _ := cp.Load(t.Context(), DefaultName)
		pc, err := decodePollCursor(c)
		return err == nil && c != "" && !pc.InRound
	})
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if mentions.count() != 10 || len(mentions.keys) != 10 {
		t.Fatalf("%d mentions, %d distinct; want 10 once each", mentions.count(), len(mentions.keys))
	}
}

func TestConfigValidate(t *testing.T) {
	poller := &PollerConfig{Accounts: []AccountConfig{{OpenID: "o", TokenFile: "f"}}}
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "nothing", cfg: Config{}, wantErr: "at least one"},
		{name: "webhook", cfg: Config{Webhook: &WebhookConfig{Listen: ":8080", SpoolDir: "/tmp/x"}}},
		{name: "webhook no spool", cfg: Config{Webhook: &WebhookConfig{Listen: ":8080"}}, wantErr: "webhook.spool_dir"},
		{name: "webhook path", cfg: Config{Webhook: &WebhookConfig{Listen: ":1", SpoolDir: "d", Path: "x"}}, wantErr: "webhook.path"},
		{name: "poller", cfg: Config{ClientKey: "k", Poller: poller}},
		{name: "poller no key", cfg: Config{Poller: poller}, wantErr: "client_key"},
		{name: "poller no accounts", cfg: Config{ClientKey: "k", Poller: &PollerConfig{}}, wantErr: "poller.accounts"},
		{name: "poller fast", cfg: Config{ClientKey: "k", Poller: &PollerConfig{Accounts: poller.Accounts, PollInterval: time.Second}}, wantErr: "poller.poll_interval"},
		{name: "poller count", cfg: Config{ClientKey: "k", Poller: &PollerConfig{Accounts: poller.Accounts, CommentCount: 99}}, wantErr: "poller.comment_count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Validate() = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func FuzzPollCursor(f *testing.F) {
	f.Add("")
	f.Add(`{"v":1,"in_round":true,"phase":1,"items":["a"],"comments":{"a":{"t":5,"ids":["x"]}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodePollCursor(s)
		if err != nil {
			return
		}
		if _, err := decodePollCursor(c.encode()); err != nil {
			t.Fatalf("re-encoded cursor: %v", err)
		}
	})
}
