package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/identity"
	"github.com/lingting/lingting/ingest/simulate"
)

// TestIdentityEval runs the evaluation command on a small simulated population and checks
// it prints a score for every rule and overall.
func TestIdentityEval(t *testing.T) {
	var out, errb bytes.Buffer
	err := runIdentity(context.Background(), []string{"eval", "--persons", "300", "--days", "1"}, stdio{out: &out, err: &errb})
	if err != nil {
		t.Fatalf("identity eval: %v\n%s", err, errb.String())
	}
	t.Log("\n" + out.String())
	for _, want := range []string{"unionid", "pii_phone", "declared_handle", "nickname", "overall", "evidence:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// TestIdentityEvalEvidence checks that the simulated traffic, enriched as the pipeline
// does, carries evidence for every rule the simulator models, and that the resolver does
// not merge wrongly: 600 persons (enough nicknames per platform for the nickname rule to
// speak), one day.
func TestIdentityEvalEvidence(t *testing.T) {
	ev, err := evaluateIdentity(context.Background(), simulate.Config{Persons: 600}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	ev.report.Print(&b)
	t.Logf("%s\n%s", ev.truth.Evidence, b.String())
	for _, rule := range []identity.Rule{identity.RulePhone, identity.RuleEmail, identity.RuleHandle, identity.RuleNickname} {
		if s := ev.report.PerRule[rule]; s.Correct == 0 {
			t.Errorf("rule %s joined no true pair", rule)
		}
	}
	if o := ev.report.Overall; o.Precision < 0.99 || o.Recall < 0.6 {
		t.Errorf("overall precision %.4f, recall %.4f; want ≥ 0.99 and ≥ 0.6 on one day (WeCom has too few nicknames for the nickname rule)", o.Precision, o.Recall)
	}
}

// TestResolveStage runs the resolve stage over the in-process bus and the embedded store:
// two accounts sharing a phone hash become one person, and profiles are computed.
func TestResolveStage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := openStore(ctx, t.TempDir(), "127.0.0.1:0", nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := bus.NewMemory(bus.MemoryConfig{}, nil, nil)
	defer b.Close()
	b.Subscribe(bus.TopicEnriched, groupIdentity)
	done := make(chan error, 1)
	go func() {
		done <- resolveStage(ctx, b, st.conn, identity.Config{}, identity.ProfileConfig{}, 0, nil, slog.New(slog.DiscardHandler))
	}()
	var msgs []bus.Message
	for i, a := range []event.Account{
		{ID: "weibo:1", Platform: event.Weibo, NativeID: "1", Nickname: "阿杰"},
		{ID: "wecom:wm1", Platform: event.WeCom, NativeID: "wm1"},
	} {
		m := event.Mention{ID: fmt.Sprint("m", i), Platform: a.Platform, Kind: event.Comment, NativeID: fmt.Sprint(i),
			CreatedAt: time.Now(), Author: a, PII: []event.PIIHash{{Kind: event.PIIPhone, Hash: "h"}}}
		v, err := event.Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, bus.Message{Value: v})
	}
	if err := b.Publish(ctx, bus.TopicEnriched, msgs...); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r, err := identity.NewStore(st.conn).Load(context.Background(), identity.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p1, _ := r.PersonOf("weibo:1")
	p2, _ := r.PersonOf("wecom:wm1")
	if p1 == "" || p1 != p2 {
		t.Errorf("persons %q and %q, want one", p1, p2)
	}
	if err := refreshProfiles(context.Background(), st, identity.ProfileConfig{}); err != nil {
		t.Fatal(err)
	}
}

// TestIdentityOperatorCommands runs explain, split and pin against a store on disk.
func TestIdentityOperatorCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := openStore(ctx, dir, "127.0.0.1:0", nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	r, err := identity.New(identity.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range []event.Account{
		{ID: "weibo:1", Platform: event.Weibo, NativeID: "1"},
		{ID: "wecom:wm1", Platform: event.WeCom, NativeID: "wm1"},
		{ID: "douyin:d1", Platform: event.Douyin, NativeID: "d1"},
	} {
		r.ObserveMention(event.Mention{ID: fmt.Sprint("m", i), Platform: a.Platform, Kind: event.Comment,
			CreatedAt: time.Unix(int64(i), 0), Author: a, PII: []event.PIIHash{{Kind: event.PIIPhone, Hash: "h"}}})
	}
	if err := identity.NewStore(st.conn).Write(ctx, r.TakeDelta()); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	run2 := func(verb string, accounts ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		args := append([]string{verb, "--data-dir", dir}, accounts...)
		if err := runIdentity(ctx, args, stdio{out: &out, err: &errb}); err != nil {
			t.Fatalf("identity %v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
	if out := run2("explain", "wecom:wm1"); !strings.Contains(out, "3 account(s)") || !strings.Contains(out, "pii_phone") {
		t.Errorf("explain:\n%s", out)
	}
	run2("split", "douyin:d1")
	if out := run2("explain", "douyin:d1"); !strings.Contains(out, "1 account(s)") || !strings.Contains(out, "revoked") {
		t.Errorf("explain after split:\n%s", out)
	}
	run2("pin", "weibo:1", "wecom:wm1")
	if out := run2("explain", "weibo:1"); !strings.Contains(out, "1 account(s)") || !strings.Contains(out, "operator_apart") {
		t.Errorf("explain after pin:\n%s", out)
	}
}
