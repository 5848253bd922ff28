package identity

import (
	"context"
	"fmt"
	"testing"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// TestRestartRebuild writes a resolver through the bus handler into the real engine,
// splits and pins, then loads a new resolver from the store and expects the same persons,
// ids and operator orders, and mention counts that a redelivery after the restart leaves
// alone.
func TestRestartRebuild(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	store := NewStore(conn)
	r, err := New(Options{Config: Config{NamesakeMinNicknames: 1}})
	if err != nil {
		t.Fatal(err)
	}
	u := t.Name()
	acc := func(p event.Platform, n string) string { return event.ID(p, u+n) }
	var batch []bus.Message
	for i, o := range []obs{
		{platform: event.Weibo, native: u + "1", nick: "重启测试小鹿", pii: phone(u + "p")},
		{platform: event.WeCom, native: u + "a", pii: phone(u + "p"), union: u + "U"},
		{platform: event.Douyin, native: u + "d", nick: "重启测试小鹿🌸"},
		{platform: event.WeCom, native: u + "b", union: u + "U"},
		{platform: event.Weibo, native: u + "2", nick: "另一个人"},
		{platform: event.WeCom, native: u + "c", kind: event.Chat, text: "我微博是@另一个人"},
	} {
		b, err := event.Encode(o.mention(i))
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, bus.Message{Value: b})
	}
	batch = append(batch, bus.Message{Value: []byte("not json")})
	err = r.Handler(store)(ctx, batch)
	var rej *bus.Rejected
	if !asRejected(err, &rej) || len(rej.Items) != 1 || rej.Items[0].Index != 6 {
		t.Fatalf("handler: %v, want one rejection at 6", err)
	}
	if _, err := r.Split(acc(event.WeCom, "b"), "test"); err != nil {
		t.Fatal(err)
	}
	if err := r.Pin(acc(event.Weibo, "2"), acc(event.WeCom, "c"), ""); err != nil {
		t.Fatal(err)
	}
	if err := store.Write(ctx, r.TakeDelta()); err != nil {
		t.Fatal(err)
	}
	r2, err := store.Load(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{acc(event.Weibo, "1"), acc(event.WeCom, "a"), acc(event.Douyin, "d"),
		acc(event.WeCom, "b"), acc(event.Weibo, "2"), acc(event.WeCom, "c")} {
		p1, _ := r.PersonOf(id)
		p2, ok := r2.PersonOf(id)
		if !ok || p1 != p2 {
			t.Errorf("%s: person after restart %q, before %q", id, p2, p1)
		}
	}
	if p, _ := r2.PersonOf(acc(event.Douyin, "d")); p != PersonID(acc(event.Weibo, "1")) {
		t.Errorf("douyin account is person %s, want the weibo founder's", p)
	}
	// The restored pin still blocks: the evidence recurs after the restart.
	r2.ObserveMention(obs{platform: event.WeCom, native: u + "c", kind: event.Chat, text: "我微博是@另一个人"}.mention(20))
	if a, _ := r2.PersonOf(acc(event.Weibo, "2")); a == mustPerson(r2, acc(event.WeCom, "c")) {
		t.Error("pinned accounts merged after restart")
	}
	// A mention stored before the restart and delivered again after it counts once; a new
	// one counts.
	weibo := obs{platform: event.Weibo, native: u + "1", nick: "重启测试小鹿", pii: phone(u + "p")}
	again, fresh := weibo.mention(0), weibo.mention(21)
	fresh.ID = event.ID(event.Weibo, u+"new")
	for _, step := range []struct {
		name string
		m    event.Mention
		want uint64
	}{{"redelivered after restart", again, 1}, {"new after restart", fresh, 2}} {
		r2.ObserveMention(step.m)
		if got := accountMentions(t, r2.TakeDelta(), acc(event.Weibo, "1")); got != step.want {
			t.Errorf("%s: account has %d mentions, want %d", step.name, got, step.want)
		}
	}
	var n uint64
	if err := conn.QueryRow(ctx, fmt.Sprintf(
		"SELECT count() FROM lingting.identity_changes WHERE account_id = '%s' AND change = 'detach'", acc(event.WeCom, "b"))).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("detach changes stored = %d, want 1", n)
	}
	var mapped uint64
	if err := conn.QueryRow(ctx, fmt.Sprintf(
		"SELECT count() FROM lingting.person_accounts FINAL WHERE account_id LIKE '%%%s%%'", u)).Scan(&mapped); err != nil {
		t.Fatal(err)
	}
	if mapped != 6 {
		t.Errorf("person_accounts rows = %d, want 6", mapped)
	}
}

// accountMentions returns the account's mention count in the delta.
func accountMentions(t *testing.T, d Delta, id string) uint64 {
	t.Helper()
	for _, a := range d.Accounts {
		if a.AccountID == id {
			return a.Mentions
		}
	}
	t.Fatalf("%s not in the delta", id)
	return 0
}

func mustPerson(r *Resolver, id string) string { p, _ := r.PersonOf(id); return p }

func asRejected(err error, rej **bus.Rejected) bool {
	r, ok := err.(*bus.Rejected)
	*rej = r
	return ok
}

// TestHandlerRequeuesOnWriteError: when the store fails, the handler returns an error (the
// bus will redeliver) and the unwritten rows come back in the next delta.
func TestHandlerRequeuesOnWriteError(t *testing.T) {
	conn := chtest.Conn(t)
	conn.Close()
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := event.Encode(obs{platform: event.Weibo, native: "requeue", nick: "重试"}.mention(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Handler(NewStore(conn))(context.Background(), []bus.Message{{Value: b}}); err == nil {
		t.Fatal("no error from a closed connection")
	}
	d := r.TakeDelta()
	if len(d.Accounts) != 1 || d.Accounts[0].AccountID != "weibo:requeue" || len(d.Persons) != 1 {
		t.Errorf("requeued delta %+v, want the account and its person", d)
	}
}
