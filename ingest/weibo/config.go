package weibo

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Defaults applied to zero Config fields.
const (
	DefaultName            = "weibo"
	DefaultBaseURL         = "https://api.weibo.com"
	DefaultSearchURL       = "https://c.api.weibo.com/2/search/statuses/limited.json"
	DefaultTokenEnv        = "LINGTING_WEIBO_ACCESS_TOKEN"
	DefaultPollInterval    = 4 * time.Minute
	DefaultCount           = 100
	DefaultTokenPerHour    = 150
	DefaultIPPerHour       = 1000
	DefaultRateLimitPause  = 15 * time.Minute
	DefaultRequestTimeout  = 30 * time.Second
	maxTimelineCount       = 100 // statuses/user_timeline and search accept at most 100
	maxCommentsCount       = 200 // comments/show accepts at most 200
	minPollInterval        = time.Minute
	defaultFirstPages      = 1
	defaultRateLimitBurst  = 5
	defaultPollIntervalMax = 24 * time.Hour
)

// Config configures one Weibo collector (one access token). The access token is read from
// AccessTokenFile, else from the environment variable AccessTokenEnv; it is never logged
// and never put into a URL (it travels in the Authorization header).
type Config struct {
	// Name keys the checkpoint and labels metrics. Default "weibo".
	Name string `yaml:"name"`
	// BaseURL of the open API. Default "https://api.weibo.com".
	BaseURL string `yaml:"base_url"`
	// AccessTokenFile holds the OAuth2 access token (trailing whitespace ignored).
	AccessTokenFile string `yaml:"access_token_file"`
	// AccessTokenEnv names the environment variable holding the token when no file is
	// set. Default LINGTING_WEIBO_ACCESS_TOKEN.
	AccessTokenEnv string `yaml:"access_token_env"`
	// Accounts are the uids whose timelines (statuses/user_timeline) are polled.
	Accounts []string `yaml:"accounts"`
	// Posts are status ids whose comments (comments/show) are polled.
	Posts []string `yaml:"posts"`
	// Search, when set, polls the commercial keyword search.
	Search *SearchConfig `yaml:"search"`
	// PollInterval is the time between the starts of two polling rounds over every
	// account, post and keyword. Default 4m; at least 1m.
	PollInterval time.Duration `yaml:"poll_interval"`
	// Count is the page size asked for. Default 100 (comments may go to 200).
	Count int `yaml:"count"`
	// FirstPages is how many pages of history a target gets the first time it is polled
	// (use Backfill for more). Default 1.
	FirstPages int `yaml:"first_pages"`
	// TokenRequestsPerHour is the per-token request budget. Default 150 (Weibo's default
	// for an authorised user of a test-level app; raise it to the app's granted level).
	TokenRequestsPerHour int `yaml:"token_requests_per_hour"`
	// IPRequestsPerHour is the per-IP budget this collector may use. Default 1000; when
	// several collectors share one egress IP, split Weibo's IP limit between them.
	IPRequestsPerHour int `yaml:"ip_requests_per_hour"`
	// RateLimitPause is how long the collector sends nothing after Weibo answered with a
	// rate-limit error (10022, 10023, 10024). Default 15m.
	RateLimitPause time.Duration `yaml:"rate_limit_pause"`
	// RequestTimeout bounds one HTTP request. Default 30s.
	RequestTimeout time.Duration `yaml:"request_timeout"`
	// Backfill, when set, makes the source collect the time window once (older pages by
	// max_id) and then end (ingest.ErrDone), instead of polling.
	Backfill *Backfill `yaml:"backfill"`
}

// SearchConfig is the commercial search (search/statuses/limited), which needs a
// commercial-API grant.
type SearchConfig struct {
	// URL of the search endpoint. Default DefaultSearchURL.
	URL string `yaml:"url"`
	// Keywords are searched one by one (parameter q).
	Keywords []string `yaml:"keywords"`
}

// Backfill is a time window [From, To).
type Backfill struct {
	From time.Time `yaml:"from"`
	To   time.Time `yaml:"to"`
}

// Validate reports the first invalid field, by its YAML name. It does not read the token.
func (c Config) Validate() error {
	d := c.withDefaults()
	switch {
	case len(c.Accounts) == 0 && len(c.Posts) == 0 && (c.Search == nil || len(c.Search.Keywords) == 0):
		return errors.New("accounts, posts, search.keywords: at least one target is needed")
	case c.PollInterval != 0 && (c.PollInterval < minPollInterval || c.PollInterval > defaultPollIntervalMax):
		return fmt.Errorf("poll_interval: must be between %s and %s, got %s", minPollInterval, defaultPollIntervalMax, c.PollInterval)
	case c.Count < 0 || c.Count > maxCommentsCount:
		return fmt.Errorf("count: must be between 1 and %d, got %d", maxCommentsCount, c.Count)
	case c.FirstPages < 0:
		return fmt.Errorf("first_pages: must not be negative, got %d", c.FirstPages)
	case c.TokenRequestsPerHour < 0:
		return fmt.Errorf("token_requests_per_hour: must not be negative, got %d", c.TokenRequestsPerHour)
	case c.IPRequestsPerHour < 0:
		return fmt.Errorf("ip_requests_per_hour: must not be negative, got %d", c.IPRequestsPerHour)
	case c.RateLimitPause < 0:
		return fmt.Errorf("rate_limit_pause: must not be negative, got %s", c.RateLimitPause)
	case c.RequestTimeout < 0:
		return fmt.Errorf("request_timeout: must not be negative, got %s", c.RequestTimeout)
	case !strings.HasPrefix(d.BaseURL, "http://") && !strings.HasPrefix(d.BaseURL, "https://"):
		return fmt.Errorf("base_url: %q is not an http(s) URL", c.BaseURL)
	}
	if err := validIDs("accounts", c.Accounts); err != nil {
		return err
	}
	if err := validIDs("posts", c.Posts); err != nil {
		return err
	}
	if b := c.Backfill; b != nil && (b.From.IsZero() || !b.To.After(b.From)) {
		return errors.New("backfill: from must be set and before to")
	}
	return nil
}

func validIDs(field string, ids []string) error {
	for i, id := range ids {
		if id == "" || strings.Trim(id, "0123456789") != "" {
			return fmt.Errorf("%s[%d]: %q is not a numeric Weibo id", field, i, id)
		}
	}
	return nil
}

func (c Config) withDefaults() Config {
	c.Name = orDefault(c.Name, DefaultName)
	c.BaseURL = strings.TrimRight(orDefault(c.BaseURL, DefaultBaseURL), "/")
	c.AccessTokenEnv = orDefault(c.AccessTokenEnv, DefaultTokenEnv)
	c.PollInterval = orDefault(c.PollInterval, DefaultPollInterval)
	c.Count = orDefault(c.Count, DefaultCount)
	c.FirstPages = orDefault(c.FirstPages, defaultFirstPages)
	c.TokenRequestsPerHour = orDefault(c.TokenRequestsPerHour, DefaultTokenPerHour)
	c.IPRequestsPerHour = orDefault(c.IPRequestsPerHour, DefaultIPPerHour)
	c.RateLimitPause = orDefault(c.RateLimitPause, DefaultRateLimitPause)
	c.RequestTimeout = orDefault(c.RequestTimeout, DefaultRequestTimeout)
	if c.Search != nil {
		s := *c.Search
		s.URL = orDefault(s.URL, DefaultSearchURL)
		c.Search = &s
	}
	return c
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// readToken returns the access token from the file, else the environment. The error
// names where it looked, never the token.
func (c Config) readToken() (string, error) {
	if c.AccessTokenFile != "" {
		b, err := os.ReadFile(c.AccessTokenFile)
		if err != nil {
			return "", fmt.Errorf("reading access_token_file: %w", err)
		}
		if t := strings.TrimSpace(string(b)); t != "" {
			return t, nil
		}
		return "", errors.New("access_token_file: file is empty")
	}
	if t := strings.TrimSpace(os.Getenv(c.AccessTokenEnv)); t != "" {
		return t, nil
	}
	return "", fmt.Errorf("access token: set access_token_file or the environment variable %s", c.AccessTokenEnv)
}
