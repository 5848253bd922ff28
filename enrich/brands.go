package enrich

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// brandMatcher finds configured brands in text.
type brandMatcher struct {
	brands []compiledBrand // sorted by name
}

type compiledBrand struct {
	name     string
	keywords []string // lowercased NFKC, the name included
}

func newBrandMatcher(brands []Brand) *brandMatcher {
	m := &brandMatcher{}
	for _, b := range brands {
		cb := compiledBrand{name: strings.TrimSpace(b.Name)}
		for _, k := range append([]string{b.Name}, b.Keywords...) {
			k = strings.ToLower(strings.TrimSpace(norm.NFKC.String(k)))
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

// match returns the names of the brands found in any of texts (already normalised),
// sorted.
func (m *brandMatcher) match(texts ...string) []string {
	var out []string
	lower := make([]string, len(texts))
	for i, t := range texts {
		lower[i] = strings.ToLower(t)
	}
	for _, b := range m.brands {
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
