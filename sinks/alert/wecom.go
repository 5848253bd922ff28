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
	"unicode/utf8"
)

// WeComConfig configures the WeCom (企业微信) group robot notifier.
type WeComConfig struct {
	// URL is the robot's webhook, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
	// (it holds the key: keep it out of logs; LINGTING_WECOM_WEBHOOK may supply it).
	// Required.
	URL string `yaml:"url"`
	// PerMinute is the robot's message limit. Default 20 (WeCom's limit).
	PerMinute int `yaml:"per_minute"`
	// Timeout of one request. Default 10s.
	Timeout time.Duration `yaml:"timeout"`
}

// Validate reports the first invalid field.
func (c WeComConfig) Validate() error {
	switch {
	case !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://"):
		return errors.New("url must start with http:// or https://")
	case c.PerMinute < 0:
		return errors.New("per_minute must not be negative")
	}
	return nil
}

// wecomMaxBytes is the robot's limit on markdown content, in bytes of UTF-8.
const wecomMaxBytes = 4096

// wecomFreqLimit is the robot's errcode for "api freq out of limit".
const wecomFreqLimit = 45009

// WeCom posts one markdown message per group of alerts to a group robot, at most
// PerMinute messages in any minute (Notify waits for a free slot), retrying the
// robot's rate-limit answer.
type WeCom struct {
	cfg    WeComConfig
	client *http.Client
	limit  *window
}

// NewWeCom returns the notifier; cfg must be valid.
func NewWeCom(cfg WeComConfig) *WeCom {
	return &WeCom{cfg: cfg, client: newClient(cfg.Timeout), limit: newWindow(orInt(cfg.PerMinute, 20), time.Minute)}
}

// Name is "wecom".
func (w *WeCom) Name() string { return "wecom" }

// Notify sends alerts as one markdown message within the size limit.
func (w *WeCom) Notify(ctx context.Context, alerts []Alert) error {
	if err := w.limit.wait(ctx); err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": WeComMarkdown(alerts)}})
	b, err := post(ctx, w.client, w.cfg.URL, body, nil)
	if err != nil {
		return fmt.Errorf("wecom robot: %w", err)
	}
	var r struct {
		Code int    `json:"errcode"`
		Msg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("wecom robot: reading answer: %w", err)
	}
	switch r.Code {
	case 0:
		return nil
	case wecomFreqLimit:
		return fmt.Errorf("wecom robot: rate limited (%d %s)", r.Code, r.Msg)
	}
	return fmt.Errorf("wecom robot: errcode %d %s: %w", r.Code, r.Msg, ErrPermanent)
}

// WeComMarkdown renders alerts as robot markdown of at most 4,096 bytes: each alert's
// headline, numbers and link first, then evidence while room is left.
func WeComMarkdown(alerts []Alert) string {
	heads := make([]string, len(alerts))
	for i, a := range alerts {
		heads[i] = wecomHead(a)
	}
	var b strings.Builder
	for i, a := range alerts {
		b.WriteString(heads[i])
		rest := 0
		for _, h := range heads[i+1:] {
			rest += len(h)
		}
		for _, line := range wecomEvidence(a) {
			if b.Len()+len(line)+rest > wecomMaxBytes {
				break
			}
			b.WriteString(line)
		}
	}
	return cutUTF8(b.String(), wecomMaxBytes)
}

func wecomHead(a Alert) string {
	color, state := "warning", "告警"
	if a.Status == Resolved {
		color, state = "info", "已恢复"
	}
	sev := "一般"
	if a.Severity == Critical {
		sev = "严重"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### <font color=\"%s\">[%s·%s] %s</font>\n", color, state, sev, cutUTF8(a.Summary, 300))
	fmt.Fprintf(&b, "> 规则 %s · 开始 %s", a.Rule, a.StartsAt.In(cst).Format("01-02 15:04"))
	if a.Status == Resolved {
		fmt.Fprintf(&b, " · 结束 %s", a.EndsAt.In(cst).Format("01-02 15:04"))
	}
	b.WriteString("\n")
	return b.String()
}

var cst = time.FixedZone("CST", 8*3600)

func wecomEvidence(a Alert) []string {
	var out []string
	if len(a.Evidence.Channels) > 0 {
		var parts []string
		for _, p := range []string{"weibo", "douyin", "wecom"} {
			if n := a.Evidence.Channels[p]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", p, n))
			}
		}
		out = append(out, "> 渠道: "+strings.Join(parts, " · ")+"\n")
	}
	if len(a.Evidence.Terms) > 0 {
		var ts []string
		for _, t := range a.Evidence.Terms {
			ts = append(ts, t.Term)
		}
		out = append(out, "> 高频词: "+strings.Join(ts, " ")+"\n")
	}
	for _, m := range a.Evidence.Mentions {
		line := fmt.Sprintf("> <font color=\"comment\">%s %s (%d 粉丝)</font> %s", m.Platform, m.Author, m.Followers, m.Text)
		if m.URL != "" {
			line += fmt.Sprintf(" [原文](%s)", m.URL)
		}
		out = append(out, line+"\n")
	}
	return out
}

// cutUTF8 shortens s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n-len("…")]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// window allows n events in any span of length per: wait blocks until one more is allowed.
type window struct {
	n   int
	per time.Duration

	mu   sync.Mutex
	sent []time.Time
}

func newWindow(n int, per time.Duration) *window { return &window{n: n, per: per} }

func (w *window) wait(ctx context.Context) error {
	for {
		w.mu.Lock()
		now := time.Now()
		for len(w.sent) > 0 && now.Sub(w.sent[0]) >= w.per {
			w.sent = w.sent[1:]
		}
		if len(w.sent) < w.n {
			w.sent = append(w.sent, now)
			w.mu.Unlock()
			return nil
		}
		d := w.per - now.Sub(w.sent[0])
		w.mu.Unlock()
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}
