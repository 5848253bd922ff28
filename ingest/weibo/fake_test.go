package weibo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testToken = "2.00SECRETtokenVALUE"

// fakeWeibo is the edge we do not own: an httptest server answering user_timeline,
// comments/show and search with the documented JSON shapes, paging its records by
// since_id, max_id and count like the real API, and replaying queued error answers.
type fakeWeibo struct {
	t        testing.TB
	mu       sync.Mutex
	records  map[string][]json.RawMessage // "timeline:uid", "comments:id", "search:q" → records
	failures []failure                    // answered in order, one per request to their path
	reverse  bool                         // answer pages oldest first (out of order)
	requests []*http.Request
	onPage   func(n int) // called with the request count before answering a page
	srv      *httptest.Server
}

type failure struct {
	path   string // request path the failure answers
	status int
	file   string // testdata/api file
}

func newFake(t testing.TB) *fakeWeibo {
	f := &fakeWeibo{t: t, records: map[string][]json.RawMessage{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

// load adds the records of a testdata/api response file to key.
func (f *fakeWeibo) load(key, file string) {
	f.t.Helper()
	var p page
	if err := json.Unmarshal(readAPI(f.t, file), &p); err != nil {
		f.t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.records[key] = append(f.records[key], p.Statuses...)
	f.records[key] = append(f.records[key], p.Comments...)
}

func (f *fakeWeibo) fail(path string, status int, file string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, failure{path, status, file})
}

func (f *fakeWeibo) requestCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func readAPI(t testing.TB, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "api", file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *fakeWeibo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r)
	n, hook := len(f.requests), f.onPage
	f.mu.Unlock()
	if r.Header.Get("Authorization") != "OAuth2 "+testToken || r.URL.Query().Has("access_token") {
		f.answer(w, http.StatusUnauthorized, readAPI(f.t, "error_21332.json"))
		return
	}
	if fl, ok := f.nextFailure(r.URL.Path); ok {
		f.answer(w, fl.status, readAPI(f.t, fl.file))
		return
	}
	if hook != nil {
		hook(n)
	}
	q := r.URL.Query()
	var key, field string
	switch r.URL.Path {
	case "/2/statuses/user_timeline.json":
		key, field = "timeline:"+q.Get("uid"), "statuses"
	case "/2/comments/show.json":
		key, field = "comments:"+q.Get("id"), "comments"
	case "/search":
		key, field = "search:"+q.Get("q"), "statuses"
	default:
		http.NotFound(w, r)
		return
	}
	b, _ := json.Marshal(map[string]any{field: f.page(key, q), "previous_cursor": 0, "next_cursor": 0, "total_number": len(f.records[key])})
	f.answer(w, http.StatusOK, b)
}

func (f *fakeWeibo) nextFailure(path string) (failure, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, fl := range f.failures {
		if fl.path == path {
			f.failures = slices.Delete(f.failures, i, i+1)
			return fl, true
		}
	}
	return failure{}, false
}

// page selects since_id < id ≤ max_id, newest first, count records.
func (f *fakeWeibo) page(key string, q map[string][]string) []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	since, maxID := get("since_id"), get("max_id")
	count, _ := strconv.Atoi(get("count"))
	var sel []json.RawMessage
	for _, rec := range f.records[key] {
		var h header
		json.Unmarshal(rec, &h)
		id := pick(h.IDStr, h.ID)
		if (since == "" || idLess(since, id)) && (maxID == "" || !idLess(maxID, id)) {
			sel = append(sel, rec)
		}
	}
	slices.SortFunc(sel, func(a, b json.RawMessage) int {
		var ha, hb header
		json.Unmarshal(a, &ha)
		json.Unmarshal(b, &hb)
		if idLess(pick(hb.IDStr, hb.ID), pick(ha.IDStr, ha.ID)) {
			return -1
		}
		return 1
	})
	if len(sel) > count {
		sel = sel[:count]
	}
	if f.reverse {
		slices.Reverse(sel)
	}
	return sel
}

func (f *fakeWeibo) answer(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	w.Write(body)
}

// clock is a settable time for the source's round and pause logic.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }
