package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/ingest"
)

// Server-API errcodes the lookup branches on.
var (
	tokenExpiredCodes = map[int]bool{40001: true, 40014: true, 42001: true} // get a new access token, retry once
	notFoundCodes     = map[int]bool{84061: true, 40096: true, 60111: true} // not (or no longer) an external contact
	badSecretCodes    = map[int]bool{40001: true, 40013: true, 40091: true} // gettoken: corpid or secret wrong
)

// Contacts looks external contacts up through externalcontact/get, with an access token
// from gettoken (corp id and the customer-contact secret) cached until shortly before it
// expires. The token travels in the query string, as the API requires; errors never
// carry the URL. Safe for concurrent use.
type Contacts struct {
	base, corpID, secret string
	client               *http.Client
	timeout              time.Duration
	m                    *metrics
	now                  func() time.Time

	mu      sync.Mutex
	token   string
	expires time.Time
}

// NewContacts returns the lookup client. client and reg may be nil.
func NewContacts(baseURL, corpID, secret string, client *http.Client, timeout time.Duration, reg prometheus.Registerer) *Contacts {
	if client == nil {
		client = &http.Client{}
	}
	return &Contacts{base: baseURL, corpID: corpID, secret: secret, client: client, timeout: timeout, m: newMetrics(reg), now: time.Now}
}

// apiStatus is the errcode/errmsg every server-API answer carries.
type apiStatus struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// APIError is a server-API error answer.
type APIError struct {
	Endpoint string
	Code     int
	Msg      string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("wecom %s errcode %d: %s", e.Endpoint, e.Code, e.Msg)
}

// Get returns the external_contact object of externalUserID. found is false when WeCom
// says the id is not (or no longer) an external contact of the corp. A wrong corp id or
// secret wraps ingest.ErrPermanent; other errors are worth retrying.
func (c *Contacts) Get(ctx context.Context, externalUserID string) (contact json.RawMessage, found bool, err error) {
	for attempt := 0; ; attempt++ {
		token, err := c.accessToken(ctx)
		if err != nil {
			return nil, false, err
		}
		var ans struct {
			apiStatus
			Contact json.RawMessage `json:"external_contact"`
		}
		q := url.Values{"access_token": {token}, "external_userid": {externalUserID}}
		err = c.get(ctx, "externalcontact/get", "/cgi-bin/externalcontact/get", q, &ans)
		var apiErr *APIError
		switch {
		case errors.As(err, &apiErr) && tokenExpiredCodes[apiErr.Code] && attempt == 0:
			c.forget(token)
			continue
		case errors.As(err, &apiErr) && notFoundCodes[apiErr.Code]:
			c.m.lookups.WithLabelValues("not_found").Inc()
			return nil, false, nil
		case err != nil:
			c.m.lookups.WithLabelValues("error").Inc()
			return nil, false, err
		}
		c.m.lookups.WithLabelValues("ok").Inc()
		return ans.Contact, len(ans.Contact) > 0, nil
	}
}

func (c *Contacts) accessToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && c.now().Before(c.expires) {
		return c.token, nil
	}
	var ans struct {
		apiStatus
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	err := c.get(ctx, "gettoken", "/cgi-bin/gettoken", url.Values{"corpid": {c.corpID}, "corpsecret": {c.secret}}, &ans)
	var apiErr *APIError
	if errors.As(err, &apiErr) && badSecretCodes[apiErr.Code] {
		return "", fmt.Errorf("%w: check corp_id and the contact secret: %w", ingest.ErrPermanent, err)
	}
	if err != nil {
		return "", err
	}
	c.token, c.expires = ans.AccessToken, c.now().Add(time.Duration(ans.ExpiresIn)*time.Second-5*time.Minute)
	return c.token, nil
}

func (c *Contacts) forget(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token == token {
		c.token = ""
	}
}

// get sends one GET and decodes the answer; errcode ≠ 0 is an *APIError.
func (c *Contacts) get(ctx context.Context, endpoint, path string, q url.Values, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return fmt.Errorf("building wecom %s request: %w", endpoint, err)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL holds the secret or the token
		}
		return fmt.Errorf("requesting wecom %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("reading wecom %s answer: %w", endpoint, err)
	}
	var st apiStatus
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &st) != nil {
		return fmt.Errorf("wecom %s answered http %d without the documented JSON", endpoint, resp.StatusCode)
	}
	if st.ErrCode != 0 {
		c.m.apiErrors.WithLabelValues("contacts", strconv.Itoa(st.ErrCode)).Inc()
		return &APIError{Endpoint: endpoint, Code: st.ErrCode, Msg: st.ErrMsg}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("decoding wecom %s answer: %w", endpoint, err)
	}
	return nil
}
