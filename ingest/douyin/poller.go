package douyin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// Poller is the ingest.Source that polls authorised accounts: each round pages every
// account's video list (/video/list/, cursor and has_more) back to CommentWindow, emits
// the videos not collected before (with the account's /oauth/userinfo/ attached as
// "author"), then pages the comments of each of those recent videos
// (/item/comment/list/, newest first, item_id URL-encoded) down to the newest comment an
// earlier round collected. One Fetch sends at most one list request (plus a token refresh
// or userinfo call). Access tokens are refreshed before they expire and after an
// expired-token answer; an expired refresh token stops the poller with
// ingest.ErrPermanent. Fetch is called from one goroutine at a time.
type Poller struct {
	cfg         Config
	client      *http.Client
	accounts    []*authAccount
	budget      *rate.Limiter
	m           *metrics
	log         *slog.Logger
	now         func() time.Time
	pausedUntil time.Time
}

// authAccount is one authorised account and its live token.
type authAccount struct {
	index  int
	cfg    AccountConfig
	token  Token
	author json.RawMessage // cached /oauth/userinfo/ data
}

// NewPoller validates cfg (cfg.Poller must be set), reads the token files and returns
// the poller. client may be nil; reg and log may be nil.
func NewPoller(cfg Config, client *http.Client, reg prometheus.Registerer, log *slog.Logger) (*Poller, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("douyin config: %w", err)
	}
	if cfg.Poller == nil {
		return nil, errors.New("douyin config: poller: not configured")
	}
	cfg = cfg.withDefaults()
	p := &Poller{cfg: cfg, client: client, m: newMetrics(reg), log: orDiscard(log), now: time.Now,
		budget: rate.NewLimiter(rate.Limit(cfg.Poller.RequestsPerSecond), 1)}
	if p.client == nil {
		p.client = &http.Client{}
	}
	for i, a := range cfg.Poller.Accounts {
		t, err := readTokenFile(a.TokenFile)
		if err != nil {
			return nil, fmt.Errorf("douyin config: poller.accounts[%d]: %w", i, err)
		}
		p.accounts = append(p.accounts, &authAccount{index: i, cfg: a, token: t})
	}
	return p, nil
}

// Name implements ingest.Source.
func (p *Poller) Name() string { return p.cfg.Name }

// Fetch implements ingest.Source.
func (p *Poller) Fetch(ctx context.Context, cur string) (ingest.Batch, error) {
	c, err := decodePollCursor(cur)
	if err != nil {
		return ingest.Batch{}, fmt.Errorf("%w: %w", ingest.ErrPermanent, err)
	}
	now := p.now()
	if now.Before(p.pausedUntil) {
		return ingest.Batch{Next: cur}, nil
	}
	for {
		switch {
		case !c.InRound && now.Unix() < c.Next:
			return ingest.Batch{Next: c.encode()}, nil
		case !c.InRound:
			p.startRound(c, now)
		case c.Acct >= len(p.accounts):
			c.InRound = false
		case c.Phase == phaseVideos:
			return p.videos(ctx, c, p.accounts[c.Acct])
		case c.Item >= len(c.Items):
			c.nextAccount()
		default:
			return p.comments(ctx, c, p.accounts[c.Acct], c.Items[c.Item])
		}
	}
}

func (p *Poller) startRound(c *pollCursor, now time.Time) {
	c.InRound, c.Next, c.Acct = true, now.Add(p.cfg.Poller.PollInterval).Unix(), -1
	c.nextAccount()
	c.Rounds++
	p.m.position.WithLabelValues(p.cfg.Name).Set(float64(c.Rounds))
	horizon := now.Add(-2 * p.cfg.Poller.CommentWindow).Unix()
	for item, m := range c.Comments {
		if m.T < horizon {
			delete(c.Comments, item)
		}
	}
}

// listPage is the data of the video and comment lists.
type listPage struct {
	Cursor  flexInt           `json:"cursor"`
	HasMore bool              `json:"has_more"`
	List    []json.RawMessage `json:"list"`
}

// record is what the poller reads of a video or comment before the parser does.
type record struct {
	ItemID     string  `json:"item_id"`
	CommentID  string  `json:"comment_id"`
	CreateTime flexInt `json:"create_time"`
}

func (r record) seconds() int64 {
	if t := int64(r.CreateTime); t > 1e11 {
		return t / 1000
	}
	return int64(r.CreateTime)
}

// videos fetches one page of an account's videos.
func (p *Poller) videos(ctx context.Context, c *pollCursor, a *authAccount) (ingest.Batch, error) {
	author, err := p.author(ctx, a)
	if err != nil {
		return p.failed(c, err, "videos", c.nextAccount)
	}
	q := url.Values{"open_id": {a.cfg.OpenID}, "cursor": {strconv.FormatInt(c.VCursor, 10)}, "count": {strconv.Itoa(p.cfg.Poller.VideoCount)}}
	var page listPage
	if err := p.authed(ctx, a, http.MethodGet, "video/list", "/video/list/", q, &page); err != nil {
		return p.failed(c, err, "videos", c.nextAccount)
	}
	window := p.now().Add(-p.cfg.Poller.CommentWindow).Unix()
	mk := c.Videos[a.cfg.OpenID]
	var b ingest.Batch
	oldest := int64(1 << 62)
	for _, it := range page.List {
		var r record
		if err := json.Unmarshal(it, &r); err != nil || r.ItemID == "" {
			b.Bad = append(b.Bad, event.DeadLetter{Reason: fmt.Sprintf("douyin video without item_id (%v)", err), Payload: it})
			continue
		}
		t := r.seconds()
		oldest = min(oldest, t)
		if t < window {
			continue
		}
		if !slices.Contains(c.Items, r.ItemID) {
			c.Items = append(c.Items, r.ItemID)
		}
		if mk.seen(r.ItemID, t) || slices.Contains(c.Prev, r.ItemID) {
			continue
		}
		c.Scan.add(r.ItemID, t)
		p.emit(&b, event.Post, r.ItemID, it, "author", author)
	}
	if page.HasMore && oldest >= window && len(page.List) > 0 {
		c.VCursor, c.Prev = int64(page.Cursor), ids(page.List, "item_id")
	} else {
		c.Videos[a.cfg.OpenID] = merged(mk, c.Scan)
		c.Phase, c.Item, c.CCursor, c.Scan, c.Prev = phaseComments, 0, 0, mark{}, nil
	}
	b.Next = c.encode()
	return b, nil
}

// comments fetches one page of a video's comments.
func (p *Poller) comments(ctx context.Context, c *pollCursor, a *authAccount, item string) (ingest.Batch, error) {
	q := url.Values{"open_id": {a.cfg.OpenID}, "item_id": {item}, "cursor": {strconv.FormatInt(c.CCursor, 10)},
		"count": {strconv.Itoa(p.cfg.Poller.CommentCount)}, "sort_type": {"time"}}
	var page listPage
	if err := p.authed(ctx, a, http.MethodGet, "item/comment/list", "/item/comment/list/", q, &page); err != nil {
		return p.failed(c, err, "comments", c.nextItem)
	}
	mk := c.Comments[item]
	itemJSON, _ := json.Marshal(item)
	var b ingest.Batch
	oldest := int64(1 << 62)
	for _, it := range page.List {
		var r record
		if err := json.Unmarshal(it, &r); err != nil || r.CommentID == "" {
			b.Bad = append(b.Bad, event.DeadLetter{Reason: fmt.Sprintf("douyin comment without comment_id (%v)", err), Payload: it})
			continue
		}
		t := r.seconds()
		oldest = min(oldest, t)
		if mk.seen(r.CommentID, t) || slices.Contains(c.Prev, r.CommentID) {
			continue
		}
		c.Scan.add(r.CommentID, t)
		p.emit(&b, event.Comment, r.CommentID, it, "item_id", itemJSON)
	}
	if page.HasMore && len(page.List) > 0 && (mk == nil || oldest >= mk.T) {
		c.CCursor, c.Prev = int64(page.Cursor), ids(page.List, "comment_id")
	} else {
		c.Comments[item] = merged(mk, c.Scan)
		c.nextItem()
	}
	b.Next = c.encode()
	return b, nil
}

// emit adds an envelope of payload with field set to value.
func (p *Poller) emit(b *ingest.Batch, kind event.Kind, id string, payload json.RawMessage, field string, value json.RawMessage) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(payload, &obj); err != nil {
		b.Bad = append(b.Bad, event.DeadLetter{Reason: "douyin record is not a JSON object: " + err.Error(), Payload: payload})
		return
	}
	if len(value) > 0 {
		obj[field] = value
	}
	out, _ := json.Marshal(obj)
	b.Raws = append(b.Raws, event.NewRaw(event.Douyin, kind, id, p.now(), out))
	p.m.records.WithLabelValues(p.cfg.Name, string(kind)).Inc()
}

func ids(list []json.RawMessage, field string) []string {
	var out []string
	for _, it := range list {
		var m map[string]json.RawMessage
		var s string
		if json.Unmarshal(it, &m) == nil && json.Unmarshal(m[field], &s) == nil && s != "" {
			out = append(out, s)
		}
	}
	return out
}
