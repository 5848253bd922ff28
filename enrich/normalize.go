package enrich

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize returns text in NFKC form (full-width Latin letters, digits, punctuation and
// the ideographic space become their half-width forms), with control and invisible
// formatting characters removed, line and paragraph breaks turned into spaces, and
// surrounding space trimmed. The zero-width joiner and variation selectors are kept: emoji
// sequences need them.
func normalize(text string) string {
	if t, ok := quickNFKC(text); ok {
		text = t
	} else {
		text = norm.NFKC.String(text)
	}
	if utf8.ValidString(text) && !strings.ContainsFunc(text, needsNormalizing) {
		return strings.TrimSpace(text)
	}
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte(' ')
		case unicode.IsControl(r), isInvisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// needsNormalizing reports a character that normalize replaces or removes after NFKC.
func needsNormalizing(r rune) bool {
	switch {
	case r < 0xa0: // ASCII and Latin-1 controls, line breaks and tabs among them
		return r < 0x20 || r >= 0x7f
	case r < 0x200b:
		return false
	}
	return r == '\u2028' || r == '\u2029' || isInvisible(r) || unicode.IsControl(r)
}

// isInvisible reports format characters that only hide text: zero-width space and
// non-joiner, direction marks and embeddings, word joiner, byte-order mark.
func isInvisible(r rune) bool {
	switch {
	case r == '\u200b' || r == '\u200c' || r == '\u200e' || r == '\u200f' || r == '\u2060' || r == '\ufeff':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
