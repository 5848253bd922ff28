package weibo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// Target kinds.
const (
	targetTimeline = "timeline" // statuses/user_timeline of an account
	targetComments = "comments" // comments/show of a status
	targetSearch   = "search"   // commercial keyword search
)

// target is one thing a round polls.
type target struct {
	kind, id string
}

func (t target) key() string { return t.kind + ":" + t.id }

// Source is the Weibo collector, an ingest.Source. Each Fetch sends at most one request
// (one page of one target) after waiting for the request budgets, so a Fetch blocks for
// up to a budget slot plus RequestTimeout, or until ctx ends. Fetch returns an empty batch
// while a round is not due or after a rate-limit answer until RateLimitPause passed; an
// expired or revoked token is an error wrapping ingest.ErrPermanent. Fetch must be called
// from one goroutine at a time (the ingest.Runner does).
type Source struct {
	cfg         Config
	token       string
	client      *http.Client
	targets     []target
	tokenBudget *rate.Limiter
	ipBudget    *rate.Limiter
	m           *metrics
	log         *slog.Logger
	now         func() time.Time
	pausedUntil time.Time
	progress    progress
}

// NewSource validates cfg, reads the access token and returns the collector. client may
// be nil (http.DefaultClient's transport with no overall timeout; RequestTimeout bounds
// each request). reg may be nil (metrics not registered); log may be nil (discard).
func NewSource(cfg Config, client *http.Client, reg prometheus.Registerer, log *slog.Logger) (*Source, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("weibo config: %w", err)
	}
	cfg = cfg.withDefaults()
	token, err := cfg.readToken()
	if err != nil {
		return nil, fmt.Errorf("weibo config: %w", err)
	}
	if client == nil {
		client = &http.Client{}
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Source{
		cfg: cfg, token: token, client: client, targets: targets(cfg),
		tokenBudget: rate.NewLimiter(perHour(cfg.TokenRequestsPerHour), defaultRateLimitBurst),
		ipBudget:    rate.NewLimiter(perHour(cfg.IPRequestsPerHour), defaultRateLimitBurst),
		m:           newMetrics(reg), log: log,
		now: time.Now,
	}, nil
}

func perHour(n int) rate.Limit { return rate.Limit(float64(n) / 3600) }

func targets(cfg Config) []target {
	var ts []target
	for _, id := range cfg.Accounts {
		ts = append(ts, target{targetTimeline, id})
	}
	for _, id := range cfg.Posts {
		ts = append(ts, target{targetComments, id})
	}
	if cfg.Search != nil {
		for _, kw := range cfg.Search.Keywords {
			ts = append(ts, target{targetSearch, kw})
		}
	}
	return ts
}

// Name implements ingest.Source.
func (s *Source) Name() string { return s.cfg.Name }

// Fetch implements ingest.Source: it fetches the next page of the round under way.
func (s *Source) Fetch(ctx context.Context, cur string) (ingest.Batch, error) {
	c, err := decodeCursor(cur)
	if err != nil {
		return ingest.Batch{}, fmt.Errorf("%w: %w", ingest.ErrPermanent, err)
	}
	s.progress.at(c)
	now := s.now()
	if now.Before(s.pausedUntil) {
		return ingest.Batch{Next: cur}, nil
	}
	if !c.InRound {
		if s.cfg.Backfill != nil && c.Rounds > 0 {
			return ingest.Batch{}, ingest.ErrDone
		}
		if now.Unix() < c.Next {
			return ingest.Batch{Next: cur}, nil
		}
		c.InRound, c.I, c.Next = true, 0, now.Add(s.cfg.PollInterval).Unix()
		c.Rounds++
		s.m.rounds.WithLabelValues(s.cfg.Name).Inc()
	}
	if c.I >= len(s.targets) { // targets removed from the config since the cursor was saved
		c.InRound = false
		return ingest.Batch{Next: c.encode()}, nil
	}
	return s.fetchTarget(ctx, c, s.targets[c.I])
}

// fetchTarget fetches one page of t and advances the cursor past it.
func (s *Source) fetchTarget(ctx context.Context, c *cursor, t target) (ingest.Batch, error) {
	st := c.state(t.key())
	p, body, err := s.request(ctx, t, st)
	if err != nil {
		return s.failed(c, t, body, err)
	}
	items := p.Statuses
	if t.kind == targetComments {
		items = p.Comments
	}
	batch := s.wrap(t, st, items)
	s.progress.reached(batch.oldest)
	if s.more(st, len(items) >= s.count(t), batch.low, batch.oldest) {
		st.Max, st.Pages = below(batch.low), st.Pages+1
	} else {
		s.finishTarget(c, t, st)
	}
	batch.Next = c.encode()
	return batch.Batch, nil
}

// more reports whether the target has another page in this round: the page was full and
// (when polling a known target) reached no further back than since_id, (first sight) the
// FirstPages limit is not reached, (backfill) the oldest record is not before the window.
func (s *Source) more(st *targetState, full bool, low string, oldest time.Time) bool {
	if !full || low == "" {
		return false
	}
	if b := s.cfg.Backfill; b != nil {
		return !oldest.Before(b.From)
	}
	if st.Since != "" {
		return idLess(st.Since, low) // the page did not reach back to since_id yet
	}
	return st.Pages+1 < s.cfg.FirstPages
}

// finishTarget ends t's round and moves to the next target.
func (s *Source) finishTarget(c *cursor, t target, st *targetState) {
	if idLess(st.Since, st.Top) {
		st.Since = st.Top
	}
	st.Top, st.Max, st.Pages = "", "", 0
	if f, err := strconv.ParseFloat(st.Since, 64); err == nil {
		s.m.position.WithLabelValues(s.cfg.Name, t.key()).Set(f)
	}
	c.I++
	if c.I >= len(s.targets) {
		c.InRound, c.I = false, 0
	}
}

// abandonTarget ends t's round without raising since_id: the pages not read this round
// are read in the next (pages already read may come again; their ids are deterministic).
func (s *Source) abandonTarget(c *cursor, st *targetState) {
	st.Top, st.Max, st.Pages = "", "", 0
	c.I++
	if c.I >= len(s.targets) {
		c.InRound, c.I = false, 0
	}
}

// failed turns a request error into the Fetch result: rate limits pause the source, a
// token error is permanent, a deleted target or a malformed answer abandons the target's
// round (a malformed answer goes to the dead letters), anything else is retried by the
// Runner.
func (s *Source) failed(c *cursor, t target, body []byte, err error) (ingest.Batch, error) {
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr) && errorClass(apiErr.Code) == classRateLimit:
		s.pausedUntil = s.now().Add(s.cfg.RateLimitPause)
		s.m.rateLimited.WithLabelValues(s.cfg.Name).Inc()
		s.log.Warn("weibo rate limit reached; pausing", "source", s.cfg.Name, "code", apiErr.Code, "pause", s.cfg.RateLimitPause)
		return ingest.Batch{}, fmt.Errorf("weibo rate limit, paused for %s: %w", s.cfg.RateLimitPause, err)
	case errors.As(err, &apiErr) && errorClass(apiErr.Code) == classToken:
		s.m.tokenErrors.WithLabelValues(s.cfg.Name).Inc()
		s.log.Error("weibo access token rejected: renew it (OAuth2 authorize) and restart the collector",
			"source", s.cfg.Name, "code", apiErr.Code, "error", apiErr.Message)
		return ingest.Batch{}, fmt.Errorf("%w: %w", ingest.ErrPermanent, err)
	case errors.As(err, &apiErr) && errorClass(apiErr.Code) == classGone:
		s.log.Warn("weibo target not available; skipped this round", "source", s.cfg.Name, "target", t.key(), "code", apiErr.Code)
		s.abandonTarget(c, c.state(t.key()))
		return ingest.Batch{Next: c.encode()}, nil
	case errors.Is(err, errMalformed):
		s.abandonTarget(c, c.state(t.key()))
		return ingest.Batch{Next: c.encode(), Bad: []event.DeadLetter{{
			Reason: fmt.Sprintf("weibo %s answer for %s: %v", t.kind, t.key(), err), Payload: body,
		}}}, nil
	}
	return ingest.Batch{}, err
}

// request sends the page request of t at st.
func (s *Source) request(ctx context.Context, t target, st *targetState) (*page, []byte, error) {
	q := url.Values{"count": {strconv.Itoa(s.count(t))}}
	if st.Since != "" && s.cfg.Backfill == nil {
		q.Set("since_id", st.Since)
	}
	if st.Max != "" {
		q.Set("max_id", st.Max)
	}
	switch t.kind {
	case targetTimeline:
		q.Set("uid", t.id)
		return s.get(ctx, "statuses/user_timeline", s.cfg.BaseURL+"/2/statuses/user_timeline.json", q)
	case targetComments:
		q.Set("id", t.id)
		return s.get(ctx, "comments/show", s.cfg.BaseURL+"/2/comments/show.json", q)
	}
	q.Set("q", t.id)
	return s.get(ctx, "search/statuses/limited", s.cfg.Search.URL, q)
}

func (s *Source) count(t target) int {
	if t.kind != targetComments && s.cfg.Count > maxTimelineCount {
		return maxTimelineCount
	}
	return s.cfg.Count
}

// pageBatch is a wrapped page and the lowest id and oldest time seen in it.
type pageBatch struct {
	ingest.Batch
	low    string
	oldest time.Time
}

// header is what the collector reads of each record before handing it to the parser.
type header struct {
	ID        flexID          `json:"id"`
	IDStr     flexID          `json:"idstr"`
	CreatedAt string          `json:"created_at"`
	Retweeted json.RawMessage `json:"retweeted_status"`
}

// wrap turns a page's records into envelopes. Records already collected (id ≤ since_id:
// the API repeating itself) or outside the backfill window are left out; records without
// a usable id become dead letters. The page's highest id raises st.Top.
func (s *Source) wrap(t target, st *targetState, items []json.RawMessage) pageBatch {
	var pb pageBatch
	now := s.now()
	for _, it := range items {
		var h header
		err := json.Unmarshal(it, &h)
		id := canonical(pick(h.IDStr, h.ID))
		if err != nil || id == "" {
			pb.Bad = append(pb.Bad, event.DeadLetter{Reason: fmt.Sprintf("weibo %s record without a numeric idstr/id (err: %v)", t.kind, err), Payload: it})
			continue
		}
		if pb.low == "" || idLess(id, pb.low) {
			pb.low = id
		}
		if idLess(st.Top, id) {
			st.Top = id
		}
		at, _ := time.Parse(CreatedAtLayout, h.CreatedAt)
		if pb.oldest.IsZero() || at.Before(pb.oldest) {
			pb.oldest = at
		}
		if s.skip(st, id, at) {
			continue
		}
		kind := event.Post
		switch {
		case t.kind == targetComments:
			kind = event.Comment
		case len(h.Retweeted) > 0 && string(h.Retweeted) != "null":
			kind = event.Repost
		}
		pb.Raws = append(pb.Raws, event.NewRaw(event.Weibo, kind, id, now, it))
		s.m.records.WithLabelValues(s.cfg.Name, string(kind)).Inc()
	}
	return pb
}

func (s *Source) skip(st *targetState, id string, at time.Time) bool {
	if b := s.cfg.Backfill; b != nil {
		// a record without a readable time goes to the parser, which dead-letters it
		return !at.IsZero() && (at.Before(b.From) || !at.Before(b.To))
	}
	return st.Since != "" && !idLess(st.Since, id)
}

// canonical returns id as a decimal without leading zeros, or "" when it is not one.
func canonical(id string) string {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return ""
	}
	return strconv.FormatUint(n, 10)
}
