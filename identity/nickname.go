package identity

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nickPrefixes are self-introductions stripped from the front of a nickname ("我是小鹿").
var nickPrefixes = []string{"我是", "我叫"}

// NormalizeNickname is the form nicknames are compared in: NFKC (full-width to
// half-width), lower case, only letters and digits (emoji, punctuation, "_" and "·"
// decorations dropped), and without a leading self-introduction.
func NormalizeNickname(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	out := b.String()
	for _, p := range nickPrefixes {
		if rest, ok := strings.CutPrefix(out, p); ok && utf8.RuneCountInString(rest) >= 2 {
			out = rest
		}
	}
	return out
}

// trimLast drops the last rune of s.
func trimLast(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[:len(s)-n]
}

// Similarity of a normalised nickname to the same plus one or two trailing runes (a
// decoration such as 呀 or ya); equal nicknames score 1, anything else 0.
const (
	simTrim1 = 0.96
	simTrim2 = 0.94
)

// hoursSimilarity is the cosine similarity of two hour-of-day histograms.
func hoursSimilarity(a, b *[24]uint16) float64 {
	var dot, na, nb float64
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		dot += x * y
		na += x * x
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb))
}
