package enrich

import (
	"strings"
	"unicode/utf8"
)

const (
	zwj          = '\u200d'
	vs15         = '\ufe0e'
	vs16         = '\ufe0f'
	keycap       = '\u20e3'
	regionalLow  = '\U0001F1E6'
	regionalHigh = '\U0001F1FF'
)

// isEmojiBase reports code points that start an emoji: the pictographic planes, the
// miscellaneous symbols and dingbats blocks, and a few arrows and stars that platforms draw
// as emoji.
func isEmojiBase(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF:
		return !isModifier(r)
	case r >= 0x2600 && r <= 0x27BF, r >= 0x2300 && r <= 0x23FF, r >= 0x2B05 && r <= 0x2B55:
		return true
	case r == 0x3030 || r == 0x303D || r == 0x3297 || r == 0x3299:
		return true
	}
	return false
}

// isModifier reports Fitzpatrick skin-tone modifiers.
func isModifier(r rune) bool { return r >= 0x1F3FB && r <= 0x1F3FF }

// isTag reports the tag characters of subdivision flags (🏴 + tags + cancel tag).
func isTag(r rune) bool { return r >= 0xE0020 && r <= 0xE007F }

// extractEmoji appends each emoji of s to list and returns s with them replaced by a
// space. A sequence (base, variation selector, skin tone, tags, ZWJ-joined parts), a flag
// (two regional indicators) and a keycap (digit, #, * + U+FE0F? + U+20E3) count as one.
func extractEmoji(s string, list *[]string) string {
	var b strings.Builder
	last := 0 // s[last:i] is not yet written to b
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		n := emojiLen(s[i:], r, size)
		if n == 0 {
			i += size
			continue
		}
		*list = appendNew(*list, s[i:i+n])
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteByte(' ')
		i += n
		last = i
	}
	if b.Len() == 0 { // no emoji
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// emojiLen returns the byte length of the emoji starting s (whose first rune r is size
// bytes), or 0 when s does not start with one.
func emojiLen(s string, r rune, size int) int {
	switch {
	case r >= regionalLow && r <= regionalHigh:
		if r2, n2 := utf8.DecodeRuneInString(s[size:]); r2 >= regionalLow && r2 <= regionalHigh {
			return size + n2
		}
		return size
	case r >= '0' && r <= '9' || r == '#' || r == '*':
		return keycapLen(s, size)
	case !isEmojiBase(r):
		return 0
	}
	return sequenceLen(s, size)
}

// keycapLen is the length of a keycap sequence starting with a size-byte base, or 0.
func keycapLen(s string, size int) int {
	i := size
	if r, n := utf8.DecodeRuneInString(s[i:]); r == vs16 {
		i += n
	}
	if r, n := utf8.DecodeRuneInString(s[i:]); r == keycap {
		return i + n
	}
	return 0
}

// sequenceLen extends an emoji base of size bytes over its modifiers and ZWJ-joined parts.
func sequenceLen(s string, size int) int {
	i := size
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == vs15 || r == vs16 || isModifier(r) || isTag(r):
			i += n
		case r == zwj:
			r2, n2 := utf8.DecodeRuneInString(s[i+n:])
			if !isEmojiBase(r2) {
				return i
			}
			i += n + n2
		default:
			return i
		}
	}
	return i
}
