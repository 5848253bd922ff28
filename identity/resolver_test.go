package identity

import (
	"fmt"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

var t0 = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

type obs struct {
	platform event.Platform
	native   string
	nick     string
	union    string
	pii      []event.PIIHash
	text     string
	kind     event.Kind
}

func (o obs) mention(i int) event.Mention {
	k := o.kind
	if k == "" {
		k = event.Comment
	}
	return event.Mention{ID: event.ID(o.platform, "m"+o.native), Platform: o.platform, Kind: k,
		CreatedAt: t0.Add(time.Duration(i) * time.Minute), Text: o.text, PII: o.pii,
		Author: event.Account{ID: event.ID(o.platform, o.native), Platform: o.platform, NativeID: o.native,
			Nickname: o.nick, UnionID: o.union}}
}

func resolve(t *testing.T, cfg Config, os ...obs) *Resolver {
	t.Helper()
	if cfg.NamesakeMinNicknames == 0 {
		cfg.NamesakeMinNicknames = 1 // the tests' populations are tiny
	}
	r, err := New(Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range os {
		r.ObserveMention(o.mention(i))
	}
	return r
}

func same(t *testing.T, r *Resolver, a, b string) bool {
	t.Helper()
	pa, ok1 := r.PersonOf(a)
	pb, ok2 := r.PersonOf(b)
	if !ok1 || !ok2 {
		t.Fatalf("unknown account %s or %s", a, b)
	}
	return pa == pb
}

func phone(h string) []event.PIIHash { return []event.PIIHash{{Kind: event.PIIPhone, Hash: h}} }

func TestRules(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		obs  []obs
		a, b string
		want bool
	}{
		{"unionid joins two wecom accounts", Config{}, []obs{
			{platform: event.WeCom, native: "wmA", union: "oU1"}, {platform: event.WeCom, native: "wmB", union: "oU1"}},
			"wecom:wmA", "wecom:wmB", true},
		{"unionid of another family does not join", Config{}, []obs{
			{platform: event.WeCom, native: "wmA", union: "x1"}, {platform: event.Douyin, native: "d1", union: "x1"}},
			"wecom:wmA", "douyin:d1", false},
		{"unionid rule off", Config{UnionID: Off(), Nickname: Off()}, []obs{
			{platform: event.WeCom, native: "wmA", union: "oU1"}, {platform: event.WeCom, native: "wmB", union: "oU1"}},
			"wecom:wmA", "wecom:wmB", false},
		{"phone hash joins weibo and wecom", Config{}, []obs{
			{platform: event.Weibo, native: "1", nick: "甲乙丙丁", pii: phone("h1")}, {platform: event.WeCom, native: "wmA", pii: phone("h1")}},
			"weibo:1", "wecom:wmA", true},
		{"email hash joins", Config{}, []obs{
			{platform: event.Weibo, native: "1", pii: []event.PIIHash{{Kind: event.PIIEmail, Hash: "e1"}}},
			{platform: event.Douyin, native: "d", pii: []event.PIIHash{{Kind: event.PIIEmail, Hash: "e1"}}}},
			"weibo:1", "douyin:d", true},
		{"shared phone joins nobody", Config{PIIMaxAccounts: 2}, []obs{
			{platform: event.Weibo, native: "1", pii: phone("shop")}, {platform: event.WeCom, native: "a", pii: phone("shop")},
			{platform: event.WeCom, native: "b", pii: phone("shop")}},
			"weibo:1", "wecom:a", false},
		{"declared weibo handle in a wecom chat", Config{Nickname: Off()}, []obs{
			{platform: event.Weibo, native: "1", nick: "小鹿爱喝茶"},
			{platform: event.WeCom, native: "wmA", kind: event.Chat, text: "你好，我微博是@小鹿爱喝茶 上次私信过"}},
			"weibo:1", "wecom:wmA", true},
		{"declared handle followed by more text without a space", Config{Nickname: Off()}, []obs{
			{platform: event.Weibo, native: "1", nick: "小鹿爱喝茶"},
			{platform: event.WeCom, native: "wmA", kind: event.Chat, text: "我微博是@小鹿爱喝茶上次私信过你们"}},
			"weibo:1", "wecom:wmA", true},
		{"declared handle naming nobody joins nobody", Config{Nickname: Off()}, []obs{
			{platform: event.Weibo, native: "1", nick: "小鹿爱喝茶"},
			{platform: event.WeCom, native: "wmA", kind: event.Chat, text: "我微博是@大白今天也要加油"}},
			"weibo:1", "wecom:wmA", false},
		{"declared douyin handle before the account is seen", Config{Nickname: Off()}, []obs{
			{platform: event.WeCom, native: "wmA", kind: event.Chat, text: "抖音号：阿杰在路上"},
			{platform: event.Douyin, native: "d9", nick: "阿杰在路上"}},
			"wecom:wmA", "douyin:d9", true},
		{"nickname: unique mutual match", Config{}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.Douyin, native: "d", nick: "柠檬想暴富🌸"}},
			"weibo:1", "douyin:d", true},
		{"nickname: decoration suffix", Config{}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.Douyin, native: "d", nick: "柠檬想暴富ya"}},
			"weibo:1", "douyin:d", true},
		{"nickname: self-introduction prefix", Config{}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.WeCom, native: "w", nick: "我是柠檬想暴富"}},
			"weibo:1", "wecom:w", true},
		{"nickname trap: namesakes on weibo block the match", Config{}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.Douyin, native: "d", nick: "柠檬想暴富"},
			{platform: event.Weibo, native: "2", nick: "柠檬想暴富"}},
			"weibo:1", "douyin:d", false},
		{"nickname below min runes", Config{}, []obs{
			{platform: event.Weibo, native: "1", nick: "小鹿"}, {platform: event.Douyin, native: "d", nick: "小鹿"}},
			"weibo:1", "douyin:d", false},
		{"nickname silent until the namesake rate is known", Config{NamesakeMinNicknames: 200}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.Douyin, native: "d", nick: "柠檬想暴富"}},
			"weibo:1", "douyin:d", false},
		{"nickname: accounts seen before the namesake rate was known match once it is", Config{NamesakeMinNicknames: 3}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.Douyin, native: "d", nick: "柠檬想暴富"},
			{platform: event.Weibo, native: "2", nick: "大白今天也要加油"}, {platform: event.Weibo, native: "3", nick: "阿杰在路上"},
			{platform: event.Douyin, native: "d2", nick: "橙子很忙呀"}, {platform: event.Douyin, native: "d3", nick: "木子同学"}},
			"weibo:1", "douyin:d", true},
		{"nickname rule off", Config{Nickname: Off()}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.Douyin, native: "d", nick: "柠檬想暴富"}},
			"weibo:1", "douyin:d", false},
		{"nickname trap: old nickname still matches after a change", Config{}, []obs{
			{platform: event.Weibo, native: "1", nick: "柠檬想暴富"}, {platform: event.Weibo, native: "1", nick: "新名字_new"},
			{platform: event.Douyin, native: "d", nick: "柠檬想暴富"}},
			"weibo:1", "douyin:d", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resolve(t, tt.cfg, tt.obs...)
			if got := same(t, r, tt.a, tt.b); got != tt.want {
				t.Errorf("same person = %v, want %v; edges %+v", got, tt.want, r.Edges())
			}
		})
	}
}

func TestConflictsBlockMerges(t *testing.T) {
	tests := []struct {
		name string
		obs  []obs
	}{
		{"two different wechat unionids", []obs{
			{platform: event.WeCom, native: "a", union: "u1", pii: phone("p")},
			{platform: event.WeCom, native: "b", union: "u2", pii: phone("p")}}},
		{"two different phone hashes", []obs{
			{platform: event.Weibo, native: "1", pii: []event.PIIHash{{Kind: event.PIIPhone, Hash: "p1"}, {Kind: event.PIIEmail, Hash: "e"}}},
			{platform: event.WeCom, native: "b", pii: []event.PIIHash{{Kind: event.PIIPhone, Hash: "p2"}, {Kind: event.PIIEmail, Hash: "e"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resolve(t, Config{}, tt.obs...)
			a, b := tt.obs[0].mention(0).Author.ID, tt.obs[1].mention(0).Author.ID
			if same(t, r, a, b) {
				t.Fatalf("merged despite the conflict")
			}
			blocked := 0
			for _, e := range r.Edges() {
				if e.State == Blocked && e.Reason != "" {
					blocked++
				}
			}
			if blocked != 1 {
				t.Errorf("blocked edges = %d, want 1: %+v", blocked, r.Edges())
			}
		})
	}
}

// TestStableIDs: a person keeps its id as its cluster grows; the older person survives a
// merge and the merge is logged.
func TestStableIDs(t *testing.T) {
	r := resolve(t, Config{},
		obs{platform: event.Weibo, native: "1", pii: phone("p")},
		obs{platform: event.WeCom, native: "a", pii: phone("p")})
	p0, _ := r.PersonOf("weibo:1")
	if p0 != PersonID("weibo:1") {
		t.Fatalf("person id %s, want the founder's %s", p0, PersonID("weibo:1"))
	}
	r.ObserveMention(obs{platform: event.Douyin, native: "d", pii: []event.PIIHash{{Kind: event.PIIEmail, Hash: "e"}}}.mention(5))
	r.ObserveMention(obs{platform: event.Douyin, native: "d2", pii: []event.PIIHash{{Kind: event.PIIEmail, Hash: "e"}}}.mention(6))
	r.ObserveMention(obs{platform: event.WeCom, native: "a", pii: []event.PIIHash{{Kind: event.PIIEmail, Hash: "e"}}}.mention(7))
	for _, id := range []string{"weibo:1", "wecom:a", "douyin:d", "douyin:d2"} {
		if p, _ := r.PersonOf(id); p != p0 {
			t.Errorf("%s is person %s, want %s", id, p, p0)
		}
	}
	d := r.TakeDelta()
	merges := 0
	for _, c := range d.Changes {
		if c.Kind == ChangeMerge {
			merges++
		}
	}
	if last := d.Changes[len(d.Changes)-1]; last.PersonID != p0 || last.OtherID != PersonID("douyin:d") {
		t.Errorf("last merge %+v, want %s absorbing %s", last, p0, PersonID("douyin:d"))
	}
	if merges != 3 {
		t.Errorf("merges logged = %d, want 3: %+v", merges, d.Changes)
	}
}

func TestSplitAndPin(t *testing.T) {
	chain := []obs{
		{platform: event.Weibo, native: "1", pii: phone("p")},
		{platform: event.WeCom, native: "a", pii: phone("p")},
		{platform: event.Douyin, native: "d", pii: phone("p")},
	}
	t.Run("split detaches the account and keeps the founder's id", func(t *testing.T) {
		r := resolve(t, Config{}, chain...)
		p0, _ := r.PersonOf("weibo:1")
		np, err := r.Split("douyin:d", "wrong merge")
		if err != nil {
			t.Fatal(err)
		}
		if np == p0 || !same(t, r, "weibo:1", "wecom:a") || same(t, r, "weibo:1", "douyin:d") {
			t.Fatalf("after split: clusters %v", r.Clusters())
		}
		if p, _ := r.PersonOf("weibo:1"); p != p0 {
			t.Errorf("founder's person changed to %s", p)
		}
		// The evidence recurs: the revoked edge and the pins keep them apart.
		r.ObserveMention(obs{platform: event.Douyin, native: "d", pii: phone("p")}.mention(9))
		if same(t, r, "weibo:1", "douyin:d") {
			t.Error("re-merged after the evidence recurred")
		}
	})
	t.Run("pin apart re-clusters a person", func(t *testing.T) {
		r := resolve(t, Config{}, chain...)
		if err := r.Pin("weibo:1", "douyin:d", ""); err != nil {
			t.Fatal(err)
		}
		if same(t, r, "weibo:1", "douyin:d") {
			t.Fatalf("pinned accounts still together: %v", r.Clusters())
		}
		ex, err := r.Explain("douyin:d")
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Edges) == 0 {
			t.Error("explain shows no edges")
		}
	})
	t.Run("pin blocks a later merge", func(t *testing.T) {
		r := resolve(t, Config{}, obs{platform: event.Weibo, native: "1"}, obs{platform: event.WeCom, native: "a"})
		if err := r.Pin("weibo:1", "wecom:a", ""); err != nil {
			t.Fatal(err)
		}
		r.ObserveMention(chain[0].mention(3))
		r.ObserveMention(chain[1].mention(4))
		if same(t, r, "weibo:1", "wecom:a") {
			t.Error("merged despite the pin")
		}
	})
	t.Run("unknown account", func(t *testing.T) {
		r := resolve(t, Config{}, chain...)
		if _, err := r.Split("weibo:nope", ""); err == nil {
			t.Error("no error for an unknown account")
		}
	})
}

func TestNicknameAmbiguityRevokesEarlierEdge(t *testing.T) {
	r := resolve(t, Config{},
		obs{platform: event.Weibo, native: "1", nick: "柠檬想暴富"},
		obs{platform: event.Douyin, native: "d", nick: "柠檬想暴富"})
	if !same(t, r, "weibo:1", "douyin:d") {
		t.Fatal("no nickname merge")
	}
	p0, _ := r.PersonOf("weibo:1")
	r.ObserveMention(obs{platform: event.Weibo, native: "2", nick: "柠檬想暴富"}.mention(5))
	if same(t, r, "weibo:1", "douyin:d") {
		t.Fatal("namesake did not revoke the nickname edge")
	}
	if p, _ := r.PersonOf("weibo:1"); p != p0 {
		t.Errorf("founder's person changed: %s, want %s", p, p0)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []Config{{NicknameThreshold: 2}, {PIIMaxAccounts: 1}, {HoursWeight: 1}} {
		if err := c.Validate(); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
	if err := (Config{}).Validate(); err != nil {
		t.Error(err)
	}
}

// TestRedeliveryCountsOnce: a batch observed again (the bus redelivers it after a failed
// write) leaves the account's mention count and hour histogram as they were; new mentions
// still count, and so does an id older than the account's last four.
func TestRedeliveryCountsOnce(t *testing.T) {
	r, err := New(Options{Config: Config{NamesakeMinNicknames: 1}})
	if err != nil {
		t.Fatal(err)
	}
	author := obs{platform: event.Weibo, native: "redelivered", nick: "重投测试"}
	batch := make([]event.Mention, 3)
	for i := range batch {
		batch[i] = author.mention(i)
		batch[i].ID = event.ID(event.Weibo, fmt.Sprintf("redelivered-m%d", i))
	}
	counts := func() (uint64, uint64) {
		t.Helper()
		for _, a := range r.TakeDelta().Accounts {
			if a.AccountID == author.mention(0).Author.ID {
				var h uint64
				for _, n := range a.Hours {
					h += uint64(n)
				}
				return a.Mentions, h
			}
		}
		t.Fatal("account not in the delta")
		return 0, 0
	}
	steps := []struct {
		name    string
		observe []event.Mention
		want    uint64
	}{
		{"first delivery", batch, 3},
		{"redelivery", batch, 3},
		{"new mentions", []event.Mention{author.mention(3), author.mention(4)}, 5},
		{"an id beyond the last four", batch[:1], 6},
	}
	steps[2].observe[0].ID, steps[2].observe[1].ID = "weibo:redelivered-m3", "weibo:redelivered-m4"
	for _, s := range steps {
		for _, m := range s.observe {
			r.ObserveMention(m)
		}
		if n, h := counts(); n != s.want || h != s.want {
			t.Errorf("%s: %d mentions, %d in the hour histogram, want %d", s.name, n, h, s.want)
		}
	}
}
