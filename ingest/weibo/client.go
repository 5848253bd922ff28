package weibo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxBody caps one API response; a page of 200 comments is well below 2 MB.
const maxBody = 32 << 20

// APIError is Weibo's error answer: {"error":"…","error_code":21327,"request":"/2/…"}.
type APIError struct {
	Message string `json:"error"`
	Code    int    `json:"error_code"`
	Request string `json:"request"`
	Status  int    `json:"-"` // HTTP status it came with
}

// Error names the code, the message and the endpoint; never the token.
func (e *APIError) Error() string {
	return fmt.Sprintf("weibo api error %d on %s (http %d): %s", e.Code, e.Request, e.Status, e.Message)
}

// Error classes of Weibo's documented error codes.
const (
	classOther     = iota
	classRateLimit // 10022 IP, 10023 user, 10024 user per endpoint, 10025? not documented
	classToken     // the access token is expired, revoked or invalid: a person must renew it
	classGone      // the target status or user does not exist (deleted) or is not visible
)

// errorClass maps an error code to its class.
func errorClass(code int) int {
	switch code {
	case 10022, 10023, 10024:
		return classRateLimit
	case 21301, 21314, 21315, 21316, 21317, 21319, 21327, 21332, 21335, 21602:
		return classToken
	case 20003, 20101, 20112, 20132, 20135:
		return classGone
	}
	return classOther
}

// page is one answer of user_timeline, comments/show or search.
type page struct {
	Statuses  []json.RawMessage `json:"statuses"`
	Comments  []json.RawMessage `json:"comments"`
	ErrorCode int               `json:"error_code"`
}

// errMalformed marks a 200 answer whose body is not the documented JSON.
var errMalformed = errors.New("weibo answer is not the documented JSON")

// get waits for the request budgets, sends one GET with the token in the Authorization
// header and decodes the answer. Weibo errors come back as *APIError; a body that is not
// the documented JSON wraps errMalformed and comes with the body.
func (s *Source) get(ctx context.Context, endpoint, rawURL string, q url.Values) (*page, []byte, error) {
	if err := s.waitBudget(ctx); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL+"?"+q.Encode(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("building %s request: %w", endpoint, err)
	}
	req.Header.Set("Authorization", "OAuth2 "+s.token)
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		s.m.requests.WithLabelValues(s.cfg.Name, endpoint, "error").Inc()
		return nil, nil, fmt.Errorf("requesting weibo %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	s.m.requests.WithLabelValues(s.cfg.Name, endpoint, strconv.Itoa(resp.StatusCode)).Inc()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, nil, fmt.Errorf("reading weibo %s answer: %w", endpoint, err)
	}
	return s.decode(endpoint, resp.StatusCode, body)
}

func (s *Source) decode(endpoint string, status int, body []byte) (*page, []byte, error) {
	var e APIError
	if json.Unmarshal(body, &e) == nil && e.Code != 0 {
		e.Status = status
		if e.Request == "" {
			e.Request = endpoint
		}
		s.m.apiErrors.WithLabelValues(s.cfg.Name, strconv.Itoa(e.Code)).Inc()
		return nil, body, &e
	}
	if status != http.StatusOK {
		s.m.apiErrors.WithLabelValues(s.cfg.Name, "http_"+strconv.Itoa(status)).Inc()
		return nil, body, fmt.Errorf("weibo %s answered http %d", endpoint, status)
	}
	var p page
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, body, fmt.Errorf("decoding weibo %s answer: %w: %w", endpoint, errMalformed, err)
	}
	return &p, body, nil
}

// waitBudget blocks until both the per-token and the per-IP budget allow one request.
func (s *Source) waitBudget(ctx context.Context) error {
	start := time.Now()
	if err := s.tokenBudget.Wait(ctx); err != nil {
		return fmt.Errorf("waiting for the weibo token budget: %w", err)
	}
	if err := s.ipBudget.Wait(ctx); err != nil {
		return fmt.Errorf("waiting for the weibo ip budget: %w", err)
	}
	s.m.budgetWait.WithLabelValues(s.cfg.Name).Add(time.Since(start).Seconds())
	return nil
}
