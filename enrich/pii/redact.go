package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lingting/lingting/event"

	"github.com/lingting/lingting/enrich/internal/fold"
	"github.com/lingting/lingting/enrich/internal/phrase"
)

// Placeholder returns the text that replaces personal data of a kind: "<phone>",
// "<id_card>", "<bank_card>", "<email>", "<wechat>".
func Placeholder(kind string) string { return "<" + kind + ">" }

// kinds lists every kind Redact finds, for Blank.
var kinds = []string{event.PIIPhone, event.PIIEmail, event.PIIIDCard, event.PIIBankCard, event.PIIWeChat}

// Blank returns text with every placeholder Redact puts in replaced by a space, for
// analysis: a placeholder is not a word of the author's.
func Blank(text string) string {
	if !strings.Contains(text, "<") {
		return text
	}
	for _, k := range kinds {
		text = strings.ReplaceAll(text, Placeholder(k), " ")
	}
	return text
}

// HasPlaceholder reports whether text holds a placeholder Redact puts in: the text was
// redacted before.
func HasPlaceholder(text string) bool {
	if !strings.Contains(text, "<") {
		return false
	}
	for _, k := range kinds {
		if strings.Contains(text, Placeholder(k)) {
			return true
		}
	}
	return false
}

// Redactor replaces personal data in text. It is safe for concurrent use.
type Redactor struct {
	key  []byte
	pool sync.Pool // of hash.Hash (HMAC-SHA256 under key)
}

// New returns a Redactor whose hashes are HMAC-SHA256 under key. With an empty key it
// still redacts but keeps no hashes (an unkeyed hash of a phone number is reversible by
// enumeration). The key is copied; it is never logged or returned.
func New(key []byte) *Redactor {
	r := &Redactor{key: slices.Clone(key)}
	r.pool.New = func() any { return hmac.New(sha256.New, r.key) }
	return r
}

// found is one piece of personal data at text[start:end], normalised in value.
type found struct {
	start, end int
	kind       string
	value      string
}

// Redact returns text with every piece of personal data replaced by its placeholder, and
// one hash per distinct piece in order of first appearance (nil when none, or when the
// Redactor has no key). Text without personal data comes back unchanged.
func (r *Redactor) Redact(text string) (string, []event.PIIHash) {
	items := scan(text)
	if len(items) == 0 {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	var hashes []event.PIIHash
	for _, f := range items {
		b.WriteString(text[last:f.start])
		b.WriteString(Placeholder(f.kind))
		last = f.end
		if len(r.key) > 0 {
			h := event.PIIHash{Kind: f.kind, Hash: r.hash(f.kind, f.value)}
			if !slices.Contains(hashes, h) {
				hashes = append(hashes, h)
			}
		}
	}
	b.WriteString(text[last:])
	return b.String(), hashes
}

// Hash returns the keyed hash Redact records for a value of a kind already normalised as
// Redact normalises it (digits only, lowercase e-mail and WeChat ID); "" without a key.
func (r *Redactor) Hash(kind, value string) string {
	if len(r.key) == 0 {
		return ""
	}
	return r.hash(kind, value)
}

func (r *Redactor) hash(kind, value string) string {
	h := r.pool.Get().(hash.Hash)
	defer r.pool.Put(h)
	h.Reset()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(value))
	return hex.EncodeToString(h.Sum(nil))
}

// scan finds every piece of personal data, sorted by position, not overlapping.
func scan(text string) []found {
	var out []found
	if strings.IndexByte(text, '@') >= 0 {
		out = append(out, emails(text)...)
	}
	if hasLabel(text) {
		out = append(out, wechatIDs(text)...)
	}
	if countDigits(text) >= 11 {
		out = append(out, numbers(text)...)
	}
	slices.SortFunc(out, func(a, b found) int { return a.start - b.start })
	// Drop overlaps (an e-mail's digits, a labelled WeChat ID that is a phone number).
	kept := out[:0]
	for _, f := range out {
		if len(kept) > 0 && f.start < kept[len(kept)-1].end {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

var emailRE = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24}`)

func emails(text string) []found {
	var out []found
	for _, loc := range emailRE.FindAllStringIndex(text, -1) {
		out = append(out, found{loc[0], loc[1], event.PIIEmail, strings.ToLower(text[loc[0]:loc[1]])})
	}
	return out
}

// wechatLabels introduce a WeChat ID: "微信：abc_123", "加V abc_123", "vx:abc123".
var wechatRE = regexp.MustCompile(`(?i)(?:微信号|微信|薇信|威信|weixin|wechat|wx|vx|v信|加v)\s*(?:号|id)?\s*[:：是为]?\s*([A-Za-z][A-Za-z0-9_\-]{5,19})`)

func hasLabel(text string) bool {
	return wechatLabels.Any(fold.Lower(text))
}

// wechatLabels are what hasLabel looks for before running wechatRE.
var wechatLabels = phrase.New("微信", "薇信", "威信", "weixin", "wechat", "wx", "vx", "v信", "加v")

func wechatIDs(text string) []found {
	var out []found
	for _, loc := range wechatRE.FindAllStringSubmatchIndex(text, -1) {
		s, e := loc[2], loc[3]
		if e < len(text) && isASCIIAlnum(text[e]) {
			continue // longer than 20 characters: not a WeChat ID
		}
		out = append(out, found{s, e, event.PIIWeChat, strings.ToLower(text[s:e])})
	}
	return out
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
