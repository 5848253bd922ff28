package bustest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lingting/lingting/bus"
)

// testRestart: a consumer acknowledges batch A, then fails on batch B and stops; a new
// member of the same group receives all of B and nothing of A.
func testRestart(t *testing.T, p bus.Publisher, c bus.Consumer) {
	topic, g := Topic(t), group(t, "g")
	first := newRecorder()
	stop := consume(t, c, topic, g, func(_ context.Context, batch []bus.Message) error {
		first.add("first", batch)
		for _, m := range batch {
			if strings.HasPrefix(string(m.Value), "b") {
				return errors.New("failing on batch B before the restart")
			}
		}
		return nil
	})
	a := messages("a", 60, 4)
	waitA := publishAsync(t, p, topic, a...)
	first.wait(t, "batch A", func() bool { return first.hasAll(a) })
	waitA()
	b := messages("b", 60, 4)
	waitB := publishAsync(t, p, topic, b...)
	first.wait(t, "a failed delivery of B", func() bool { return first.count("first", "b") > 0 })
	stop()

	second := newRecorder()
	consume(t, c, topic, g, second.handler("second"))
	second.wait(t, "batch B after the restart", func() bool { return second.hasAll(b) })
	waitB()
	second.mu.Lock()
	n := second.count("second", "a")
	second.mu.Unlock()
	if n > 0 {
		t.Errorf("restarted member received %d acknowledged messages of batch A again", n)
	}
	checkOrder(t, second)
}

// testTwoGroups: two groups on one topic each receive every message.
func testTwoGroups(t *testing.T, p bus.Publisher, c bus.Consumer) {
	topic := Topic(t)
	recs := []*recorder{newRecorder(), newRecorder()}
	for i, name := range []string{"g1", "g2"} {
		consume(t, c, topic, group(t, name), recs[i].handler(name))
	}
	probeUntil(t, p, topic, func() bool {
		return probed(recs[0], "g1") && probed(recs[1], "g2")
	})
	msgs := messages("k", 200, 8)
	wait := publishAsync(t, p, topic, msgs...)
	for i, r := range recs {
		r.wait(t, "all messages in group "+[]string{"g1", "g2"}[i], func() bool { return r.hasAll(msgs) })
		checkOrder(t, r)
	}
	wait()
}

// testTwoMembers: two members of one group both take part and lose nothing.
func testTwoMembers(t *testing.T, p bus.Publisher, c bus.Consumer) {
	topic, g := Topic(t), group(t, "g")
	rec := newRecorder()
	consume(t, c, topic, g, rec.handler("m1"))
	consume(t, c, topic, g, rec.handler("m2"))
	probeUntil(t, p, topic, func() bool {
		return probed(rec, "m1") && probed(rec, "m2")
	})
	msgs := messages("k", 300, 16)
	wait := publishAsync(t, p, topic, msgs...)
	rec.wait(t, "all messages in the group", func() bool { return rec.hasAll(msgs) })
	wait()
	checkOrder(t, rec)
}

// probed reports whether member has seen a probe; it takes r's lock.
func probed(r *recorder, member string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range r.members[member] {
		if strings.HasPrefix(v, "probe") {
			return true
		}
	}
	return false
}

// testPublishContext: Publish with an ended context fails with the context's error.
func testPublishContext(t *testing.T, p bus.Publisher, _ bus.Consumer) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := p.Publish(ctx, Topic(t), msg("k", 0))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Publish with a cancelled context = %v, want context.Canceled", err)
	}
}

// testConsumeContext: Consume returns nil once its context ends, also while idle.
func testConsumeContext(t *testing.T, _ bus.Publisher, c bus.Consumer) {
	stop := consume(t, c, Topic(t), group(t, "g"), func(context.Context, []bus.Message) error { return nil })
	stop()
}
