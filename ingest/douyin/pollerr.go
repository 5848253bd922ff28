package douyin

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/lingting/lingting/ingest"
)

// authed sends a request with a's access token: refreshed first when it expires within
// refreshMargin, and once more after an expired-token answer.
func (p *Poller) authed(ctx context.Context, a *authAccount, method, endpoint, path string, q url.Values, out any) error {
	if a.token.AccessToken == "" || (!a.token.ExpiresAt.IsZero() && p.now().Add(refreshMargin).After(a.token.ExpiresAt)) {
		if err := p.refresh(ctx, a); err != nil {
			return err
		}
	}
	err := p.call(ctx, method, endpoint, path, withToken(method, q, a.token.AccessToken), a.token.AccessToken, out)
	if errAccessExpired(err) {
		if err := p.refresh(ctx, a); err != nil {
			return err
		}
		err = p.call(ctx, method, endpoint, path, withToken(method, q, a.token.AccessToken), a.token.AccessToken, out)
	}
	return err
}

// withToken adds access_token to a POST form (the userinfo call wants it there); GET
// requests carry it only in the header.
func withToken(method string, q url.Values, token string) url.Values {
	if method != http.MethodPost {
		return q
	}
	q = maps.Clone(q)
	q.Set("access_token", token)
	return q
}

// author returns the account's /oauth/userinfo/ data, fetched once per process.
func (p *Poller) author(ctx context.Context, a *authAccount) ([]byte, error) {
	if a.author != nil {
		return a.author, nil
	}
	var info map[string]any
	if err := p.authed(ctx, a, http.MethodPost, "oauth/userinfo", "/oauth/userinfo/", url.Values{"open_id": {a.cfg.OpenID}}, &info); err != nil {
		return nil, err
	}
	delete(info, "error_code")
	delete(info, "description")
	if info["open_id"] == nil {
		info["open_id"] = a.cfg.OpenID
	}
	b, err := jsonMarshal(info)
	if err != nil {
		return nil, err
	}
	a.author = b
	return b, nil
}

// failed turns a request error into the Fetch result. A rate-limit answer pauses the
// poller (the error is returned, so the Runner logs it and retries later); ErrPermanent
// (an expired refresh token) stops it; another platform error skips the account's videos
// or the video's comments for this round (skip moves the cursor on); anything else
// (network, 5xx without a data object) is retried at the same cursor.
func (p *Poller) failed(c *pollCursor, err error, what string, skip func()) (ingest.Batch, error) {
	var apiErr *APIError
	switch {
	case errors.Is(err, ingest.ErrPermanent):
		return ingest.Batch{}, err
	case errors.As(err, &apiErr) && (apiErr.Code == 429 || slices.Contains(p.cfg.Poller.RateLimitCodes, apiErr.Code)):
		p.pausedUntil = p.now().Add(p.cfg.Poller.RateLimitPause)
		p.m.rateLimited.WithLabelValues(p.cfg.Name).Inc()
		p.log.Warn("douyin rate limit; pausing", "source", p.cfg.Name, "code", apiErr.Code, "pause", p.cfg.Poller.RateLimitPause)
		return ingest.Batch{}, fmt.Errorf("douyin rate limit, paused: %w", err)
	case errors.As(err, &apiErr):
		p.log.Warn("douyin "+what+" skipped this round", "source", p.cfg.Name, "account", c.Acct, "code", apiErr.Code, "err", apiErr.Description)
		skip()
		return ingest.Batch{Next: c.encode()}, nil
	}
	return ingest.Batch{}, err
}
