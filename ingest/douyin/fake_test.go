package douyin

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

const (
	testOpenID  = "ba253642-0590-40bc-9bdf-9a1334b94059"
	testRefresh = "rft.VALIDREFRESH"
)

// fakeDouyin is the edge we do not own: an httptest server answering the open platform's
// video list, comment list, userinfo and refresh_token with the documented JSON, paging
// by offset cursors and replaying queued error answers.
type fakeDouyin struct {
	t        testing.TB
	mu       sync.Mutex
	access   string                       // the valid access token
	videos   []json.RawMessage            // of testOpenID
	comments map[string][]json.RawMessage // item_id → comments
	failures []failure
	queries  []string // raw query (or form) of each list request
	paths    []string
	onPage   func(path string, n int)
	srv      *httptest.Server
}

type failure struct {
	path string
	file string
}

func newFake(t testing.TB) *fakeDouyin {
	f := &fakeDouyin{t: t, access: "act.VALID", comments: map[string][]json.RawMessage{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

func apiFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "api", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func listOf(t testing.TB, name string) []json.RawMessage {
	var a struct {
		Data listPage `json:"data"`
	}
	if err := json.Unmarshal(apiFile(t, name), &a); err != nil {
		t.Fatal(err)
	}
	return a.Data.List
}

func (f *fakeDouyin) addVideos(file string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.videos = append(f.videos, listOf(f.t, file)...)
}

func (f *fakeDouyin) addComments(item, file string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.comments[item] = append(f.comments[item], listOf(f.t, file)...)
}

func (f *fakeDouyin) fail(path, file string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, failure{path, file})
}

func (f *fakeDouyin) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, p := range f.paths {
		if p == path {
			n++
		}
	}
	return n
}

func (f *fakeDouyin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f.mu.Lock()
	f.paths = append(f.paths, r.URL.Path)
	f.queries = append(f.queries, r.URL.RawQuery)
	n, hook := len(f.paths), f.onPage
	var fl *failure
	for i := range f.failures {
		if f.failures[i].path == r.URL.Path {
			fl = &failure{f.failures[i].path, f.failures[i].file}
			f.failures = slices.Delete(f.failures, i, i+1)
			break
		}
	}
	access := f.access
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case fl != nil:
		w.Write(apiFile(f.t, fl.file))
	case r.URL.Path == "/oauth/refresh_token/":
		f.refresh(w, r)
	case r.Header.Get("access-token") != access || r.URL.Query().Has("access_token"):
		w.Write(apiFile(f.t, "error_2190008.json"))
	case r.URL.Path == "/oauth/userinfo/":
		w.Write(apiFile(f.t, "userinfo.json"))
	case r.URL.Path == "/video/list/" || r.URL.Path == "/item/comment/list/":
		if hook != nil {
			hook(r.URL.Path, n)
		}
		f.list(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeDouyin) refresh(w http.ResponseWriter, r *http.Request) {
	if r.PostForm.Get("refresh_token") != testRefresh || r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("client_key") == "" {
		w.Write(apiFile(f.t, "error_10010.json"))
		return
	}
	f.mu.Lock()
	f.access = "act.NEWTOKEN"
	f.mu.Unlock()
	w.Write(apiFile(f.t, "refresh_token.json"))
}

// list pages newest first by offset cursors, as the platform does.
func (f *fakeDouyin) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	all := slices.Clone(f.videos)
	if r.URL.Path == "/item/comment/list/" {
		all = slices.Clone(f.comments[q.Get("item_id")])
	}
	f.mu.Unlock()
	slices.SortStableFunc(all, func(a, b json.RawMessage) int {
		var ra, rb record
		json.Unmarshal(a, &ra)
		json.Unmarshal(b, &rb)
		return int(rb.CreateTime - ra.CreateTime)
	})
	off, _ := strconv.Atoi(q.Get("cursor"))
	count, _ := strconv.Atoi(q.Get("count"))
	end := min(off+count, len(all))
	page := all[min(off, len(all)):end]
	b, _ := json.Marshal(map[string]any{"data": map[string]any{"cursor": end, "has_more": end < len(all), "list": page, "error_code": 0, "description": ""},
		"extra": map[string]any{"logid": "2020", "now": 1594015876138}})
	w.Write(b)
}

type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }
