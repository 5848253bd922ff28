package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// AlertmanagerConfig configures the Prometheus Alertmanager notifier.
type AlertmanagerConfig struct {
	// URL is Alertmanager's base URL, e.g. http://127.0.0.1:9093; alerts go to
	// URL/api/v2/alerts. Required.
	URL string `yaml:"url"`
	// Timeout of one request. Default 10s.
	Timeout time.Duration `yaml:"timeout"`
	// Labels are added to every alert (e.g. team: pr-oncall).
	Labels map[string]string `yaml:"labels"`
}

// Validate reports the first invalid field.
func (c AlertmanagerConfig) Validate() error {
	if !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://") {
		return errors.New("url must start with http:// or https://")
	}
	return nil
}

// Alertmanager posts alerts to Alertmanager's API v2. Firing alerts are re-sent on each
// Refresh with endsAt a few refreshes ahead, as Prometheus does, so Alertmanager keeps
// them until they resolve; resolved alerts are sent with their endsAt.
type Alertmanager struct {
	cfg    AlertmanagerConfig
	client *http.Client
	now    func() time.Time

	mu     sync.Mutex
	firing map[string]Alert // alert id → newest firing version sent
}

// NewAlertmanager returns the notifier; cfg must be valid.
func NewAlertmanager(cfg AlertmanagerConfig) *Alertmanager {
	return &Alertmanager{cfg: cfg, client: newClient(cfg.Timeout), now: time.Now, firing: map[string]Alert{}}
}

// Name is "alertmanager".
func (am *Alertmanager) Name() string { return "alertmanager" }

// amHold is how long Alertmanager keeps a firing alert that is not re-sent.
const amHold = 5 * time.Minute

// amAlert is Alertmanager's postable alert.
type amAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt,omitzero"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
}

// Notify posts alerts and remembers the firing ones for Refresh.
func (am *Alertmanager) Notify(ctx context.Context, alerts []Alert) error {
	if err := am.send(ctx, alerts); err != nil {
		return err
	}
	am.mu.Lock()
	defer am.mu.Unlock()
	for _, a := range alerts {
		if a.Status == Firing {
			am.firing[a.ID] = a
		} else {
			delete(am.firing, a.ID)
		}
	}
	return nil
}

// Remember adds firing alerts to those Refresh re-sends, without sending them now: after a
// restart, pass the alerts the Engine restored, so Alertmanager does not expire them.
func (am *Alertmanager) Remember(alerts []Alert) {
	am.mu.Lock()
	defer am.mu.Unlock()
	for _, a := range alerts {
		if a.Status == Firing {
			am.firing[a.ID] = a
		}
	}
}

// Refresh re-sends the firing alerts.
func (am *Alertmanager) Refresh(ctx context.Context) error {
	am.mu.Lock()
	alerts := make([]Alert, 0, len(am.firing))
	for _, a := range am.firing {
		alerts = append(alerts, a)
	}
	am.mu.Unlock()
	if len(alerts) == 0 {
		return nil
	}
	return am.send(ctx, alerts)
}

func (am *Alertmanager) send(ctx context.Context, alerts []Alert) error {
	now := am.now().UTC()
	out := make([]amAlert, len(alerts))
	for i, a := range alerts {
		out[i] = am.convert(a, now)
	}
	body, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encoding alerts for alertmanager: %w", errors.Join(err, ErrPermanent))
	}
	_, err = post(ctx, am.client, strings.TrimSuffix(am.cfg.URL, "/")+"/api/v2/alerts", body, nil)
	return err
}

func (am *Alertmanager) convert(a Alert, now time.Time) amAlert {
	labels := map[string]string{"alertname": alertName(a.Rule), "rule": string(a.Rule), "brand": a.Brand,
		"severity": string(a.Severity), "dedup_key": a.DedupKey, "source": "lingting"}
	if a.Channel != "" {
		labels["channel"] = string(a.Channel)
	}
	if a.Subject != "" {
		labels["subject"] = a.Subject
	}
	for k, v := range am.cfg.Labels {
		labels[k] = v
	}
	nums, _ := json.Marshal(a.Numbers)
	ann := map[string]string{"summary": a.Summary, "description": plainEvidence(a), "alert_id": a.ID, "numbers": string(nums)}
	var urls []string
	for _, m := range a.Evidence.Mentions {
		if m.URL != "" {
			urls = append(urls, m.URL)
		}
	}
	if len(urls) > 0 {
		ann["evidence_urls"] = strings.Join(urls, " ")
	}
	x := amAlert{Labels: labels, Annotations: ann, StartsAt: a.StartsAt.UTC(), EndsAt: now.Add(amHold)}
	if a.Status == Resolved {
		x.EndsAt = a.EndsAt.UTC()
		if x.EndsAt.After(now) || x.EndsAt.Before(x.StartsAt) {
			x.EndsAt = now
		}
	}
	if x.StartsAt.After(now) {
		x.StartsAt = now
	}
	return x
}

// alertName is the Alertmanager alertname of a rule, e.g. LingtingNegativeVolume.
func alertName(r Rule) string {
	var b strings.Builder
	b.WriteString("Lingting")
	for _, part := range strings.Split(string(r), "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// plainEvidence is the evidence as plain text lines.
func plainEvidence(a Alert) string {
	var b strings.Builder
	for _, m := range a.Evidence.Mentions {
		fmt.Fprintf(&b, "[%s %.2f] %s %s\n", m.Platform, m.Score, m.Text, m.URL)
	}
	if len(a.Evidence.Terms) > 0 {
		b.WriteString("terms:")
		for _, t := range a.Evidence.Terms {
			fmt.Fprintf(&b, " %s(%d)", t.Term, t.Count)
		}
		b.WriteString("\n")
	}
	return b.String()
}
