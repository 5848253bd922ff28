package douyin

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Phases of one account's turn in a round.
const (
	phaseVideos   = 0 // paging the account's video list
	phaseComments = 1 // paging the comments of each recent video
)

// pollCursor is the poller's whole position, encoded as JSON in the ingest cursor: where
// the round is (account, phase, page cursor, video), what the scan under way has seen,
// and per account and per video the newest record collected (a mark). Restarting from it
// resumes at the page that was not yet acknowledged.
type pollCursor struct {
	V        int              `json:"v"`
	InRound  bool             `json:"in_round,omitempty"`
	Next     int64            `json:"next,omitempty"` // unix seconds: earliest next round
	Rounds   int64            `json:"rounds,omitempty"`
	Acct     int              `json:"acct,omitempty"`
	Phase    int              `json:"phase,omitempty"`
	VCursor  int64            `json:"vcursor,omitempty"` // video list cursor of the page to fetch
	Items    []string         `json:"items,omitempty"`   // recent videos of the account whose comments this round polls
	Item     int              `json:"item,omitempty"`
	CCursor  int64            `json:"ccursor,omitempty"` // comment list cursor of the page to fetch
	Scan     mark             `json:"scan,omitzero"`     // newest record of the scan under way
	Prev     []string         `json:"prev,omitempty"`    // ids of the scan's previous page (offset cursors shift when records arrive)
	Videos   map[string]*mark `json:"videos,omitempty"`  // open_id → newest video collected
	Comments map[string]*mark `json:"comments,omitempty"`
}

// mark is the newest create_time collected and the ids collected at that second.
type mark struct {
	T   int64    `json:"t,omitempty"`
	IDs []string `json:"ids,omitempty"`
}

// seen reports whether a record (id, t) is at or before the mark.
func (m *mark) seen(id string, t int64) bool {
	return m != nil && (t < m.T || (t == m.T && slices.Contains(m.IDs, id)))
}

// add raises the mark to (id, t) when it is newer.
func (m *mark) add(id string, t int64) {
	switch {
	case t > m.T:
		m.T, m.IDs = t, []string{id}
	case t == m.T && !slices.Contains(m.IDs, id):
		m.IDs = append(m.IDs, id)
	}
}

// merged is the newer of m (may be nil) and the scan s.
func merged(m *mark, s mark) *mark {
	out := &mark{}
	if m != nil {
		out.T, out.IDs = m.T, slices.Clone(m.IDs)
	}
	for _, id := range s.IDs {
		out.add(id, s.T)
	}
	return out
}

func decodePollCursor(s string) (*pollCursor, error) {
	c := &pollCursor{V: cursorVersion}
	if s != "" {
		if err := json.Unmarshal([]byte(s), c); err != nil {
			return nil, fmt.Errorf("decoding douyin cursor: %w", err)
		}
		if c.V != cursorVersion || c.Acct < 0 || c.Item < 0 || (c.Phase != phaseVideos && c.Phase != phaseComments) {
			return nil, fmt.Errorf("decoding douyin cursor: unknown version %d or bad position", c.V)
		}
	}
	if c.Videos == nil {
		c.Videos = map[string]*mark{}
	}
	if c.Comments == nil {
		c.Comments = map[string]*mark{}
	}
	return c, nil
}

const cursorVersion = 1

func (c *pollCursor) encode() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// nextItem moves to the next video's comments.
func (c *pollCursor) nextItem() {
	c.Item++
	c.CCursor, c.Scan, c.Prev = 0, mark{}, nil
}

// nextAccount moves to the next account's videos.
func (c *pollCursor) nextAccount() {
	c.Acct++
	c.Phase, c.VCursor, c.Items, c.Item = phaseVideos, 0, nil, 0
	c.CCursor, c.Scan, c.Prev = 0, mark{}, nil
}
