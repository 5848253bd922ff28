package alert

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

func TestStoreSaveLoadFiring(t *testing.T) {
	conn := chtest.Migrated(t)
	ctx := context.Background()
	st := NewStore(conn)
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	key := dedupKey(RuleVolume, "store-test", "", "")
	a := Alert{ID: alertID(key, start), Version: 1, DedupKey: key, Group: "store-test", Rule: RuleVolume,
		Brand: "store-test", Severity: Warning, Status: Firing, StartsAt: start, UpdatedAt: start,
		Summary: "s", Numbers: map[string]float64{"z": 7.5}, Trigger: "weibo:1",
		Evidence: Evidence{Mentions: []Sample{{ID: "weibo:1", URL: "https://weibo.com/1", Text: "太差"}},
			Terms: []TermCount{{"过期", 3}}, Channels: map[string]int{"weibo": 3}}}
	other := a
	other.ID, other.DedupKey = alertID(key+"x", start), key+"x"
	if err := st.Save(ctx, []Alert{a, other}); err != nil {
		t.Fatal(err)
	}
	resolved := other
	resolved.Version, resolved.Status, resolved.EndsAt = 2, Resolved, start.Add(time.Hour)
	if err := st.Save(ctx, []Alert{resolved}); err != nil {
		t.Fatal(err)
	}
	firing, err := st.LoadFiring(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []Alert
	for _, f := range firing {
		if f.Brand == "store-test" {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].ID != a.ID || got[0].Numbers["z"] != 7.5 || !got[0].StartsAt.Equal(start) ||
		len(got[0].Evidence.Mentions) != 1 || got[0].Evidence.Terms[0].Term != "过期" {
		t.Fatalf("loaded %+v", got)
	}
	var urls []string
	if err := conn.QueryRow(ctx, "SELECT mention_urls FROM lingting.alerts FINAL WHERE id = ?", a.ID).Scan(&urls); err != nil || len(urls) != 1 {
		t.Fatalf("mention_urls %v, %v", urls, err)
	}
}

// TestSeedFromRollup stores mentions through the real rollup and checks that a fresh
// engine seeded from it is warm: a spike right after the history fires at once.
func TestSeedFromRollup(t *testing.T) {
	conn := chtest.Migrated(t)
	ctx := context.Background()
	brand := "seed-test"
	start := time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString("INSERT INTO lingting.mentions (id, platform, kind, native_id, created_at, brands, sentiment_label, sentiment_score, enriched_at) VALUES ")
	n := 0
	for m := range 120 {
		for i := range 6 {
			label := "neutral"
			if i == 0 && m%2 == 0 {
				label = "negative"
			}
			n++
			fmt.Fprintf(&b, "('weibo:seed%d','weibo','post','seed%d','%s',['%s'],'%s',0,now64(3)),", n, n,
				start.Add(time.Duration(m)*time.Minute+time.Second).Format(chTime), brand, label)
		}
	}
	if err := conn.Exec(ctx, strings.TrimSuffix(b.String(), ",")); err != nil {
		t.Fatal(err)
	}
	hist, end, err := NewStore(conn).History(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("history %d rows, end %v", len(hist), end)
	e, _ := NewEngine(Config{}, func() time.Time { return end.Add(24 * time.Hour) }, nil, nil)
	e.Seed(hist, end)
	s := e.series[seriesKey{brand, ""}]
	if s == nil || s.closed < 60 || s.trail.med > 1 {
		t.Fatalf("seeded series %+v", s)
	}
	var spike []event.Mention
	for m := range 3 {
		for i := range 12 {
			spike = append(spike, event.Mention{ID: fmt.Sprintf("weibo:spike%d-%d", m, i), Platform: event.Weibo,
				Kind: event.Post, Brands: []string{brand}, CreatedAt: end.Add(time.Duration(m)*time.Minute + time.Second),
				Sentiment: event.Sentiment{Label: event.Negative, Score: -0.9}})
		}
	}
	e.Observe(spike)
	fired := false
	for _, a := range e.Pending() {
		fired = fired || (a.Rule == RuleVolume && a.Brand == brand)
	}
	if !fired {
		t.Fatal("a spike right after the seeded history did not fire")
	}
}
