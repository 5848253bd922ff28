package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Store keeps alerts in lingting.alerts (migration 0007) and reads the per-minute rollup
// (lingting.mentions_per_minute_merged) that rebuilds baselines. It does not own conn.
// Safe for concurrent use.
type Store struct {
	conn driver.Conn
}

// NewStore returns a Store over conn, whose schema is migrated.
func NewStore(conn driver.Conn) *Store { return &Store{conn: conn} }

// row is an alert as a JSONEachRow line of lingting.alerts.
type row struct {
	ID           string             `json:"id"`
	Version      uint64             `json:"version"`
	DedupKey     string             `json:"dedup_key"`
	GroupKey     string             `json:"group_key"`
	Rule         string             `json:"rule"`
	Brand        string             `json:"brand"`
	Channel      string             `json:"channel"`
	Subject      string             `json:"subject"`
	Severity     string             `json:"severity"`
	Status       string             `json:"status"`
	StartsAt     string             `json:"starts_at"`
	EndsAt       string             `json:"ends_at"`
	UpdatedAt    string             `json:"updated_at"`
	Summary      string             `json:"summary"`
	Numbers      map[string]float64 `json:"numbers"`
	MentionIDs   []string           `json:"mention_ids"`
	MentionURLs  []string           `json:"mention_urls"`
	TopTerms     []string           `json:"top_terms"`
	ChannelSplit map[string]int     `json:"channel_split"`
	Evidence     string             `json:"evidence"`
	TriggerID    string             `json:"trigger_id"`
}

const chTime = "2006-01-02 15:04:05.000"

func toRow(a Alert) (row, error) {
	ev, err := json.Marshal(a.Evidence)
	if err != nil {
		return row{}, fmt.Errorf("encoding evidence: %w", err)
	}
	r := row{ID: a.ID, Version: a.Version, DedupKey: a.DedupKey, GroupKey: a.Group, Rule: string(a.Rule),
		Brand: a.Brand, Channel: string(a.Channel), Subject: a.Subject, Severity: string(a.Severity),
		Status: string(a.Status), StartsAt: a.StartsAt.UTC().Format(chTime), EndsAt: time.Unix(0, 0).UTC().Format(chTime),
		UpdatedAt: a.UpdatedAt.UTC().Format(chTime), Summary: a.Summary, Numbers: a.Numbers,
		ChannelSplit: a.Evidence.Channels, Evidence: string(ev), TriggerID: a.Trigger,
		MentionIDs: []string{}, MentionURLs: []string{}, TopTerms: []string{}}
	if !a.EndsAt.IsZero() {
		r.EndsAt = a.EndsAt.UTC().Format(chTime)
	}
	if r.Numbers == nil {
		r.Numbers = map[string]float64{}
	}
	if r.ChannelSplit == nil {
		r.ChannelSplit = map[string]int{}
	}
	for _, m := range a.Evidence.Mentions {
		r.MentionIDs, r.MentionURLs = append(r.MentionIDs, m.ID), append(r.MentionURLs, m.URL)
	}
	for _, t := range a.Evidence.Terms {
		r.TopTerms = append(r.TopTerms, t.Term)
	}
	return r, nil
}

// Save stores alert versions; storing the same version again is harmless. A nil error
// means every row is stored.
func (s *Store) Save(ctx context.Context, alerts []Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO lingting.alerts FORMAT JSONEachRow\n")
	for _, a := range alerts {
		r, err := toRow(a)
		if err != nil {
			return fmt.Errorf("saving alert %s: %w", a.ID, err)
		}
		line, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("saving alert %s: %w", a.ID, err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := s.conn.Exec(ctx, b.String()); err != nil {
		return fmt.Errorf("saving %d alert versions: %w", len(alerts), err)
	}
	return nil
}

// LoadFiring returns the alerts whose newest version is firing.
func (s *Store) LoadFiring(ctx context.Context) ([]Alert, error) {
	rows, err := s.conn.Query(ctx, `SELECT id, version, dedup_key, group_key, rule, brand, channel, subject,
		severity, starts_at, updated_at, summary, numbers, evidence, trigger_id
		FROM lingting.alerts FINAL WHERE status = 'firing' ORDER BY starts_at`)
	if err != nil {
		return nil, fmt.Errorf("loading firing alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		var rule, ch, sev, ev string
		if err := rows.Scan(&a.ID, &a.Version, &a.DedupKey, &a.Group, &rule, &a.Brand, &ch, &a.Subject,
			&sev, &a.StartsAt, &a.UpdatedAt, &a.Summary, &a.Numbers, &ev, &a.Trigger); err != nil {
			return nil, fmt.Errorf("loading firing alerts: %w", err)
		}
		a.Rule, a.Channel, a.Severity, a.Status = Rule(rule), platform(ch), Severity(sev), Firing
		if err := json.Unmarshal([]byte(ev), &a.Evidence); err != nil {
			return nil, fmt.Errorf("loading firing alert %s: evidence: %w", a.ID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loading firing alerts: %w", err)
	}
	return out, nil
}

// MinuteCount is one minute of the rollup for one brand and platform.
type MinuteCount struct {
	Minute   time.Time
	Brand    string
	Platform string
	Negative int
	All      int
}

// History returns the rollup's per-minute counts of the `weeks` weeks before its newest
// minute, and that newest minute (exclusive end of the history: it may still be filling).
// An empty rollup returns no counts and a zero time.
func (s *Store) History(ctx context.Context, weeks int) ([]MinuteCount, time.Time, error) {
	var newest time.Time
	if err := s.conn.QueryRow(ctx, `SELECT max(minute) FROM lingting.mentions_per_minute`).Scan(&newest); err != nil {
		return nil, time.Time{}, fmt.Errorf("reading the rollup's newest minute: %w", err)
	}
	if newest.Unix() <= 0 {
		return nil, time.Time{}, nil
	}
	from := newest.Add(-time.Duration(weeks) * 7 * 24 * time.Hour)
	rows, err := s.conn.Query(ctx, fmt.Sprintf(`SELECT minute, brand, platform,
		toInt64(sumIf(mentions, sentiment_label = 'negative')), toInt64(sum(mentions))
		FROM lingting.mentions_per_minute_merged
		WHERE brand != '' AND minute >= toDateTime(%d, 'UTC') AND minute < toDateTime(%d, 'UTC')
		GROUP BY minute, brand, platform ORDER BY minute`, from.Unix(), newest.Unix()))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("reading the rollup: %w", err)
	}
	defer rows.Close()
	var out []MinuteCount
	for rows.Next() {
		var c MinuteCount
		var neg, all int64
		if err := rows.Scan(&c.Minute, &c.Brand, &c.Platform, &neg, &all); err != nil {
			return nil, time.Time{}, fmt.Errorf("reading the rollup: %w", err)
		}
		c.Negative, c.All = int(neg), int(all)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, time.Time{}, fmt.Errorf("reading the rollup: %w", err)
	}
	return out, newest.UTC(), nil
}
