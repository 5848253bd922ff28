package query

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// Doc is what a query is evaluated against: lowercased NFKC text and the byte offset at
// which each of its words starts, ascending (NEAR counts words by them).
type Doc struct {
	text   string
	starts []int
}

// NewDoc builds a Doc from parts, each a list of words in order whose concatenation is
// the part's text (a segmenter's output, whitespace tokens included). Parts are kept
// apart: no phrase or NEAR spans two of them. Words are lowercased here.
func NewDoc(parts ...[]string) Doc {
	var b strings.Builder
	var starts []int
	for i, words := range parts {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, w := range words {
			if !fold.Blank(w) {
				starts = append(starts, b.Len())
			}
			b.WriteString(fold.Lower(w))
		}
	}
	return Doc{text: b.String(), starts: starts}
}

// Match reports whether d satisfies q.
func (q *Query) Match(d Doc) bool { return q.root.match(&d) }

type node interface {
	match(d *Doc) bool
	String() string
	terms(negated bool, out *[]string)
}

type andNode struct{ l, r node }
type orNode struct{ l, r node }
type notNode struct{ x node }
type nearNode struct {
	l, r *leaf
	n    int
}

// leaf is a term or phrase; text is normalised, raw as written.
type leaf struct {
	raw    string
	text   string
	phrase bool
	prefix bool
}

func (n *andNode) match(d *Doc) bool { return n.l.match(d) && n.r.match(d) }
func (n *orNode) match(d *Doc) bool  { return n.l.match(d) || n.r.match(d) }
func (n *notNode) match(d *Doc) bool { return !n.x.match(d) }
func (n *leaf) match(d *Doc) bool {
	found := false
	n.each(d, func(int, int) bool { found = true; return false })
	return found
}

// match: some occurrence of l and some of r with at most n words between them.
func (n *nearNode) match(d *Doc) bool {
	var ls [][2]int
	n.l.each(d, func(s, e int) bool { ls = append(ls, [2]int{d.word(s), d.word(e - 1)}); return true })
	if len(ls) == 0 {
		return false
	}
	found := false
	n.r.each(d, func(s, e int) bool {
		rs, re := d.word(s), d.word(e-1)
		for _, l := range ls {
			if rs-l[1]-1 <= n.n && rs > l[1] || l[0]-re-1 <= n.n && l[0] > re {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// word is the index of the word holding byte offset off.
func (d *Doc) word(off int) int {
	return sort.SearchInts(d.starts, off+1) - 1
}

// each calls f with the byte span of every occurrence of the leaf in d until f returns
// false. Where the leaf starts or ends with an ASCII letter or digit, the neighbouring
// character must not be one (a prefix term's end extends over the rest of the word).
func (n *leaf) each(d *Doc, f func(start, end int) bool) {
	t, k := d.text, n.text
	for off := 0; off <= len(t); {
		i := strings.Index(t[off:], k)
		if i < 0 {
			return
		}
		start, end := off+i, off+i+len(k)
		if n.prefix {
			for end < len(t) && isWordByte(t[end]) {
				end++
			}
		}
		if boundaryOK(t, k, start, end) && !f(start, end) {
			return
		}
		_, size := utf8.DecodeRuneInString(t[start:])
		off = start + size
	}
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func boundaryOK(t, k string, start, end int) bool {
	if isWordByte(k[0]) && start > 0 && isWordByte(t[start-1]) {
		return false
	}
	if isWordByte(k[len(k)-1]) && end < len(t) && isWordByte(t[end]) {
		return false
	}
	return true
}

func (n *andNode) String() string { return "(" + n.l.String() + " AND " + n.r.String() + ")" }
func (n *orNode) String() string  { return "(" + n.l.String() + " OR " + n.r.String() + ")" }
func (n *notNode) String() string { return "NOT " + n.x.String() }
func (n *nearNode) String() string {
	return "(" + n.l.String() + " NEAR/" + strconv.Itoa(n.n) + " " + n.r.String() + ")"
}
func (n *leaf) String() string {
	if n.phrase {
		return `"` + n.raw + `"`
	}
	return n.raw
}

func (n *andNode) terms(neg bool, out *[]string)  { n.l.terms(neg, out); n.r.terms(neg, out) }
func (n *orNode) terms(neg bool, out *[]string)   { n.l.terms(neg, out); n.r.terms(neg, out) }
func (n *notNode) terms(neg bool, out *[]string)  { n.x.terms(!neg, out) }
func (n *nearNode) terms(neg bool, out *[]string) { n.l.terms(neg, out); n.r.terms(neg, out) }
func (n *leaf) terms(neg bool, out *[]string) {
	if !neg {
		*out = append(*out, n.text)
	}
}
