package alert

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// post sends body as JSON and returns the response body. Network errors, 408, 429 and
// 5xx are retryable errors; other non-2xx answers wrap ErrPermanent. Errors name the
// host only: a URL may carry a key.
func post(ctx context.Context, client *http.Client, target string, body []byte, hdr http.Header) ([]byte, error) {
	host := "an invalid URL" // never the target itself: its query may hold a key
	if u, err := url.Parse(target); err == nil {
		host = u.Host
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("building request to %s: %w", host, ErrPermanent)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("posting to %s: %w", host, redact(err))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return b, nil
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return nil, fmt.Errorf("posting to %s: status %d", host, c)
	default:
		return nil, fmt.Errorf("posting to %s: status %d: %s: %w", host, c, truncate(string(b), 200), ErrPermanent)
	}
}

// redact drops the URL (which may hold a robot key) from a client error.
func redact(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func newClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: orDur(timeout, 10*time.Second)}
}
