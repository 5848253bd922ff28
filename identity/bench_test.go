package identity

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

// BenchmarkResolveMillion resolves about 1M accounts (500k persons over three platforms, with
// nicknames from a large space, wecom unionids, phone hashes for a tenth of the persons and
// declared handles in chats) and reports the heap in use at the end.
func BenchmarkResolveMillion(b *testing.B) {
	persons := benchPersons
	for range b.N {
		r, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		accounts := 0
		for i := range persons {
			for _, m := range benchPerson(i) {
				r.ObserveMention(m)
				if accounts++; accounts%1000 == 0 {
					r.TakeDelta() // as the bus handler does once per batch
				}
			}
		}
		a, p := r.Size()
		b.ReportMetric(float64(a), "accounts")
		b.ReportMetric(float64(p), "persons")
		b.ReportMetric(float64(len(r.g.edges)), "edges")
		b.ReportMetric(time.Since(start).Seconds(), "s/resolve")
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap")
		runtime.KeepAlive(r)
		_ = accounts
	}
}

// benchPerson is person i's observations: a Weibo account always, Douyin and WeCom for
// most, nicknames drawn so that about one in fifty collides with another person's.
func benchPerson(i int) []event.Mention {
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	nick := fmt.Sprintf("用户%07d", i)
	if i%50 == 1 {
		nick = fmt.Sprintf("用户%07d", i-1) // namesake
	}
	m := func(p event.Platform, native, nick, union string, pii []event.PIIHash, text string) event.Mention {
		return event.Mention{Platform: p, Kind: event.Chat, CreatedAt: at, Text: text, PII: pii,
			Author: event.Account{ID: event.ID(p, native), Platform: p, NativeID: native, Nickname: nick, UnionID: union}}
	}
	out := []event.Mention{m(event.Weibo, fmt.Sprint(1e9+i), nick, "", nil, "")}
	if i%5 != 0 {
		out = append(out, m(event.Douyin, fmt.Sprintf("dy%x", i), nick+"🌸", fmt.Sprintf("bu%x", i), nil, ""))
	}
	if i%10 == 0 { // a phone number written on Weibo too
		out[0].PII = []event.PIIHash{{Kind: event.PIIPhone, Hash: fmt.Sprintf("%064x", i)}}
	}
	if i%4 == 0 {
		var pii []event.PIIHash
		if i%10 == 0 {
			pii = []event.PIIHash{{Kind: event.PIIPhone, Hash: fmt.Sprintf("%064x", i)}}
		}
		text := ""
		if i%8 == 0 {
			text = "我微博是@" + nick
		}
		name := ""
		if i%8 != 0 {
			name = "我是" + nick
		}
		out = append(out, m(event.WeCom, fmt.Sprintf("wm%x", i), name, fmt.Sprintf("o%x", i), pii, text))
	}
	return out
}

// benchPersons is the population of BenchmarkResolveMillion (500k persons ≈ 1M accounts).
var benchPersons = 500_000

// TestEvaluateSyntheticPopulation checks the rules end to end on the benchmark's
// population, whose evidence (unique nicknames but for one namesake pair in fifty, phone
// numbers, declared handles) is what the simulator lacks: precision and recall must reach
// the project's goals there.
func TestEvaluateSyntheticPopulation(t *testing.T) {
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string][]string{}
	for i := range 20_000 {
		for _, m := range benchPerson(i) {
			r.ObserveMention(m)
			p := fmt.Sprint(i)
			truth[p] = append(truth[p], m.Author.ID)
		}
	}
	rep := Evaluate(truth, r.Clusters(), r.Edges())
	var b strings.Builder
	rep.Print(&b)
	t.Log("\n" + b.String())
	if rep.Overall.Precision < 0.99 || rep.Overall.Recall < 0.95 {
		t.Errorf("precision %.4f recall %.4f, want ≥ 0.99 and ≥ 0.95", rep.Overall.Precision, rep.Overall.Recall)
	}
}
