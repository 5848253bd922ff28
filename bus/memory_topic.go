package bus

import (
	"hash/fnv"
	"sync"
)

// memTopic is one topic of the in-process bus: a log per partition and, per subscribed
// group, a cursor per partition. All fields are guarded by mu; wake is closed (and
// replaced) on every change waiters care about.
type memTopic struct {
	name     string
	maxIn    int
	mu       sync.Mutex
	parts    []memPart
	groups   map[string]*memGroup
	inFlight int    // entries not yet acknowledged by every group they were published to
	rr       uint32 // round robin for messages without a key
	wake     chan struct{}
}

// memPart holds a partition's retained entries; log[i] has offset base+i.
type memPart struct {
	base int64
	log  []*memEntry
}

func (p *memPart) end() int64 { return p.base + int64(len(p.log)) }

type memEntry struct {
	msg     Message
	pending int // groups that still have to acknowledge it
	pub     *pubWait
}

// pubWait is how one Publish call learns that all its messages were acknowledged.
type pubWait struct {
	left int
	done chan struct{}
}

type memGroup struct {
	cursors []memCursor
	rr      int // first partition to look at, rotated for fairness
}

// memCursor: every offset below committed is acknowledged by the group; next is the next
// offset to hand out; a leased partition has a batch out with a member.
type memCursor struct {
	committed, next int64
	leased          bool
}

// lease is the part of a batch taken from one partition: offsets [from, to).
type lease struct {
	partition int
	from, to  int64
}

func newMemTopic(name string, partitions, maxInFlight int) *memTopic {
	return &memTopic{
		name: name, maxIn: maxInFlight, parts: make([]memPart, partitions),
		groups: map[string]*memGroup{}, wake: make(chan struct{}),
	}
}

// broadcast wakes every waiter. Callers hold mu.
func (t *memTopic) broadcast() {
	close(t.wake)
	t.wake = make(chan struct{})
}

// subscribe adds group if it is new. The first group of a topic receives every retained
// message (those published while nobody was subscribed); a later group starts at the end.
func (t *memTopic) subscribe(group string) *memGroup {
	t.mu.Lock()
	defer t.mu.Unlock()
	if g, ok := t.groups[group]; ok {
		return g
	}
	first := len(t.groups) == 0
	g := &memGroup{cursors: make([]memCursor, len(t.parts))}
	for i := range t.parts {
		p := &t.parts[i]
		start := p.end()
		if first {
			start = p.base
			for _, e := range p.log {
				e.pending = 1
			}
		}
		g.cursors[i] = memCursor{committed: start, next: start}
	}
	t.groups[group] = g
	t.broadcast()
	return g
}

// append adds as many of msgs as the in-flight cap allows and returns how many it added.
func (t *memTopic) append(msgs []Message, pw *pubWait) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := min(t.maxIn-t.inFlight, len(msgs))
	for i := range max(n, 0) {
		m := copyMessage(t.name, msgs[i])
		pi := t.partition(m.Key)
		p := &t.parts[pi]
		m.Partition, m.Offset = pi, p.end()
		p.log = append(p.log, &memEntry{msg: m, pending: len(t.groups), pub: pw})
	}
	if n > 0 {
		t.inFlight += n
		t.broadcast()
	}
	return max(n, 0)
}

// partition picks a key's partition: FNV-1a of the key, round robin without a key.
func (t *memTopic) partition(key []byte) int {
	if len(key) == 0 {
		t.rr++
		return int(t.rr % uint32(len(t.parts)))
	}
	h := fnv.New32a()
	h.Write(key)
	return int(h.Sum32() % uint32(len(t.parts)))
}

func copyMessage(topic string, m Message) Message {
	return Message{Topic: topic, Key: clone(m.Key), Value: clone(m.Value)}
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}

// available counts messages g can take now (from partitions nobody of g has leased).
// Callers hold mu.
func (t *memTopic) available(g *memGroup) int {
	n := 0
	for i := range t.parts {
		if c := &g.cursors[i]; !c.leased {
			n += int(t.parts[i].end() - c.next)
		}
	}
	return n
}

// take leases up to max messages for g, starting at a rotating partition. Callers hold mu.
func (t *memTopic) take(g *memGroup, limit int) ([]Message, []lease) {
	var batch []Message
	var leases []lease
	for k := 0; k < len(t.parts) && len(batch) < limit; k++ {
		i := (g.rr + k) % len(t.parts)
		c, p := &g.cursors[i], &t.parts[i]
		if c.leased || c.next >= p.end() {
			continue
		}
		to := min(p.end(), c.next+int64(limit-len(batch)))
		for off := c.next; off < to; off++ {
			batch = append(batch, p.log[off-p.base].msg)
		}
		leases = append(leases, lease{partition: i, from: c.next, to: to})
		c.next, c.leased = to, true
	}
	g.rr = (g.rr + 1) % len(t.parts)
	return batch, leases
}

// ack marks the leased offsets acknowledged by g, frees the leases, and trims entries
// every group has acknowledged. It returns the partitions' new committed offsets and ends
// for metrics.
func (t *memTopic) ack(g *memGroup, leases []lease, report func(partition int, committed, end int64)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, l := range leases {
		p := &t.parts[l.partition]
		for off := l.from; off < l.to; off++ {
			t.done(p.log[off-p.base])
		}
		c := &g.cursors[l.partition]
		c.committed, c.leased = l.to, false
		for len(p.log) > 0 && p.log[0].pending == 0 {
			p.log[0] = nil
			p.log = p.log[1:]
			p.base++
		}
		report(l.partition, c.committed, p.end())
	}
	t.broadcast()
}

// done records one group's acknowledgement of e. Callers hold mu.
func (t *memTopic) done(e *memEntry) {
	e.pending--
	if e.pending > 0 {
		return
	}
	t.inFlight--
	e.pub.left--
	if e.pub.left == 0 {
		close(e.pub.done)
	}
}

// release gives leased, unacknowledged offsets back to g: the next member of the group
// (or a restarted one) receives them again.
func (t *memTopic) release(g *memGroup, leases []lease) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, l := range leases {
		c := &g.cursors[l.partition]
		c.next, c.leased = c.committed, false
	}
	t.broadcast()
}
