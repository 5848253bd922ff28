package weibo

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

const brandUID = "1404376560"

// testSource is a Source against f with a token file, a settable clock and a log buffer.
type testSource struct {
	*Source
	clk *clock
	log *bytes.Buffer
	reg *prometheus.Registry
}

func newTestSource(t *testing.T, f *fakeWeibo, cfg Config) *testSource {
	t.Helper()
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL, cfg.AccessTokenFile = f.srv.URL, tokenFile
	if cfg.Search != nil {
		cfg.Search.URL = f.srv.URL + "/search"
	}
	if cfg.Count == 0 {
		cfg.Count = 3
	}
	cfg.TokenRequestsPerHour, cfg.IPRequestsPerHour = 36_000_000, 36_000_000
	var buf bytes.Buffer
	reg := prometheus.NewRegistry()
	s, err := NewSource(cfg, f.srv.Client(), reg, slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	s.now = clk.now
	return &testSource{Source: s, clk: clk, log: &buf, reg: reg}
}

// step fetches once and returns the batch's native ids.
func step(t *testing.T, s *testSource, cur string) (ids []string, next string) {
	t.Helper()
	b, err := s.Fetch(t.Context(), cur)
	if err != nil {
		t.Fatalf("Fetch(%s) = %v", cur, err)
	}
	for _, r := range b.Raws {
		ids = append(ids, strings.TrimPrefix(r.NativeID, "4990000000000"))
	}
	return ids, b.Next
}

// TestFetchPolling walks rounds over a timeline: the first sight takes FirstPages pages,
// later rounds page by max_id down to since_id, whatever order the API lists a page in.
func TestFetchPolling(t *testing.T) {
	for _, reverse := range []bool{false, true} {
		t.Run(map[bool]string{false: "newest-first", true: "out-of-order"}[reverse], func(t *testing.T) {
			f := newFake(t)
			f.reverse = reverse
			f.load("timeline:"+brandUID, "user_timeline_1404376560.json")
			s := newTestSource(t, f, Config{Accounts: []string{brandUID}})

			ids, cur := step(t, s, "")
			assertIDs(t, "round 1", ids, "007 006 005")
			if ids, next := step(t, s, cur); len(ids) != 0 || next != cur || f.requestCount() != 1 {
				t.Fatalf("before the poll interval: ids %v, cursor moved %v, %d requests", ids, next != cur, f.requestCount())
			}
			s.clk.advance(DefaultPollInterval)
			f.load("timeline:"+brandUID, "user_timeline_1404376560_new.json")
			ids, cur = step(t, s, cur)
			assertIDs(t, "round 2 page 1", ids, "012 011 010")
			ids, cur = step(t, s, cur)
			assertIDs(t, "round 2 page 2", ids, "009 008")
			s.clk.advance(DefaultPollInterval)
			ids, _ = step(t, s, cur)
			assertIDs(t, "round 3", ids, "")
			q := f.requests[1].URL.Query()
			if q.Get("since_id") != "4990000000000007" || q.Get("max_id") != "" || q.Get("count") != "3" || q.Get("uid") != brandUID {
				t.Errorf("round 2 page 1 query %v", q)
			}
			if q := f.requests[2].URL.Query(); q.Get("since_id") != "4990000000000007" || q.Get("max_id") != "4990000000000009" {
				t.Errorf("round 2 page 2 query %v", q)
			}
			if q := f.requests[3].URL.Query(); q.Get("since_id") != "4990000000000012" {
				t.Errorf("round 3 query %v", q)
			}
		})
	}
}

func assertIDs(t *testing.T, what string, got []string, want string) {
	t.Helper()
	if g := strings.Join(got, " "); g != want {
		if !sameSet(g, want) {
			t.Fatalf("%s: ids %q, want %q", what, g, want)
		}
	}
}

func sameSet(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) != len(fb) {
		return false
	}
	seen := map[string]int{}
	for _, x := range fa {
		seen[x]++
	}
	for _, x := range fb {
		if seen[x]--; seen[x] < 0 {
			return false
		}
	}
	return true
}

// TestFetchTargets: comments of a tracked post and search results, with kinds.
func TestFetchTargets(t *testing.T) {
	f := newFake(t)
	f.load("comments:4990000000000001", "comments_show_4990000000000001.json")
	f.load("search:蜜雪冰城", "search_keyword.json")
	f.load("timeline:"+brandUID, "user_timeline_1404376560.json")
	s := newTestSource(t, f, Config{Accounts: []string{brandUID}, Posts: []string{"4990000000000001"},
		Search: &SearchConfig{Keywords: []string{"蜜雪冰城"}}, Count: 10})
	kinds := map[event.Kind]int{}
	cur := ""
	for range 3 {
		b, err := s.Fetch(t.Context(), cur)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range b.Raws {
			kinds[r.Kind]++
			ms, err := Parse(r)
			if err != nil {
				t.Errorf("collected record does not parse: %v", err)
				continue
			}
			if a := ms[0].Author; a.NativeID == brandUID && (a.VerifiedType != "2" || !a.Verified || a.AvatarURL == "") {
				t.Errorf("brand account %+v: want verified type 2 and an avatar", a)
			}
		}
		cur = b.Next
	}
	if kinds[event.Post] != 7 || kinds[event.Repost] != 1 || kinds[event.Comment] != 6 {
		t.Errorf("kinds %v, want 7 posts (6 timeline + 1 search), 1 repost, 6 comments", kinds)
	}
}

// TestFetchErrors replays Weibo's error answers.
func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name      string
		path      string
		status    int
		file      string
		permanent bool // error wraps ingest.ErrPermanent
		retry     bool // error to be retried at the same cursor
		bad       int  // dead letters in the batch
		metric    string
	}{
		{name: "user rate limit", path: "/2/statuses/user_timeline.json", status: 403, file: "error_10023.json", retry: true, metric: "lingting_weibo_rate_limited_total"},
		{name: "ip rate limit", path: "/2/comments/show.json", status: 403, file: "error_10022.json", retry: true, metric: "lingting_weibo_rate_limited_total"},
		{name: "expired token", path: "/2/statuses/user_timeline.json", status: 403, file: "error_21327.json", permanent: true, metric: "lingting_weibo_token_errors_total"},
		{name: "invalid token", path: "/2/statuses/user_timeline.json", status: 401, file: "error_21332.json", permanent: true, metric: "lingting_weibo_token_errors_total"},
		{name: "system error", path: "/2/statuses/user_timeline.json", status: 500, file: "error_10001.json", retry: true},
		{name: "bad gateway html", path: "/2/statuses/user_timeline.json", status: 502, file: "malformed.html", retry: true},
		{name: "html with 200", path: "/2/statuses/user_timeline.json", status: 200, file: "malformed.html", bad: 1},
		{name: "deleted post", path: "/2/comments/show.json", status: 400, file: "error_20101.json"},
		{name: "record without id", path: "/2/statuses/user_timeline.json", status: 200, file: "user_timeline_noid.json", bad: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.fail(tt.path, tt.status, tt.file)
			target := map[string]Config{"/2/statuses/user_timeline.json": {Accounts: []string{brandUID}}, "/2/comments/show.json": {Posts: []string{"4990000000000001"}}}[tt.path]
			s := newTestSource(t, f, target)
			b, err := s.Fetch(t.Context(), "")
			switch {
			case tt.permanent != errors.Is(err, ingest.ErrPermanent):
				t.Fatalf("Fetch error %v, permanent want %v", err, tt.permanent)
			case tt.retry != (err != nil && !tt.permanent):
				t.Fatalf("Fetch error %v, retry want %v", err, tt.retry)
			case len(b.Bad) != tt.bad:
				t.Fatalf("dead letters %d, want %d", len(b.Bad), tt.bad)
			case err == nil && b.Next == "":
				t.Fatal("a skipped target must move the cursor")
			}
			if strings.Contains(s.log.String(), testToken) || (err != nil && strings.Contains(err.Error(), testToken)) {
				t.Fatal("the access token reached a log line or an error")
			}
			if tt.metric != "" {
				if n := testutil.ToFloat64(counterOf(t, s, tt.metric)); n != 1 {
					t.Errorf("%s = %v, want 1", tt.metric, n)
				}
			}
		})
	}
}

func counterOf(t *testing.T, s *testSource, name string) prometheus.Collector {
	t.Helper()
	switch name {
	case "lingting_weibo_rate_limited_total":
		return s.m.rateLimited
	case "lingting_weibo_token_errors_total":
		return s.m.tokenErrors
	}
	t.Fatalf("unknown metric %s", name)
	return nil
}

// TestRateLimitPause: after a rate-limit answer the source sends nothing until the pause
// passed, then resumes at the same cursor.
func TestRateLimitPause(t *testing.T) {
	f := newFake(t)
	f.load("timeline:"+brandUID, "user_timeline_1404376560.json")
	f.fail("/2/statuses/user_timeline.json", 403, "error_10023.json")
	s := newTestSource(t, f, Config{Accounts: []string{brandUID}})
	if _, err := s.Fetch(t.Context(), ""); err == nil {
		t.Fatal("rate-limit answer: no error")
	}
	for range 5 {
		if b, err := s.Fetch(t.Context(), ""); err != nil || len(b.Raws) != 0 || b.Next != "" {
			t.Fatalf("paused Fetch = %d raws, next %q, %v", len(b.Raws), b.Next, err)
		}
	}
	if n := f.requestCount(); n != 1 {
		t.Fatalf("%d requests while paused, want 1", n)
	}
	s.clk.advance(DefaultRateLimitPause)
	ids, _ := step(t, s, "")
	assertIDs(t, "after the pause", ids, "007 006 005")
}

// TestBackfill collects a time window once, paging back until the window's start, then ends.
func TestBackfill(t *testing.T) {
	f := newFake(t)
	f.load("timeline:"+brandUID, "user_timeline_1404376560.json")
	f.load("timeline:"+brandUID, "user_timeline_1404376560_new.json")
	from := time.Date(2026, 5, 1, 4, 30, 0, 0, time.UTC) // 12:30 Beijing: after status 2
	to := time.Date(2026, 5, 2, 11, 30, 0, 0, time.UTC)  // 19:30 Beijing next day: before status 10
	s := newTestSource(t, f, Config{Accounts: []string{brandUID}, Backfill: &Backfill{From: from, To: to}})
	var all []string
	cur := ""
	last := 0.0
	for {
		b, err := s.Fetch(t.Context(), cur)
		if p := s.BackfillProgress(); p < last || p > 1 {
			t.Fatalf("progress went from %v to %v", last, p)
		} else {
			last = p
		}
		if errors.Is(err, ingest.ErrDone) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range b.Raws {
			all = append(all, strings.TrimPrefix(r.NativeID, "4990000000000"))
		}
		cur = b.Next
	}
	assertIDs(t, "backfill", all, "009 008 007 006 005 004 003")
	if last != 1 {
		t.Errorf("progress at the end %v, want 1", last)
	}
	if n := f.requestCount(); n != 4 {
		t.Errorf("%d requests, want 4 (pages 012-010, 009-007, 006-004, 003-001)", n)
	}
}

func TestCursorRejectsGarbage(t *testing.T) {
	f := newFake(t)
	s := newTestSource(t, f, Config{Accounts: []string{brandUID}})
	for _, cur := range []string{"{", `{"v":9}`, `{"v":1,"i":-1}`} {
		if _, err := s.Fetch(context.Background(), cur); !errors.Is(err, ingest.ErrPermanent) {
			t.Errorf("Fetch(%s) = %v, want ErrPermanent", cur, err)
		}
	}
}

func FuzzCursor(f *testing.F) {
	f.Add("")
	f.Add(`{"v":1,"in_round":true,"i":0,"t":{"timeline:1":{"since":"5","max":"3"}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err != nil {
			return
		}
		if _, err := decodeCursor(c.encode()); err != nil {
			t.Fatalf("re-encoded cursor does not decode: %v", err)
		}
	})
}

// FuzzPage: any answer body is either an error, or a batch whose envelopes have numeric
// ids and whose cursor decodes.
func FuzzPage(f *testing.F) {
	f.Add([]byte(`{"statuses":[{"idstr":"7","created_at":"Fri May 01 11:00:00 +0800 2026","retweeted_status":{"id":1}},{"id":6}],"total_number":2}`))
	f.Add([]byte(`{"comments":[{"id":"12","created_at":"x"},{"idstr":"007"},{"idstr":"a"}]}`))
	f.Add([]byte(`{"error":"User requests out of rate limit!","error_code":10023}`))
	s := &Source{cfg: Config{Name: "fuzz", Count: 3, FirstPages: 1}.withDefaults(), m: newMetrics(nil), now: time.Now}
	s.cfg.Count = 3
	f.Fuzz(func(t *testing.T, body []byte) {
		p, _, err := s.decode("statuses/user_timeline", 200, body)
		if err != nil {
			return
		}
		st := &targetState{Since: "5"}
		pb := s.wrap(target{targetTimeline, "1"}, st, append(p.Statuses, p.Comments...))
		for _, r := range pb.Raws {
			if canonical(r.NativeID) != r.NativeID || !idLess("5", r.NativeID) {
				t.Fatalf("envelope id %q", r.NativeID)
			}
		}
		c := &cursor{V: cursorVersion, T: map[string]*targetState{"timeline:1": st}}
		if _, err := decodeCursor(c.encode()); err != nil {
			t.Fatal(err)
		}
	})
}

// TestMalformedMidScan: a malformed answer in the middle of a scan dead-letters it and
// abandons the round without raising since_id, so the next round reads what was missed.
func TestMalformedMidScan(t *testing.T) {
	f := newFake(t)
	f.load("timeline:"+brandUID, "user_timeline_1404376560.json")
	s := newTestSource(t, f, Config{Accounts: []string{brandUID}})
	_, cur := step(t, s, "") // since = 007
	s.clk.advance(DefaultPollInterval)
	f.load("timeline:"+brandUID, "user_timeline_1404376560_new.json")
	ids, cur := step(t, s, cur)
	assertIDs(t, "page 1", ids, "012 011 010")
	f.fail("/2/statuses/user_timeline.json", 200, "malformed.html")
	b, err := s.Fetch(t.Context(), cur)
	if err != nil || len(b.Bad) != 1 {
		t.Fatalf("malformed page: %d dead letters, %v", len(b.Bad), err)
	}
	s.clk.advance(DefaultPollInterval)
	var all []string
	cur = b.Next
	for range 3 {
		ids, cur = step(t, s, cur)
		all = append(all, ids...)
	}
	assertIDs(t, "next round", all, "012 011 010 009 008")
}
