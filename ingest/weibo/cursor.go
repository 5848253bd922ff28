package weibo

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// cursor is the collector's whole position, encoded as JSON in the ingest cursor. A
// polling round visits every target in order; each target pages from the newest record
// down (max_id) to the last record collected in an earlier round (since_id). Because the
// cursor names the exact next page, a restart in the middle of a round resumes at the
// page that was not yet acknowledged: nothing is skipped and nothing acknowledged is
// fetched again.
type cursor struct {
	V       int                     `json:"v"`
	InRound bool                    `json:"in_round,omitempty"`
	I       int                     `json:"i,omitempty"`    // index of the target being paged in the round
	Next    int64                   `json:"next,omitempty"` // unix seconds: earliest start of the next round
	Rounds  int64                   `json:"rounds,omitempty"`
	T       map[string]*targetState `json:"t,omitempty"`
}

// targetState is one target's paging state.
type targetState struct {
	Since string `json:"since,omitempty"` // highest id collected in finished rounds
	Top   string `json:"top,omitempty"`   // highest id seen in the round under way
	Max   string `json:"max,omitempty"`   // max_id of the next page; "" at a round's first page
	Pages int    `json:"pages,omitempty"` // pages fetched in the round under way
}

const cursorVersion = 1

func decodeCursor(s string) (*cursor, error) {
	c := &cursor{V: cursorVersion}
	if s != "" {
		if err := json.Unmarshal([]byte(s), c); err != nil {
			return nil, fmt.Errorf("decoding weibo cursor: %w", err)
		}
		if c.V != cursorVersion {
			return nil, fmt.Errorf("decoding weibo cursor: version %d is not %d", c.V, cursorVersion)
		}
		if c.I < 0 {
			return nil, fmt.Errorf("decoding weibo cursor: target index %d is negative", c.I)
		}
	}
	if c.T == nil {
		c.T = make(map[string]*targetState)
	}
	return c, nil
}

func (c *cursor) encode() string {
	b, _ := json.Marshal(c) // only strings and integers: cannot fail
	return string(b)
}

func (c *cursor) state(key string) *targetState {
	st := c.T[key]
	if st == nil {
		st = &targetState{}
		c.T[key] = st
	}
	return st
}

// idLess compares two decimal ids ("" is the smallest).
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// below returns id-1 as a decimal string, the max_id that excludes id itself.
func below(id string) string {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return "0"
	}
	return strconv.FormatUint(n-1, 10)
}
