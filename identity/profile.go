package identity

import (
	"context"
	"fmt"
	"strconv"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
)

// ProfileConfig holds the thresholds of the SCRM segments (docs/identity.md defines them).
// Zero fields mean their defaults.
type ProfileConfig struct {
	// ActiveDays is the window for the engagement tier. Default 30.
	ActiveDays int `yaml:"active_days"`
	// Occasional and Deep are the interactions within ActiveDays from which a person is an
	// occasional (default 1) or deep (default 5) participant; below Occasional a silent observer.
	Occasional int `yaml:"occasional"`
	Deep       int `yaml:"deep"`
	// Regular and Loyal are the interactions in total from which a person is regular
	// (default 3) or loyal (default 10, with a positive average sentiment).
	Regular int `yaml:"regular"`
	Loyal   int `yaml:"loyal"`
	// LoyalPurchases is the purchases signalled in chats that make a person loyal. Default 2.
	LoyalPurchases int `yaml:"loyal_purchases"`
	// AdvocateScale: advocate score = 1 − exp(−(positive brand mentions + 0.5·non-negative
	// reposts) / AdvocateScale). Default 5.
	AdvocateScale float64 `yaml:"advocate_scale"`
	// RecentDays is the window of "recent sentiment". Default 7.
	RecentDays int `yaml:"recent_days"`
	// SentimentDrop: recent sentiment this far below the average (with at least two recent
	// mentions) is the falling_sentiment churn signal. Default 0.3.
	SentimentDrop float64 `yaml:"sentiment_drop"`
	// SilenceDays: no mention for longer is the silent churn signal. Default 30.
	SilenceDays int `yaml:"silence_days"`
}

func (c ProfileConfig) withDefaults() ProfileConfig {
	def := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	def(&c.ActiveDays, 30)
	def(&c.Occasional, 1)
	def(&c.Deep, 5)
	def(&c.Regular, 3)
	def(&c.Loyal, 10)
	def(&c.LoyalPurchases, 2)
	def(&c.RecentDays, 7)
	def(&c.SilenceDays, 30)
	if c.AdvocateScale == 0 {
		c.AdvocateScale = 5
	}
	if c.SentimentDrop == 0 {
		c.SentimentDrop = 0.3
	}
	return c
}

// Validate reports the first problem of c, naming the field.
func (c ProfileConfig) Validate() error {
	c = c.withDefaults()
	switch {
	case c.ActiveDays < 1 || c.RecentDays < 1 || c.SilenceDays < 1:
		return fmt.Errorf("identity profiles: active_days, recent_days and silence_days must be positive")
	case c.Occasional < 1 || c.Deep <= c.Occasional:
		return fmt.Errorf("identity profiles: deep (%d) must be above occasional (%d) ≥ 1", c.Deep, c.Occasional)
	case c.Regular < 1 || c.Loyal <= c.Regular:
		return fmt.Errorf("identity profiles: loyal (%d) must be above regular (%d) ≥ 1", c.Loyal, c.Regular)
	case c.AdvocateScale <= 0 || c.SentimentDrop <= 0:
		return fmt.Errorf("identity profiles: advocate_scale and sentiment_drop must be positive")
	}
	return nil
}

// purchaseWords signal a purchase in a customer's chat message.
const purchaseWords = "买了|下单|已购|回购|复购|入手|付款了|收到货"

// profileSQL recomputes every profile from mentions joined to their person.
const profileSQL = `INSERT INTO lingting.profiles
SELECT person_id, platforms, accounts, first_seen, last_seen, mentions, m_weibo, m_douyin, m_wecom,
  toFloat32(s_avg), toFloat32(ifNotFinite(s_recent, s_avg)), brands,
  multiIf(n_active >= {deep:UInt32}, 'deep_participant', n_active >= {occasional:UInt32}, 'occasional_participant', 'silent_observer'),
  multiIf(last_add > last_del, 'member',
    purchases >= {loyal_purchases:UInt32} OR (interactions >= {loyal:UInt32} AND s_avg > 0), 'loyal',
    purchases >= 1 OR interactions >= {regular:UInt32}, 'regular', 'potential'),
  toFloat32(1 - exp(-advocacy / {advocate_scale:Float64})),
  toFloat32(least(1, 0.6 * deleted + 0.2 * falling + 0.2 * silent)),
  arrayFilter(x -> x != '', [if(deleted, 'deleted', ''), if(falling, 'falling_sentiment', ''), if(silent, 'silent', '')]),
  now_ts
FROM (
  SELECT person_id, platforms, accounts, first_seen, last_seen, mentions, m_weibo, m_douyin, m_wecom, s_avg, s_recent,
    brands, n_active, interactions, purchases, advocacy, last_add, last_del, now_ts,
    last_del > last_add AS deleted,
    n_recent >= 2 AND s_recent < s_avg - {sentiment_drop:Float64} AS falling,
    dateDiff('day', last_seen, now_ts) > {silence_days:UInt32} AS silent
  FROM (
    SELECT p.person_id AS person_id,
      toDateTime64({now:String}, 3, 'UTC') AS now_ts,
      groupUniqArray(toString(m.platform)) AS platforms,
      groupUniqArray(m.author_id) AS accounts,
      min(m.created_at) AS first_seen,
      max(m.created_at) AS last_seen,
      count() AS mentions,
      countIf(m.platform = 'weibo') AS m_weibo,
      countIf(m.platform = 'douyin') AS m_douyin,
      countIf(m.platform = 'wecom') AS m_wecom,
      avgIf(m.sentiment_score, m.kind != 'customer_event') AS s_avg,
      avgIf(m.sentiment_score, m.kind != 'customer_event' AND m.created_at >= now_ts - INTERVAL {recent_days:UInt32} DAY) AS s_recent,
      countIf(m.kind != 'customer_event' AND m.created_at >= now_ts - INTERVAL {recent_days:UInt32} DAY) AS n_recent,
      groupUniqArrayArray(m.brands) AS brands,
      countIf(m.kind != 'customer_event' AND m.created_at >= now_ts - INTERVAL {active_days:UInt32} DAY) AS n_active,
      countIf(m.kind != 'customer_event') AS interactions,
      countIf(m.kind = 'chat' AND match(m.text, {purchase:String})) AS purchases,
      countIf(m.sentiment_label = 'positive' AND notEmpty(m.brands)) + 0.5 * countIf(m.kind = 'repost' AND m.sentiment_label != 'negative') AS advocacy,
      maxIf(m.created_at, m.event_type = 'add_external_contact') AS last_add,
      maxIf(m.created_at, m.event_type IN ('del_follow_user', 'del_external_contact')) AS last_del
    FROM lingting.mentions AS m FINAL
    INNER JOIN (SELECT account_id, argMax(person_id, version) AS person_id FROM lingting.person_accounts GROUP BY account_id) AS p
      ON m.author_id = p.account_id
    GROUP BY p.person_id
  )
)`

// RefreshProfiles recomputes lingting.profiles for every person from the stored mentions,
// as of now (windows end at now). It is one INSERT … SELECT in ClickHouse; run it
// periodically or after a batch run. Profiles are versioned by computed_at (= now).
func (s *Store) RefreshProfiles(ctx context.Context, cfg ProfileConfig, now time.Time) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	c := cfg.withDefaults()
	u := func(v int) string { return strconv.Itoa(v) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	ctx = ch.Context(ctx, ch.WithParameters(ch.Parameters{
		"now": now.UTC().Format("2006-01-02 15:04:05.000"), "deep": u(c.Deep), "occasional": u(c.Occasional),
		"loyal_purchases": u(c.LoyalPurchases), "loyal": u(c.Loyal), "regular": u(c.Regular),
		"advocate_scale": f(c.AdvocateScale), "sentiment_drop": f(c.SentimentDrop), "silence_days": u(c.SilenceDays),
		"recent_days": u(c.RecentDays), "active_days": u(c.ActiveDays), "purchase": purchaseWords,
	}))
	if err := s.conn.Exec(ctx, profileSQL); err != nil {
		return fmt.Errorf("refreshing profiles: %w", err)
	}
	return nil
}
