package clickhouse

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/lingting/lingting/event"
)

// column is one column of an insert, its values as a typed slice clickhouse-go appends
// whole ([]string, []uint64, [][]string, []time.Time …).
type column struct {
	name   string
	values any
}

// col builds a column by applying f to every row.
func col[T, V any](name string, rows []T, f func(*T) V) column {
	vs := make([]V, len(rows))
	for i := range rows {
		vs[i] = f(&rows[i])
	}
	return column{name: name, values: vs}
}

// mentionColumns maps mentions to the columns of lingting.mentions (inserted_at is left
// to its DEFAULT).
func mentionColumns(ms []event.Mention) []column {
	type m = event.Mention
	return []column{
		col("id", ms, func(m *m) string { return m.ID }),
		col("platform", ms, func(m *m) string { return string(m.Platform) }),
		col("kind", ms, func(m *m) string { return string(m.Kind) }),
		col("native_id", ms, func(m *m) string { return m.NativeID }),
		col("created_at", ms, func(m *m) time.Time { return m.CreatedAt.UTC() }),
		col("text", ms, func(m *m) string { return m.Text }),
		col("lang", ms, func(m *m) string { return m.Lang }),
		col("author_id", ms, authorID),
		col("author_nickname", ms, func(m *m) string { return m.Author.Nickname }),
		col("author_followers", ms, func(m *m) uint64 { return unsigned(m.Author.Followers) }),
		col("author_verified", ms, func(m *m) bool { return m.Author.Verified }),
		col("person_id", ms, func(m *m) string { return m.PersonID }),
		col("thread_id", ms, func(m *m) string { return m.ThreadID }),
		col("parent_id", ms, func(m *m) string { return m.ParentID }),
		col("url", ms, func(m *m) string { return m.URL }),
		col("likes", ms, func(m *m) uint64 { return unsigned(m.Engage.Likes) }),
		col("comments", ms, func(m *m) uint64 { return unsigned(m.Engage.Comments) }),
		col("reposts", ms, func(m *m) uint64 { return unsigned(m.Engage.Reposts) }),
		col("event_type", ms, func(m *m) string { return m.EventType }),
		col("sentiment_score", ms, func(m *m) float32 { return m.Sentiment.Score }),
		col("sentiment_label", ms, func(m *m) string { return m.Sentiment.Label }),
		col("brands", ms, func(m *m) []string { return m.Brands }),
		col("hashtags", ms, func(m *m) []string { return m.Hashtags }),
		col("mentions", ms, func(m *m) []string { return m.Mentions }),
		col("urls", ms, func(m *m) []string { return m.URLs }),
		col("emoticons", ms, func(m *m) []string { return m.Emoticons }),
		col("emoji", ms, func(m *m) []string { return m.Emoji }),
		col("tokens", ms, func(m *m) []string { return m.Tokens }),
		col("enriched_at", ms, func(m *m) time.Time { return orEpoch(m.EnrichedAt) }),
		col("sentiment_terms", ms, func(m *m) []string {
			return each(m.Sentiment.Terms, func(t event.SentimentTerm) string { return t.Term })
		}),
		col("aspects", ms, func(m *m) []string { return each(m.Aspects, func(a event.Aspect) string { return a.Name }) }),
		col("aspect_labels", ms, func(m *m) []string { return each(m.Aspects, func(a event.Aspect) string { return a.Label }) }),
		col("keywords", ms, func(m *m) []string { return m.Keywords }),
		col("simhash", ms, func(m *m) uint64 { return m.SimHash }),
		col("cluster_id", ms, func(m *m) string { return m.ClusterID }),
		col("spam", ms, func(m *m) float32 { return m.Spam }),
		col("pii_kinds", ms, func(m *m) []string { return each(m.PII, func(p event.PIIHash) string { return p.Kind }) }),
		col("pii_hashes", ms, func(m *m) []string { return each(m.PII, func(p event.PIIHash) string { return p.Hash }) }),
	}
}

// each maps f over xs (an empty, non-nil slice for none: clickhouse-go wants a value).
func each[T, V any](xs []T, f func(T) V) []V {
	out := make([]V, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// account is one row of lingting.accounts.
type account struct {
	event.Account
	FirstSeen, LastSeen time.Time
}

// accountsOf derives one account per author id from ms, in order of first appearance,
// with the profile values of the author's latest mention (the later one in ms on a tie).
func accountsOf(ms []event.Mention) []account {
	var out []account
	index := map[string]int{}
	for i := range ms {
		m := &ms[i]
		id := authorID(m)
		if id == "" {
			continue
		}
		a := account{Account: m.Author, FirstSeen: m.CreatedAt, LastSeen: m.CreatedAt}
		a.ID = id
		if a.Platform == "" {
			a.Platform = m.Platform
		}
		j, seen := index[id]
		if !seen {
			index[id] = len(out)
			out = append(out, a)
			continue
		}
		prev := out[j]
		if m.CreatedAt.Before(prev.LastSeen) {
			a.Account, a.LastSeen = prev.Account, prev.LastSeen
		}
		if prev.FirstSeen.Before(a.FirstSeen) {
			a.FirstSeen = prev.FirstSeen
		}
		out[j] = a
	}
	return out
}

func accountColumns(as []account) []column {
	type a = account
	return []column{
		col("id", as, func(a *a) string { return a.ID }),
		col("platform", as, func(a *a) string { return string(a.Platform) }),
		col("native_id", as, func(a *a) string { return a.NativeID }),
		col("nickname", as, func(a *a) string { return a.Nickname }),
		col("followers", as, func(a *a) uint64 { return unsigned(a.Followers) }),
		col("verified", as, func(a *a) bool { return a.Verified }),
		col("union_id", as, func(a *a) string { return a.UnionID }),
		col("first_seen", as, func(a *a) time.Time { return orEpoch(a.FirstSeen) }),
		col("last_seen", as, func(a *a) time.Time { return orEpoch(a.LastSeen) }),
	}
}

func deadLetterColumns(dls []event.DeadLetter) []column {
	type d = event.DeadLetter
	return []column{
		col("id", dls, func(d *d) string { return d.ID }),
		col("stage", dls, func(d *d) string { return d.Stage }),
		col("source", dls, func(d *d) string { return d.Source }),
		col("reason", dls, func(d *d) string { return d.Reason }),
		col("payload", dls, func(d *d) string { return string(d.Payload) }),
		col("at", dls, func(d *d) time.Time { return orEpoch(d.At) }),
	}
}

// authorID is the author's account id, derived from platform and native id when the
// collector left it empty; "" when the record has no author.
func authorID(m *event.Mention) string {
	switch {
	case m.Author.ID != "":
		return m.Author.ID
	case m.Author.NativeID == "":
		return ""
	case m.Author.Platform != "":
		return event.ID(m.Author.Platform, m.Author.NativeID)
	}
	return event.ID(m.Platform, m.Author.NativeID)
}

// unsigned clamps a platform count to UInt64; platforms sometimes report -1 for "hidden".
func unsigned(n int64) uint64 { return uint64(max(n, 0)) }

// orEpoch stores a zero time (not set) as 1970-01-01 UTC, DateTime64's natural zero.
func orEpoch(t time.Time) time.Time {
	if t.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return t.UTC()
}

// Deduplication tokens. A token is a hash of the table and, for each row in order, its id
// and version (plus, for accounts, the profile values), so the same batch replayed gets
// the same token and is dropped by the server inside its deduplication window, while a
// newer version of a row (re-enriched, updated profile) gets a new token and is stored.
func mentionToken(ms []event.Mention) string {
	return token(TableMentions, ms, func(m *event.Mention) string {
		return m.ID + "\x00" + strconv.FormatInt(m.EnrichedAt.UnixMilli(), 10)
	})
}

func accountToken(as []account) string {
	return token(TableAccounts, as, func(a *account) string {
		return fmt.Sprintf("%s\x00%d\x00%s\x00%d\x00%t\x00%s\x00%d", a.ID, a.LastSeen.UnixMilli(),
			a.Nickname, a.Followers, a.Verified, a.UnionID, a.FirstSeen.UnixMilli())
	})
}

func deadLetterToken(dls []event.DeadLetter) string {
	return token(TableDeadLetters, dls, func(d *event.DeadLetter) string {
		return d.ID + "\x00" + strconv.FormatInt(d.At.UnixMilli(), 10)
	})
}

func token[T any](table string, rows []T, key func(*T) string) string {
	h := sha256.New()
	h.Write([]byte(table))
	for i := range rows {
		h.Write([]byte{'\n'})
		h.Write([]byte(key(&rows[i])))
	}
	return table + "-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// DateTime64(3) holds 1900-01-01 … 2299-12-31.
var (
	minTime = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ValidateMention reports why m cannot be stored (the table's constraints or types would
// reject it, failing the whole insert), wrapping ErrInvalidMention; nil when it can.
func ValidateMention(m *event.Mention) error {
	s := m.Sentiment.Score
	switch {
	case m.ID == "":
		return fmt.Errorf("%w: id is empty", ErrInvalidMention)
	case m.CreatedAt.IsZero():
		return fmt.Errorf("%w: %s: created_at is not set", ErrInvalidMention, m.ID)
	case m.CreatedAt.Before(minTime) || !m.CreatedAt.Before(maxTime):
		return fmt.Errorf("%w: %s: created_at %v is outside 1900–2299", ErrInvalidMention, m.ID, m.CreatedAt)
	case !m.EnrichedAt.IsZero() && (m.EnrichedAt.Before(minTime) || !m.EnrichedAt.Before(maxTime)):
		return fmt.Errorf("%w: %s: enriched_at %v is outside 1900–2299", ErrInvalidMention, m.ID, m.EnrichedAt)
	case math.IsNaN(float64(s)) || s < -1 || s > 1:
		return fmt.Errorf("%w: %s: sentiment score %v is outside [-1, 1]", ErrInvalidMention, m.ID, s)
	}
	switch m.Sentiment.Label {
	case "", event.Positive, event.Negative, event.Neutral:
		return nil
	}
	return fmt.Errorf("%w: %s: sentiment label %q is not known", ErrInvalidMention, m.ID, m.Sentiment.Label)
}
