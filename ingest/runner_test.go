package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// TestRunnerRoutesEnvelopes checks where each kind of envelope ends up.
func TestRunnerRoutesEnvelopes(t *testing.T) {
	tests := []struct {
		name       string
		raw        event.Raw
		bad        []event.DeadLetter
		mentionIDs []string
		reason     string // substring of the one dead letter's reason; "" = no dead letter
	}{
		{"post", raw(event.Weibo, "1", testPayload{Text: "好"}), nil, []string{"weibo:1"}, ""},
		{"repost yields two", raw(event.Weibo, "2", testPayload{Text: "转发", Quote: "9"}), nil, []string{"weibo:2", "weibo:9"}, ""},
		{"unknown platform", event.NewRaw("myspace", event.Post, "3", t0, []byte(`{}`)), nil, nil, `platform "myspace" is not known`},
		{"id mismatch", func() event.Raw { r := raw(event.Weibo, "4", testPayload{Text: "x"}); r.ID = "weibo:5"; return r }(), nil, nil, "does not match"},
		{"no parser", raw(event.Douyin, "6", testPayload{Text: "x"}), nil, nil, `no parser for platform "douyin"`},
		{"parse error", raw(event.Weibo, "7", testPayload{}), nil, nil, "parsing weibo envelope: text missing"},
		{"parser panic", raw(event.WeCom, "8", testPayload{Text: "x", Panic: true}), nil, nil, "panicked: parser bug"},
		{"payload not json", rawBytes(event.Weibo, "10", `{"text":`), nil, nil, "payload holds the platform bytes only"},
		{"source bad record", raw(event.Weibo, "11", testPayload{Text: "ok"}),
			[]event.DeadLetter{{Reason: "line 3: not json", Payload: []byte("{oops")}}, []string{"weibo:11"}, "line 3: not json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := &scriptSource{name: "test", batches: []ingest.Batch{{Raws: []event.Raw{tc.raw}, Bad: tc.bad}}}
			pub := &recorder{}
			if err := ingest.NewRunner(src, testParsers, pub, &ingest.MemoryCheckpoints{}, fastConfig(), nil, nil).Run(t.Context()); err != nil {
				t.Fatalf("Run: %v", err)
			}
			var ids []string
			for _, m := range pub.messages(bus.TopicMentions) {
				got, err := event.Decode[event.Mention](m.Value)
				if err != nil || string(m.Key) != got.ID {
					t.Fatalf("mention message key %q, decoded %+v, %v", m.Key, got, err)
				}
				ids = append(ids, got.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tc.mentionIDs) {
				t.Errorf("mentions %v, want %v", ids, tc.mentionIDs)
			}
			dls := pub.messages(bus.TopicDeadLetters)
			if tc.reason == "" {
				if len(dls) != 0 {
					t.Fatalf("%d dead letters, want none", len(dls))
				}
				return
			}
			if len(dls) != 1 {
				t.Fatalf("%d dead letters, want 1", len(dls))
			}
			checkDeadLetter(t, dls[0], tc.reason)
		})
	}
}

func checkDeadLetter(t *testing.T, m bus.Message, reason string) {
	t.Helper()
	dl, err := event.Decode[event.DeadLetter](m.Value)
	if err != nil {
		t.Fatalf("decoding dead letter: %v", err)
	}
	if !strings.Contains(dl.Reason, reason) {
		t.Errorf("reason %q, want it to contain %q", dl.Reason, reason)
	}
	if dl.Stage != ingest.StageCollect || dl.Source != "test" || dl.ID == "" || string(m.Key) != dl.ID || dl.At.IsZero() || len(dl.Payload) == 0 {
		t.Errorf("dead letter incomplete: %+v key %q", dl, m.Key)
	}
}

// TestRunnerDeadLetterIDsAreDeterministic: rejecting the same envelope twice yields one id.
func TestRunnerDeadLetterIDsAreDeterministic(t *testing.T) {
	ids := make([]string, 2)
	for i := range ids {
		bad := rawBytes(event.Weibo, "7", `{"text":""}`)
		src := &scriptSource{name: "test", batches: []ingest.Batch{{Raws: []event.Raw{bad}}}}
		pub := &recorder{}
		if err := ingest.NewRunner(src, testParsers, pub, &ingest.MemoryCheckpoints{}, fastConfig(), nil, nil).Run(t.Context()); err != nil {
			t.Fatal(err)
		}
		ids[i] = string(pub.messages(bus.TopicDeadLetters)[0].Key)
	}
	if ids[0] != ids[1] || ids[0] != "collect:test:weibo:7" {
		t.Fatalf("dead-letter ids %q", ids)
	}
}

// TestRunnerCheckpointsAfterAck: every Save comes after the batch it covers was
// acknowledged, the last cursor is saved before ErrDone ends the run, and a new Runner
// resumes from it.
func TestRunnerCheckpointsAfterAck(t *testing.T) {
	src := &scriptSource{name: "test", batches: []ingest.Batch{
		{Raws: posts(0, 3)},
		{Raws: []event.Raw{raw(event.Weibo, "x", testPayload{})}}, // one dead letter
		{}, // nothing new, cursor moves
		{Raws: posts(3, 2)},
	}}
	pub := &recorder{}
	cp := &watched{pub: pub}
	if err := ingest.NewRunner(src, testParsers, pub, cp, fastConfig(), nil, nil).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []save{{"1", 3, 0}, {"2", 3, 1}, {"3", 3, 1}, {"4", 5, 1}}
	if fmt.Sprint(cp.saves) != fmt.Sprint(want) {
		t.Fatalf("saves %v, want %v", cp.saves, want)
	}
	again := &scriptSource{name: "test", batches: src.batches}
	if err := ingest.NewRunner(again, testParsers, pub, cp, fastConfig(), nil, nil).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(again.cursors) != "[4]" || pub.count(bus.TopicMentions) != 5 {
		t.Fatalf("restart fetched %v and published %d mentions in all", again.cursors, pub.count(bus.TopicMentions))
	}
}

// TestRunnerRetries runs in a synctest bubble: back-off waits cost no real time, and the
// fake clock shows that the Runner waited instead of spinning.
func TestRunnerRetries(t *testing.T) {
	transient := errors.New("connection reset")
	tests := []struct {
		name           string
		fetchFailures  int
		pubFailures    int
		minWait        time.Duration // lower bound of the summed back-off (jitter ≥ d/2)
		wantFetchCalls int
	}{
		{"fetch fails 3 times", 3, 0, (100 + 200 + 400) / 2 * time.Millisecond, 3 + 2},
		{"publish fails 4 times", 0, 4, (100 + 200 + 400 + 500) / 2 * time.Millisecond, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := &scriptSource{name: "test", batches: []ingest.Batch{{Raws: posts(0, 2)}},
					fail: func(call int, _ string) error {
						if call <= tc.fetchFailures {
							return fmt.Errorf("call %d: %w", call, transient)
						}
						return nil
					}}
				pub := &recorder{}
				for range tc.pubFailures {
					pub.failures = append(pub.failures, transient)
				}
				cp := &watched{pub: pub}
				cfg := ingest.RunnerConfig{Backoff: ingest.BackoffConfig{Initial: 100 * time.Millisecond, Max: 500 * time.Millisecond}}
				reg := prometheus.NewRegistry()
				start := time.Now()
				if err := ingest.NewRunner(src, testParsers, pub, cp, cfg, reg, nil).Run(t.Context()); err != nil {
					t.Fatal(err)
				}
				waited := time.Since(start)
				if waited < tc.minWait || waited > 2*tc.minWait+time.Second {
					t.Errorf("waited %v on the fake clock, want about %v", waited, tc.minWait)
				}
				if src.calls != tc.wantFetchCalls || fmt.Sprint(cp.saves) != "[{1 2 0}]" || pub.count(bus.TopicMentions) != 2 {
					t.Errorf("fetch calls %d (want %d), saves %v, mentions %d", src.calls, tc.wantFetchCalls, cp.saves, pub.count(bus.TopicMentions))
				}
				if got := metricSum(t, reg, "lingting_ingest_retries_total"); got != float64(tc.fetchFailures+tc.pubFailures) {
					t.Errorf("retries_total %v, want %d", got, tc.fetchFailures+tc.pubFailures)
				}
			})
		})
	}
}

// metricSum adds up every series of the named counter or gauge.
func metricSum(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return sum
}

// TestRunnerStops: a permanent error ends Run with that error and no checkpoint; the end
// of ctx ends Run with nil, also while idling or backing off.
func TestRunnerStops(t *testing.T) {
	revoked := fmt.Errorf("token revoked: %w", ingest.ErrPermanent)
	tests := []struct {
		name    string
		fail    error // every Fetch fails with it, unless nil
		pubFail error // every Publish fails with it, unless nil
		wantErr error // nil: Run must return nil once ctx ends
	}{
		{"permanent fetch error", revoked, nil, ingest.ErrPermanent},
		{"permanent publish error", nil, revoked, ingest.ErrPermanent},
		{"cancel while idle", nil, nil, nil},
		{"cancel while backing off", errors.New("timeout"), nil, nil},
		{"cancel while publish retries", nil, errors.New("broker down"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := &scriptSource{name: "test", endless: true, batches: []ingest.Batch{{Raws: posts(0, 1)}},
					fail: func(int, string) error { return tc.fail }}
				pub := &recorder{always: tc.pubFail}
				cp := &watched{pub: pub}
				ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
				defer cancel()
				err := ingest.NewRunner(src, testParsers, pub, cp, ingest.RunnerConfig{}, nil, nil).Run(ctx)
				if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
					t.Fatalf("Run returned %v, want %v", err, tc.wantErr)
				}
				if tc.wantErr == nil && ctx.Err() == nil {
					t.Fatal("Run returned before ctx ended")
				}
				if tc.fail != nil || tc.pubFail != nil {
					if len(cp.saves) != 0 {
						t.Fatalf("checkpoint saved %v despite failures", cp.saves)
					}
				}
				if src.calls > 4000 {
					t.Fatalf("%d fetches in one fake hour: a hot loop", src.calls)
				}
			})
		})
	}
}

// TestRunnerRateLimit: with Interval set, n fetches take at least (n-1)·Interval.
func TestRunnerRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &scriptSource{name: "test", batches: []ingest.Batch{{Raws: posts(0, 1)}, {Raws: posts(1, 1)}, {Raws: posts(2, 1)}, {Raws: posts(3, 1)}}}
		start := time.Now()
		cfg := ingest.RunnerConfig{Interval: 10 * time.Second}
		if err := ingest.NewRunner(src, testParsers, &recorder{}, &ingest.MemoryCheckpoints{}, cfg, nil, nil).Run(t.Context()); err != nil {
			t.Fatal(err)
		}
		// 5 fetches (4 batches and ErrDone): the first is free.
		if got := time.Since(start); got != 40*time.Second {
			t.Fatalf("5 fetches took %v of fake time, want 40s", got)
		}
	})
}

// TestRunnerMetrics checks the counters after one run over a mixed batch.
func TestRunnerMetrics(t *testing.T) {
	src := &scriptSource{name: "mixed", batches: []ingest.Batch{{
		Raws: append(posts(0, 3), raw(event.Weibo, "q", testPayload{Text: "a", Quote: "b"}), raw(event.Weibo, "bad", testPayload{})),
		Bad:  []event.DeadLetter{{Reason: "not json", Payload: []byte("x")}},
	}}}
	reg := prometheus.NewRegistry()
	if err := ingest.NewRunner(src, testParsers, &recorder{}, &ingest.MemoryCheckpoints{}, fastConfig(), reg, nil).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	// A second Runner on the same registry must not fail to register.
	_ = ingest.NewRunner(src, testParsers, &recorder{}, &ingest.MemoryCheckpoints{}, fastConfig(), reg, nil)
	for name, want := range map[string]float64{
		"lingting_ingest_fetches_total":            2, // ok + done
		"lingting_ingest_envelopes_total":          5,
		"lingting_ingest_mentions_published_total": 5,
		"lingting_ingest_dead_letters_total":       2,
		"lingting_ingest_retries_total":            0,
	} {
		if got := metricSum(t, reg, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if metricSum(t, reg, "lingting_ingest_checkpoint_saved_timestamp_seconds") < float64(t0.Unix()) {
		t.Error("checkpoint_saved_timestamp_seconds not set")
	}
}

func TestRunnerRejectsBadWiring(t *testing.T) {
	src := &scriptSource{name: "test"}
	tests := []struct {
		name   string
		runner *ingest.Runner
		want   string
	}{
		{"nil source", ingest.NewRunner(nil, testParsers, &recorder{}, &ingest.MemoryCheckpoints{}, ingest.RunnerConfig{}, nil, nil), "source is nil"},
		{"nil publisher", ingest.NewRunner(src, testParsers, nil, &ingest.MemoryCheckpoints{}, ingest.RunnerConfig{}, nil, nil), "publisher is nil"},
		{"nil checkpoints", ingest.NewRunner(src, testParsers, &recorder{}, nil, ingest.RunnerConfig{}, nil, nil), "checkpoint store is nil"},
		{"bad config", ingest.NewRunner(src, testParsers, &recorder{}, &ingest.MemoryCheckpoints{}, ingest.RunnerConfig{IdleWait: -1}, nil, nil), "idle_wait"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.runner.Run(t.Context()); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run returned %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
