package douyin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// APIError is an open-platform error: data.error_code and data.description.
type APIError struct {
	Code        int
	Description string
	Endpoint    string
	Status      int // HTTP status
}

// Error names the endpoint, code and description; never a token.
func (e *APIError) Error() string {
	return fmt.Sprintf("douyin %s error %d (http %d): %s", e.Endpoint, e.Code, e.Status, e.Description)
}

// answer is the open platform's envelope.
type answer struct {
	Data json.RawMessage `json:"data"`
}

// dataStatus is the error part every data object carries.
type dataStatus struct {
	ErrorCode   flexInt `json:"error_code"`
	Description string  `json:"description"`
}

// call sends one request (GET with params in the query, POST as a form) with the access
// token in the access-token header (never in the URL), and decodes data into out.
// Platform errors come back as *APIError; HTTP 429 as an *APIError with Code 429.
func (p *Poller) call(ctx context.Context, method, endpoint, path string, params url.Values, token string, out any) error {
	if err := p.budget.Wait(ctx); err != nil {
		return fmt.Errorf("waiting for the douyin request budget: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Poller.RequestTimeout)
	defer cancel()
	req, err := p.newRequest(ctx, method, path, params)
	if err != nil {
		return fmt.Errorf("building douyin %s request: %w", endpoint, err)
	}
	if token != "" {
		req.Header.Set("access-token", token)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		p.m.requests.WithLabelValues(p.cfg.Name, endpoint, "error").Inc()
		return fmt.Errorf("requesting douyin %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	p.m.requests.WithLabelValues(p.cfg.Name, endpoint, strconv.Itoa(resp.StatusCode)).Inc()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return fmt.Errorf("reading douyin %s answer: %w", endpoint, err)
	}
	return p.decode(endpoint, resp.StatusCode, body, out)
}

func (p *Poller) newRequest(ctx context.Context, method, path string, params url.Values) (*http.Request, error) {
	u := p.cfg.BaseURL + path
	if method == http.MethodGet {
		req, err := http.NewRequestWithContext(ctx, method, u+"?"+params.Encode(), nil)
		return req, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(params.Encode()))
	if err == nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, err
}

func (p *Poller) decode(endpoint string, status int, body []byte, out any) error {
	if status == http.StatusTooManyRequests {
		p.m.apiErrors.WithLabelValues(p.cfg.Name, "429").Inc()
		return &APIError{Code: 429, Description: "too many requests", Endpoint: endpoint, Status: status}
	}
	var a answer
	var st dataStatus
	if err := json.Unmarshal(body, &a); err != nil || len(a.Data) == 0 || json.Unmarshal(a.Data, &st) != nil {
		p.m.apiErrors.WithLabelValues(p.cfg.Name, "http_"+strconv.Itoa(status)).Inc()
		return fmt.Errorf("douyin %s answered http %d without the documented data object", endpoint, status)
	}
	if st.ErrorCode != 0 {
		p.m.apiErrors.WithLabelValues(p.cfg.Name, strconv.Itoa(int(st.ErrorCode))).Inc()
		return &APIError{Code: int(st.ErrorCode), Description: st.Description, Endpoint: endpoint, Status: status}
	}
	if err := json.Unmarshal(a.Data, out); err != nil {
		return fmt.Errorf("decoding douyin %s data: %w", endpoint, err)
	}
	return nil
}
