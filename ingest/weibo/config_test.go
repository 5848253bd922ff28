package weibo

import (
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	ok := Config{Accounts: []string{"1404376560"}}
	tests := []struct {
		name    string
		mod     func(*Config)
		wantErr string
	}{
		{name: "minimal", mod: func(*Config) {}},
		{name: "no target", mod: func(c *Config) { c.Accounts = nil }, wantErr: "at least one target"},
		{name: "search only", mod: func(c *Config) { c.Accounts = nil; c.Search = &SearchConfig{Keywords: []string{"x"}} }},
		{name: "fast polling", mod: func(c *Config) { c.PollInterval = time.Second }, wantErr: "poll_interval"},
		{name: "count", mod: func(c *Config) { c.Count = 500 }, wantErr: "count"},
		{name: "uid", mod: func(c *Config) { c.Accounts = []string{"abc"} }, wantErr: "accounts[0]"},
		{name: "post", mod: func(c *Config) { c.Posts = []string{""} }, wantErr: "posts[0]"},
		{name: "base url", mod: func(c *Config) { c.BaseURL = "ftp://x" }, wantErr: "base_url"},
		{name: "budget", mod: func(c *Config) { c.TokenRequestsPerHour = -1 }, wantErr: "token_requests_per_hour"},
		{name: "backfill", mod: func(c *Config) { c.Backfill = &Backfill{From: time.Now(), To: time.Now().Add(-time.Hour)} }, wantErr: "backfill"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.mod(&c)
			err := c.Validate()
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Validate() = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestTokenFromEnv(t *testing.T) {
	t.Setenv("MY_WEIBO_TOKEN", " tok \n")
	tok, err := Config{AccessTokenEnv: "MY_WEIBO_TOKEN"}.withDefaults().readToken()
	if err != nil || tok != "tok" {
		t.Fatalf("readToken = %q, %v", tok, err)
	}
	_, err = Config{AccessTokenEnv: "NO_SUCH_VAR_LINGTING"}.readToken()
	if err == nil || !strings.Contains(err.Error(), "NO_SUCH_VAR_LINGTING") {
		t.Fatalf("missing token error %v should name the variable", err)
	}
}
