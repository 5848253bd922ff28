package douyin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/lingting/lingting/ingest"
)

// Token is an account's OAuth tokens as the token file keeps them.
type Token struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	ExpiresAt    time.Time `json:"expires_at"`
}

// Error codes the token logic branches on.
var (
	accessExpiredCodes  = map[int]bool{10008: true, 2190008: true}              // refresh and retry
	refreshExpiredCodes = map[int]bool{10010: true, 10020: true, 2190002: true} // a person must authorise again
)

func readTokenFile(path string) (Token, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Token{}, fmt.Errorf("reading token_file: %w", err)
	}
	var t Token
	if err := json.Unmarshal(b, &t); err != nil {
		return Token{}, fmt.Errorf("decoding token_file %s: %w", filepath.Base(path), err)
	}
	if t.AccessToken == "" && t.RefreshToken == "" {
		return Token{}, fmt.Errorf("token_file %s: access_token and refresh_token are empty", filepath.Base(path))
	}
	return t, nil
}

// writeTokenFile replaces path atomically (temp file, fsync, rename), mode 0600.
func writeTokenFile(path string, t Token) error {
	b, _ := json.Marshal(t)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".token-*")
	if err != nil {
		return fmt.Errorf("writing token_file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing token_file: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// refreshAnswer is /oauth/refresh_token/'s data.
type refreshAnswer struct {
	AccessToken  string  `json:"access_token"`
	RefreshToken string  `json:"refresh_token"`
	ExpiresIn    flexInt `json:"expires_in"`
}

// flexInt accepts a JSON number or a numeric string (Douyin writes both).
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("number %s: %w", b, err)
	}
	*f = flexInt(n)
	return nil
}

// refresh exchanges the account's refresh token for a new access token and saves it. An
// expired refresh token wraps ingest.ErrPermanent.
func (p *Poller) refresh(ctx context.Context, a *authAccount) error {
	form := url.Values{"client_key": {p.cfg.ClientKey}, "grant_type": {"refresh_token"}, "refresh_token": {a.token.RefreshToken}}
	var ans refreshAnswer
	err := p.call(ctx, http.MethodPost, "oauth/refresh_token", "/oauth/refresh_token/", form, "", &ans)
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr) && refreshExpiredCodes[apiErr.Code]:
		p.m.tokenRefreshes.WithLabelValues(p.cfg.Name, "expired").Inc()
		p.log.Error("douyin refresh token expired: the account must authorise the app again", "source", p.cfg.Name, "account", a.index, "code", apiErr.Code)
		return fmt.Errorf("%w: account #%d: %w", ingest.ErrPermanent, a.index, err)
	case err == nil && ans.AccessToken == "":
		err = errors.New("answer without access_token")
	}
	if err != nil {
		p.m.tokenRefreshes.WithLabelValues(p.cfg.Name, "failed").Inc()
		return fmt.Errorf("refreshing douyin access token of account #%d: %w", a.index, err)
	}
	t := Token{AccessToken: ans.AccessToken, RefreshToken: a.token.RefreshToken, ExpiresAt: p.now().Add(time.Duration(ans.ExpiresIn) * time.Second).UTC()}
	if ans.RefreshToken != "" {
		t.RefreshToken = ans.RefreshToken
	}
	if err := writeTokenFile(a.cfg.TokenFile, t); err != nil {
		return err
	}
	a.token = t
	p.m.tokenRefreshes.WithLabelValues(p.cfg.Name, "ok").Inc()
	p.log.Info("douyin access token refreshed", "source", p.cfg.Name, "account", a.index, "expires_at", t.ExpiresAt)
	return nil
}

// errAccessExpired reports an answer that asks for a token refresh.
func errAccessExpired(err error) bool {
	var e *APIError
	return errors.As(err, &e) && accessExpiredCodes[e.Code]
}
