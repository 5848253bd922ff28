package identity

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// TestRefreshProfiles stores a resolved person and mentions in the real engine and checks
// the segments computed from them.
func TestRefreshProfiles(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	store := NewStore(conn)
	u := strings.ToLower(t.Name())
	now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	r := resolve(t, Config{},
		obs{platform: event.Weibo, native: u + "1", pii: phone(u)},
		obs{platform: event.WeCom, native: u + "a", pii: phone(u)},
		obs{platform: event.Weibo, native: u + "2"})
	if err := store.Write(ctx, r.TakeDelta()); err != nil {
		t.Fatal(err)
	}
	type row struct {
		author, kind, text, label, event string
		score                            float32
		ago                              time.Duration
		brands                           string
	}
	day := 24 * time.Hour
	var rows []row
	for i := range 6 {
		rows = append(rows, row{"weibo:" + u + "1", "post", "好用", "positive", "", 0.8, time.Duration(i+1) * day, "['B']"})
	}
	rows = append(rows,
		row{"wecom:" + u + "a", "chat", "我昨天下单了", "neutral", "", 0, 2 * day, "[]"},
		row{"wecom:" + u + "a", "chat", "又回购了两瓶", "neutral", "", 0, day, "[]"},
		row{"wecom:" + u + "a", "customer_event", "", "", "add_external_contact", 0, 20 * day, "[]"},
		row{"wecom:" + u + "a", "customer_event", "", "", "del_follow_user", 0, 12 * time.Hour, "[]"},
		row{"weibo:" + u + "2", "comment", "差评", "negative", "", -0.7, 60 * day, "[]"})
	var vals []string
	for i, x := range rows {
		vals = append(vals, fmt.Sprintf("('%s:%d', '%s', '%s', '%s', '%s', '%s', %v, '%s', %s, '%s', now64(3))",
			u, i, strings.Split(x.author, ":")[0], x.kind, now.Add(-x.ago).Format("2006-01-02 15:04:05"), x.text, x.author,
			x.score, x.label, x.brands, x.event))
	}
	if err := conn.Exec(ctx, `INSERT INTO lingting.mentions (id, platform, kind, created_at, text, author_id,
		sentiment_score, sentiment_label, brands, event_type, enriched_at) VALUES `+strings.Join(vals, ", ")); err != nil {
		t.Fatal(err)
	}
	if err := store.RefreshProfiles(ctx, ProfileConfig{}, now); err != nil {
		t.Fatal(err)
	}
	check := func(person, tier, stage string, churnSignals []string, advocate bool) {
		t.Helper()
		var gotTier, gotStage string
		var adv, churn float32
		var signals, platforms []string
		err := conn.QueryRow(ctx, "SELECT engagement_tier, loyalty_stage, advocate_score, churn_risk, churn_signals, platforms FROM lingting.profiles FINAL WHERE person_id = '"+person+"'").
			Scan(&gotTier, &gotStage, &adv, &churn, &signals, &platforms)
		if err != nil {
			t.Fatalf("reading profile of %s: %v", person, err)
		}
		if gotTier != tier || gotStage != stage || !slices.Equal(signals, churnSignals) || (adv > 0.5) != advocate {
			t.Errorf("%s: tier %s stage %s signals %v advocate %.2f churn %.2f; want %s %s %v advocate>0.5=%v",
				person, gotTier, gotStage, signals, adv, churn, tier, stage, churnSignals, advocate)
		}
	}
	p1, _ := r.PersonOf("weibo:" + u + "1")
	p2, _ := r.PersonOf("weibo:" + u + "2")
	check(p1, "deep_participant", "loyal", []string{"deleted"}, true)
	check(p2, "silent_observer", "potential", []string{"silent"}, false)
}
