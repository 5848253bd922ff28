package bustest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
)

// deadline bounds every wait of the suite; it only guards against hangs.
const deadline = 90 * time.Second

// Topic is the topic a sub-test of Run uses, derived from t.Name(); implementations that
// need topics created in advance call it from newBus.
func Topic(t testing.TB) string {
	return "bustest." + sanitize(t.Name())
}

// group names a consumer group of the current sub-test.
func group(t testing.TB, name string) string {
	return "bustest." + sanitize(t.Name()) + "." + name
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '.'
	}, s)
}

// msg builds the seq-th message of key; its value is "key/seq".
func msg(key string, seq int) bus.Message {
	return bus.Message{Key: []byte(key), Value: fmt.Appendf(nil, "%s/%d", key, seq)}
}

func parse(v []byte) (key string, seq int) {
	k, s, _ := strings.Cut(string(v), "/")
	n, _ := strconv.Atoi(s)
	return k, n
}

// messages returns n messages spread over keys "<prefix>0".."<prefix>k-1", each key's
// messages numbered in order.
func messages(prefix string, n, keys int) []bus.Message {
	out := make([]bus.Message, n)
	for i := range n {
		out[i] = msg(fmt.Sprintf("%s%d", prefix, i%keys), i/keys)
	}
	return out
}

// recorder collects what handlers saw and lets the test wait for a condition on it.
type recorder struct {
	mu      sync.Mutex
	changed chan struct{}
	seen    map[string]int      // value → times seen
	members map[string][]string // member → values, in order
	order   map[string]int      // key → next seq expected for its first sightings
	errs    []string            // order violations
}

func newRecorder() *recorder {
	return &recorder{changed: make(chan struct{}), seen: map[string]int{},
		members: map[string][]string{}, order: map[string]int{}}
}

// add records a batch handed to member.
func (r *recorder) add(member string, batch []bus.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range batch {
		v := string(m.Value)
		if r.seen[v] == 0 {
			r.checkOrder(v)
		}
		r.seen[v]++
		r.members[member] = append(r.members[member], v)
	}
	close(r.changed)
	r.changed = make(chan struct{})
}

// checkOrder: the first sighting of key/seq must follow those of key/0..seq-1.
func (r *recorder) checkOrder(v string) {
	k, s := parse([]byte(v))
	if strings.HasPrefix(k, "probe") {
		return // probes are published before every consumer joined
	}
	if want := r.order[k]; s != want {
		r.errs = append(r.errs, fmt.Sprintf("key %s: first saw seq %d while expecting %d", k, s, want))
		return
	}
	r.order[k] = s + 1
}

// handler records every batch for member and acknowledges it.
func (r *recorder) handler(member string) bus.Handler {
	return func(_ context.Context, batch []bus.Message) error {
		r.add(member, batch)
		return nil
	}
}

// wait blocks until cond (called under the lock) holds, failing the test at the deadline.
func (r *recorder) wait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	for {
		r.mu.Lock()
		ok, ch := cond(), r.changed
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// hasAll reports whether every message of msgs was seen (callers hold the lock).
func (r *recorder) hasAll(msgs []bus.Message) bool {
	for _, m := range msgs {
		if r.seen[string(m.Value)] == 0 {
			return false
		}
	}
	return true
}

func (r *recorder) count(member, prefix string) int {
	n := 0
	for _, v := range r.members[member] {
		if strings.HasPrefix(v, prefix) {
			n++
		}
	}
	return n
}

// orderErrors returns the per-key order violations seen.
func (r *recorder) orderErrors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}
