package douyin

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Defaults applied to zero Config fields.
const (
	DefaultName           = "douyin"
	DefaultBaseURL        = "https://open.douyin.com"
	DefaultSecretEnv      = "LINGTING_DOUYIN_CLIENT_SECRET"
	DefaultWebhookPath    = "/douyin/webhook"
	DefaultCommentEvent   = "item_comment_reply"
	DefaultPollInterval   = 5 * time.Minute
	DefaultVideoCount     = 20
	DefaultCommentCount   = 50
	DefaultCommentWindow  = 7 * 24 * time.Hour
	DefaultRequestsPerSec = 5
	DefaultRateLimitPause = time.Minute
	DefaultRequestTimeout = 30 * time.Second
	refreshMargin         = 10 * time.Minute // refresh an access token this long before it expires
)

// Config configures the Douyin collectors of one app (client_key): the webhook receiver,
// the poller, or both. The client secret comes from ClientSecretFile or the environment
// variable ClientSecretEnv and is never logged.
type Config struct {
	// Name keys checkpoints and labels metrics: the poller is Name, the webhook source
	// Name+"-webhook". Default "douyin".
	Name string `yaml:"name"`
	// BaseURL of the open platform. Default "https://open.douyin.com".
	BaseURL   string `yaml:"base_url"`
	ClientKey string `yaml:"client_key"`
	// ClientSecretFile holds the app's client_secret (webhook signatures, token refresh).
	ClientSecretFile string `yaml:"client_secret_file"`
	// ClientSecretEnv names the variable holding it when no file is set.
	// Default LINGTING_DOUYIN_CLIENT_SECRET.
	ClientSecretEnv string `yaml:"client_secret_env"`

	Webhook *WebhookConfig `yaml:"webhook"`
	Poller  *PollerConfig  `yaml:"poller"`
}

// WebhookConfig configures the pushed-events receiver.
type WebhookConfig struct {
	// Listen is the address the command serves the webhook on, e.g. ":8443" behind TLS
	// termination. Required.
	Listen string `yaml:"listen"`
	// Path of the webhook. Default "/douyin/webhook".
	Path string `yaml:"path"`
	// SpoolDir holds the fsynced spool of accepted webhooks. Required.
	SpoolDir string `yaml:"spool_dir"`
	// SegmentBytes is the spool segment size. Default 64 MiB.
	SegmentBytes int64 `yaml:"segment_bytes"`
	// DedupWindow is how many recent Msg-Ids are remembered beyond those on disk.
	// Default 100000.
	DedupWindow int `yaml:"dedup_window"`
	// CommentEvents are the events whose content is a comment. Default
	// ["item_comment_reply"].
	CommentEvents []string `yaml:"comment_events"`
}

// PollerConfig configures the poller of authorised accounts' videos and comments.
type PollerConfig struct {
	// Accounts are the authorised accounts (open_id and their token file).
	Accounts []AccountConfig `yaml:"accounts"`
	// PollInterval between round starts. Default 5m; at least 1m.
	PollInterval time.Duration `yaml:"poll_interval"`
	// CommentWindow: videos published within it have their comments polled. Default 7 days.
	CommentWindow time.Duration `yaml:"comment_window"`
	// VideoCount and CommentCount are the page sizes. Defaults 20 and 50.
	VideoCount   int `yaml:"video_count"`
	CommentCount int `yaml:"comment_count"`
	// RequestsPerSecond caps this app's request rate. Default 5.
	RequestsPerSecond float64 `yaml:"requests_per_second"`
	// RateLimitCodes are error codes that pause the poller for RateLimitPause (HTTP 429
	// always does). Default [2100004] (system busy).
	RateLimitCodes []int `yaml:"rate_limit_codes"`
	// RateLimitPause. Default 1m.
	RateLimitPause time.Duration `yaml:"rate_limit_pause"`
	// RequestTimeout bounds one request. Default 30s.
	RequestTimeout time.Duration `yaml:"request_timeout"`
}

// AccountConfig is one authorised Douyin account.
type AccountConfig struct {
	OpenID string `yaml:"open_id"`
	// TokenFile is a JSON file {"access_token","refresh_token","expires_at"} the poller
	// reads at start and rewrites (atomically, mode 0600) after each refresh.
	TokenFile string `yaml:"token_file"`
}

// Validate reports the first invalid field, by its YAML name.
func (c Config) Validate() error {
	switch {
	case c.Webhook == nil && c.Poller == nil:
		return errors.New("webhook, poller: at least one is needed")
	case c.Poller != nil && c.ClientKey == "":
		return errors.New("client_key: required by the poller (token refresh)")
	case !strings.HasPrefix(orDefault(c.BaseURL, DefaultBaseURL), "http"):
		return fmt.Errorf("base_url: %q is not an http(s) URL", c.BaseURL)
	}
	if w := c.Webhook; w != nil {
		if err := w.validate(); err != nil {
			return fmt.Errorf("webhook.%w", err)
		}
	}
	if p := c.Poller; p != nil {
		if err := p.validate(); err != nil {
			return fmt.Errorf("poller.%w", err)
		}
	}
	return nil
}

func (w *WebhookConfig) validate() error {
	switch {
	case w.Listen == "":
		return errors.New("listen: required")
	case w.SpoolDir == "":
		return errors.New("spool_dir: required")
	case w.Path != "" && !strings.HasPrefix(w.Path, "/"):
		return fmt.Errorf("path: %q must start with /", w.Path)
	case w.SegmentBytes < 0 || w.DedupWindow < 0:
		return errors.New("segment_bytes, dedup_window: must not be negative")
	}
	return nil
}

func (p *PollerConfig) validate() error {
	switch {
	case len(p.Accounts) == 0:
		return errors.New("accounts: at least one is needed")
	case p.PollInterval != 0 && p.PollInterval < time.Minute:
		return fmt.Errorf("poll_interval: must be at least 1m, got %s", p.PollInterval)
	case p.CommentWindow < 0 || p.RateLimitPause < 0 || p.RequestTimeout < 0:
		return errors.New("comment_window, rate_limit_pause, request_timeout: must not be negative")
	case p.VideoCount < 0 || p.VideoCount > 20:
		return fmt.Errorf("video_count: must be between 1 and 20, got %d", p.VideoCount)
	case p.CommentCount < 0 || p.CommentCount > 50:
		return fmt.Errorf("comment_count: must be between 1 and 50, got %d", p.CommentCount)
	case p.RequestsPerSecond < 0:
		return fmt.Errorf("requests_per_second: must not be negative, got %g", p.RequestsPerSecond)
	}
	for i, a := range p.Accounts {
		if a.OpenID == "" || a.TokenFile == "" {
			return fmt.Errorf("accounts[%d]: open_id and token_file are required", i)
		}
	}
	return nil
}

func (c Config) withDefaults() Config {
	c.Name = orDefault(c.Name, DefaultName)
	c.BaseURL = strings.TrimRight(orDefault(c.BaseURL, DefaultBaseURL), "/")
	c.ClientSecretEnv = orDefault(c.ClientSecretEnv, DefaultSecretEnv)
	if c.Webhook != nil {
		w := *c.Webhook
		w.Path = orDefault(w.Path, DefaultWebhookPath)
		if len(w.CommentEvents) == 0 {
			w.CommentEvents = []string{DefaultCommentEvent}
		}
		c.Webhook = &w
	}
	if c.Poller != nil {
		p := *c.Poller
		p.PollInterval = orDefault(p.PollInterval, DefaultPollInterval)
		p.CommentWindow = orDefault(p.CommentWindow, DefaultCommentWindow)
		p.VideoCount = orDefault(p.VideoCount, DefaultVideoCount)
		p.CommentCount = orDefault(p.CommentCount, DefaultCommentCount)
		p.RequestsPerSecond = orDefault(p.RequestsPerSecond, DefaultRequestsPerSec)
		p.RateLimitPause = orDefault(p.RateLimitPause, DefaultRateLimitPause)
		p.RequestTimeout = orDefault(p.RequestTimeout, DefaultRequestTimeout)
		if p.RateLimitCodes == nil {
			p.RateLimitCodes = []int{2100004}
		}
		c.Poller = &p
	}
	return c
}

// ClientSecret reads the app secret (file, else environment).
func (c Config) ClientSecret() (string, error) {
	c = c.withDefaults()
	return readSecret("client_secret", c.ClientSecretFile, c.ClientSecretEnv)
}

// WithDefaults returns c with every zero field set to its default (what NewPoller and the
// command wiring the webhook use).
func (c Config) WithDefaults() Config { return c.withDefaults() }
