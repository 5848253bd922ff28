package alert

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/lingting/lingting/event"
)

// Rule names a detector.
type Rule string

// The detectors.
const (
	RuleVolume     Rule = "negative_volume"
	RuleShare      Rule = "negative_share"
	RuleReach      Rule = "high_reach"
	RulePileOn     Rule = "pile_on"
	RuleCompliance Rule = "compliance"
)

// Status is where an alert is in its lifecycle.
type Status string

// Alert statuses: an alert fires once, may be updated (severity escalation) while firing,
// and resolves once.
const (
	Firing   Status = "firing"
	Resolved Status = "resolved"
)

// Severity of an alert.
type Severity string

// Severities, mildest first.
const (
	Warning  Severity = "warning"
	Critical Severity = "critical"
)

// Alert is one alert at one version. Every change (fired, escalated, resolved) is a new
// version of the same ID; stores and notifiers receive whole alerts.
type Alert struct {
	ID       string `json:"id"`        // deterministic: hash of DedupKey and StartsAt
	Version  uint64 `json:"version"`   // 1 when fired, +1 per change
	DedupKey string `json:"dedup_key"` // rule|brand|channel|subject: one firing alert per key
	Group    string `json:"group"`     // notifications of one group travel together: the brand
	Rule     Rule   `json:"rule"`
	Brand    string `json:"brand"`
	// Channel is the platform the alert is about; "" for all channels of the brand.
	Channel event.Platform `json:"channel,omitempty"`
	// Subject narrows the alert: a thread id (pile-on), a mention id (high reach), a chat
	// room and category (compliance); "" for spikes.
	Subject  string   `json:"subject,omitempty"`
	Severity Severity `json:"severity"`
	Status   Status   `json:"status"`
	// StartsAt is the event time the condition began; EndsAt when it ended (zero while
	// firing). UpdatedAt is the wall-clock time of this version.
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at"`
	Summary   string    `json:"summary"`
	// Numbers are the values that triggered the alert (count, baseline median, MAD, z,
	// share, …), by name.
	Numbers  map[string]float64 `json:"numbers"`
	Evidence Evidence           `json:"evidence"`
	// Trigger is the id of the mention that fired the alert (latency measurement).
	Trigger string `json:"trigger,omitempty"`
}

// Evidence is what on-call reads before opening a dashboard.
type Evidence struct {
	Mentions []Sample       `json:"mentions"` // top negative mentions, worst first
	Terms    []TermCount    `json:"terms"`    // most frequent terms of the negative mentions
	Hashtags []TermCount    `json:"hashtags"` // most frequent hashtags
	Channels map[string]int `json:"channels"` // negative mentions per platform
}

// Sample is one evidence mention. Text is the enriched (PII-redacted) text, shortened.
type Sample struct {
	ID           string    `json:"id"`
	URL          string    `json:"url,omitempty"`
	Platform     string    `json:"platform"`
	Author       string    `json:"author"`
	Followers    int64     `json:"followers"`
	Interactions int64     `json:"interactions"`
	Score        float32   `json:"score"`
	At           time.Time `json:"at"`
	Text         string    `json:"text"`
}

// TermCount is a term and how often it occurs.
type TermCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// alertID derives an alert's id from its dedup key and start.
func alertID(key string, start time.Time) string {
	h := sha256.Sum256([]byte(key + "@" + start.UTC().Format(time.RFC3339Nano)))
	return hex.EncodeToString(h[:8])
}

// dedupKey joins the parts that make one alert.
func dedupKey(r Rule, brand string, ch event.Platform, subject string) string {
	return string(r) + "|" + brand + "|" + string(ch) + "|" + subject
}

func (s Severity) rank() int {
	if s == Critical {
		return 2
	}
	return 1
}
