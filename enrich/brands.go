package enrich

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lingting/lingting/enrich/query"
	"github.com/lingting/lingting/event"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// brandMatcher finds configured brands in text.
type brandMatcher struct {
	brands []compiledBrand // sorted by name
}

type compiledBrand struct {
	name     string
	keywords []string // lowercased NFKC, the name included
	query    *query.Query
	channels []event.Platform // empty: all
}

// newBrandMatcher compiles brands, which Config.Validate has accepted (a query that does
// not parse is dropped).
func newBrandMatcher(brands []Brand) *brandMatcher {
	m := &brandMatcher{}
	for _, b := range brands {
		cb := compiledBrand{name: strings.TrimSpace(b.Name), channels: b.Channels}
		words := append([]string{b.Name}, b.Keywords...)
		if strings.TrimSpace(b.Query) != "" {
			if q, err := query.Parse(b.Query); err == nil {
				cb.query = q
				words = append(words, q.Terms()...)
			}
		}
		for _, k := range words {
			k = fold.Lower(strings.TrimSpace(norm.NFKC.String(k)))
			if k != "" && !slices.Contains(cb.keywords, k) {
				cb.keywords = append(cb.keywords, k)
			}
		}
		m.brands = append(m.brands, cb)
	}
	slices.SortFunc(m.brands, func(a, b compiledBrand) int { return strings.Compare(a.name, b.name) })
	return m
}

// words returns every keyword, for the segmenter's user dictionary.
func (m *brandMatcher) words() []string {
	var out []string
	for _, b := range m.brands {
		out = append(out, b.keywords...)
	}
	return out
}

// match returns the names of the brands that platform and the mention's parts match,
// sorted. Each part is a list of words (already normalised) whose concatenation is one
// text: the own words, the repost chain, each hashtag, each @handle.
func (m *brandMatcher) match(platform event.Platform, parts ...[]string) []string {
	var out []string
	var lower []string
	var doc *query.Doc
	for _, b := range m.brands {
		if len(b.channels) > 0 && !slices.Contains(b.channels, platform) {
			continue
		}
		if b.query != nil {
			if doc == nil {
				d := query.NewDoc(parts...)
				doc = &d
			}
			if b.query.Match(*doc) {
				out = append(out, b.name)
			}
			continue
		}
		if lower == nil {
			lower = make([]string, len(parts))
			for i, p := range parts {
				lower[i] = fold.Lower(strings.Join(p, ""))
			}
		}
		if b.foundIn(lower) {
			out = append(out, b.name)
		}
	}
	return out
}

func (b compiledBrand) foundIn(texts []string) bool {
	for _, t := range texts {
		for _, k := range b.keywords {
			if containsWord(t, k) {
				return true
			}
		}
	}
	return false
}

// containsWord reports whether k occurs in t; where k starts or ends with an ASCII letter
// or digit, the neighbouring character of t must not be one.
func containsWord(t, k string) bool {
	for off := 0; ; {
		i := strings.Index(t[off:], k)
		if i < 0 {
			return false
		}
		start, end := off+i, off+i+len(k)
		if boundary(t, k, start, end) {
			return true
		}
		_, size := utf8.DecodeRuneInString(t[start:])
		off = start + size
	}
}

func boundary(t, k string, start, end int) bool {
	if isASCIIAlnum(k[0]) && start > 0 && isASCIIAlnum(t[start-1]) {
		return false
	}
	if isASCIIAlnum(k[len(k)-1]) && end < len(t) && isASCIIAlnum(t[end]) {
		return false
	}
	return true
}
