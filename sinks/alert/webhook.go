package alert

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WebhookConfig configures a generic webhook.
type WebhookConfig struct {
	// Name distinguishes several webhooks (outbox directory, metrics). Default "webhook".
	Name string `yaml:"name"`
	// URL receives a POST per group of alerts. Required.
	URL string `yaml:"url"`
	// Secret signs every request (HMAC-SHA256); LINGTING_WEBHOOK_SECRET may supply it.
	// Required: receivers must be able to tell our requests from anyone else's.
	Secret string `yaml:"secret"`
	// Timeout of one request. Default 10s.
	Timeout time.Duration `yaml:"timeout"`
}

// Validate reports the first invalid field.
func (c WebhookConfig) Validate() error {
	switch {
	case !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://"):
		return errors.New("url must start with http:// or https://")
	case c.Secret == "":
		return errors.New("secret is required")
	}
	return nil
}

// Headers of a signed webhook request.
const (
	HeaderTimestamp = "X-Lingting-Timestamp" // unix seconds when the request was signed
	HeaderSignature = "X-Lingting-Signature" // "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)
)

// WebhookPayload is the JSON body of a webhook request.
type WebhookPayload struct {
	Version int     `json:"version"` // 1
	Alerts  []Alert `json:"alerts"`
}

// Webhook posts WebhookPayload bodies signed with HMAC-SHA256.
type Webhook struct {
	cfg    WebhookConfig
	client *http.Client
	now    func() time.Time
}

// NewWebhook returns the notifier; cfg must be valid.
func NewWebhook(cfg WebhookConfig) *Webhook {
	if cfg.Name == "" {
		cfg.Name = "webhook"
	}
	return &Webhook{cfg: cfg, client: newClient(cfg.Timeout), now: time.Now}
}

// Name is Config.Name.
func (w *Webhook) Name() string { return w.cfg.Name }

// Notify posts alerts.
func (w *Webhook) Notify(ctx context.Context, alerts []Alert) error {
	body, err := json.Marshal(WebhookPayload{Version: 1, Alerts: alerts})
	if err != nil {
		return fmt.Errorf("encoding webhook payload: %w", errors.Join(err, ErrPermanent))
	}
	ts := strconv.FormatInt(w.now().Unix(), 10)
	hdr := http.Header{HeaderTimestamp: {ts}, HeaderSignature: {Sign(w.cfg.Secret, ts, body)}}
	if _, err := post(ctx, w.client, w.cfg.URL, body, hdr); err != nil {
		return fmt.Errorf("webhook %s: %w", w.cfg.Name, err)
	}
	return nil
}

// Sign returns the signature header value of body sent at timestamp ts.
func Sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a request's signature in constant time and that its timestamp lies
// within maxSkew of now. Receivers written in Go may use it.
func Verify(secret, ts, signature string, body []byte, now time.Time, maxSkew time.Duration) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("webhook timestamp is not a number")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
		return errors.New("webhook timestamp is too old or in the future")
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return errors.New("webhook signature does not match")
	}
	return nil
}
