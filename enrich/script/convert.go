package script

import (
	"strings"
	"unicode/utf8"
)

// Converter maps traditional characters to simplified ones, one character at a time
// (phrase-level differences such as 乾隆 are not kept). It is immutable and safe for
// concurrent use.
type Converter struct {
	t2s map[rune]rune
}

// NewConverter builds the table (about 2,700 pairs, under 0.1 ms).
func NewConverter() *Converter {
	c := &Converter{t2s: make(map[rune]rune, len(t2sPairs)/6)}
	for s := t2sPairs; s != ""; {
		t, n := utf8.DecodeRuneInString(s)
		simp, m := utf8.DecodeRuneInString(s[n:])
		c.t2s[t] = simp
		s = s[n+m:]
	}
	return c
}

// Simplified returns text with every traditional character that has a simplified form
// replaced by it; text without one comes back unchanged (and unallocated).
func (c *Converter) Simplified(text string) string {
	i := strings.IndexFunc(text, func(r rune) bool { _, ok := c.t2s[r]; return ok })
	if i < 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	b.WriteString(text[:i])
	for _, r := range text[i:] {
		if s, ok := c.t2s[r]; ok {
			r = s
		}
		b.WriteRune(r)
	}
	return b.String()
}
