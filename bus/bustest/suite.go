package bustest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// Run runs the conformance suite. newBus is called once per sub-test with that sub-test's
// t and returns a ready bus (both halves may be the same value); it registers its own
// cleanup with t.Cleanup. Topics the sub-test uses: Topic(t) and bus.TopicDeadLetters.
func Run(t *testing.T, newBus func(t *testing.T) (bus.Publisher, bus.Consumer)) {
	tests := []struct {
		name string
		run  func(t *testing.T, p bus.Publisher, c bus.Consumer)
	}{
		{"DeliversAllInKeyOrder", testDeliversAll},
		{"RedeliversAfterHandlerError", testRedelivers},
		{"RejectedGoToDeadLetters", testDeadLetters},
		{"RestartResumesWithoutLoss", testRestart},
		{"TwoGroupsEachReceiveAll", testTwoGroups},
		{"TwoMembersShareGroup", testTwoMembers},
		{"PublishHonoursContext", testPublishContext},
		{"ConsumeReturnsNilWhenContextEnds", testConsumeContext},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, c := newBus(t)
			tc.run(t, p, c)
		})
	}
}

// consume runs c.Consume in a goroutine; the returned stop ends it and checks that it
// returned nil. stop is also registered as cleanup; calling it twice is fine.
func consume(t *testing.T, c bus.Consumer, topic, group string, h bus.Handler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Consume(ctx, topic, group, h) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Consume(%s, %s) = %v, want nil after its context ended", topic, group, err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// publish publishes msgs, failing the test on error.
func publish(t *testing.T, p bus.Publisher, topic string, msgs ...bus.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	if err := p.Publish(ctx, topic, msgs...); err != nil {
		t.Fatalf("Publish(%s, %d messages): %v", topic, len(msgs), err)
	}
}

// publishAsync publishes in a goroutine (Memory's Publish blocks until consumers acked)
// and returns a function that waits for it and checks its error.
func publishAsync(t *testing.T, p bus.Publisher, topic string, msgs ...bus.Message) (wait func()) {
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	done := make(chan error, 1)
	go func() { done <- p.Publish(ctx, topic, msgs...) }()
	var once sync.Once
	wait = func() {
		once.Do(func() {
			defer cancel()
			if err := <-done; err != nil {
				t.Errorf("Publish(%s, %d messages): %v", topic, len(msgs), err)
			}
		})
	}
	t.Cleanup(wait)
	return wait
}

// probeUntil publishes probe messages one by one until ready holds (each consumer that
// must take part has received a probe), so later messages are not published before a
// group or member joined. It fails the test at the deadline.
func probeUntil(t *testing.T, p bus.Publisher, topic string, ready func() bool) {
	t.Helper()
	stop := time.Now().Add(deadline)
	for i := 0; ; i++ {
		publish(t, p, topic, msg(fmt.Sprintf("probe%d", i%16), i/16))
		if ready() {
			return
		}
		if time.Now().After(stop) {
			t.Fatal("timed out waiting for consumers to join")
		}
		time.Sleep(20 * time.Millisecond) // pace the probes; not an assertion
	}
}

func checkOrder(t *testing.T, rec *recorder) {
	t.Helper()
	for _, e := range rec.orderErrors() {
		t.Error(e)
	}
}

func testDeliversAll(t *testing.T, p bus.Publisher, c bus.Consumer) {
	topic := Topic(t)
	rec := newRecorder()
	consume(t, c, topic, group(t, "g"), rec.handler("m"))
	msgs := messages("k", 300, 7)
	for i := 0; i < len(msgs); i += 50 {
		publish(t, p, topic, msgs[i:i+50]...)
	}
	rec.wait(t, "all messages", func() bool { return rec.hasAll(msgs) })
	checkOrder(t, rec)
}

func testRedelivers(t *testing.T, p bus.Publisher, c bus.Consumer) {
	topic := Topic(t)
	rec := newRecorder()
	var mu sync.Mutex
	failures := 0
	h := func(ctx context.Context, batch []bus.Message) error {
		mu.Lock()
		fail := failures < 3
		if fail {
			failures++
		}
		mu.Unlock()
		if fail {
			return errors.New("transient failure")
		}
		rec.add("m", batch)
		return nil
	}
	consume(t, c, topic, group(t, "g"), h)
	msgs := messages("k", 100, 5)
	wait := publishAsync(t, p, topic, msgs...)
	rec.wait(t, "all messages after failures", func() bool { return rec.hasAll(msgs) })
	wait()
	mu.Lock()
	defer mu.Unlock()
	if failures != 3 {
		t.Errorf("handler failed %d times, want 3", failures)
	}
	checkOrder(t, rec)
}

func testDeadLetters(t *testing.T, p bus.Publisher, c bus.Consumer) {
	topic, g := Topic(t), group(t, "g")
	dead := newRecorder()
	letters := map[string]event.DeadLetter{} // by payload; guarded by dead.mu
	consume(t, c, bus.TopicDeadLetters, group(t, "dead"), func(_ context.Context, b []bus.Message) error {
		for _, m := range b {
			dl, err := event.Decode[event.DeadLetter](m.Value)
			if err != nil {
				return fmt.Errorf("decoding dead letter: %w", err)
			}
			if dl.Source == topic {
				dead.mu.Lock()
				letters[string(dl.Payload)] = dl
				dead.mu.Unlock()
				dead.add("dead", []bus.Message{{Value: dl.Payload}})
			}
		}
		return nil
	})
	rec := newRecorder()
	consume(t, c, topic, g, func(_ context.Context, b []bus.Message) error {
		rec.add("m", b)
		var rej bus.Rejected
		for i, m := range b {
			if strings.HasPrefix(string(m.Value), "bad") {
				rej.Reject(i, "cannot parse "+string(m.Value))
			}
		}
		return rej.Err()
	})
	msgs := append(messages("good", 30, 3), messages("bad", 6, 2)...)
	wait := publishAsync(t, p, topic, msgs...)
	dead.wait(t, "6 dead letters", func() bool { return len(dead.seen) >= 6 })
	rec.wait(t, "all messages", func() bool { return rec.hasAll(msgs) })
	wait()
	dead.mu.Lock()
	defer dead.mu.Unlock()
	ids := map[string]bool{}
	for _, dl := range letters {
		checkDeadLetter(t, dl, topic, g)
		ids[dl.ID] = true
	}
	if len(ids) != len(letters) {
		t.Errorf("%d dead letters share %d ids", len(letters), len(ids))
	}
}

func checkDeadLetter(t *testing.T, dl event.DeadLetter, topic, g string) {
	t.Helper()
	payload := string(dl.Payload)
	switch {
	case !strings.HasPrefix(payload, "bad"):
		t.Errorf("dead letter for %q, want only bad messages", payload)
	case dl.Reason != "cannot parse "+payload:
		t.Errorf("dead letter reason %q for %q", dl.Reason, payload)
	case dl.Stage != g:
		t.Errorf("dead letter stage %q, want %q", dl.Stage, g)
	case !strings.HasPrefix(dl.ID, "dl:"+g+":"+topic+":"):
		t.Errorf("dead letter id %q does not name group and topic", dl.ID)
	case dl.At.IsZero():
		t.Error("dead letter time is zero")
	}
}
