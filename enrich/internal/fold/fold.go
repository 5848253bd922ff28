package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lower returns strings.ToLower(s), byte for byte. When s holds only characters without
// case (and no ASCII capital, no invalid UTF-8), it returns s itself without allocating;
// otherwise it calls strings.ToLower. Safe for concurrent use.
func Lower(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				return strings.ToLower(s)
			}
			i++
			continue
		}
		if c >= 0xe3 && c <= 0xe9 && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			i += 3 // U+3000–U+9FFF, caseless, decoded without utf8's general path
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !caseless(r) {
			return strings.ToLower(s)
		}
		i += n
	}
	return s
}

// StartsWithHan reports whether s starts with a CJK unified ideograph (IsHan), read from
// its three bytes without decoding: the per-token tests of letters, punctuation and space
// answer most Chinese tokens from it.
func StartsWithHan(s string) bool {
	return len(s) >= 3 && s[0] >= 0xe4 && s[0] <= 0xe9 && (s[0] > 0xe4 || s[1] >= 0xb8) &&
		s[1]&0xc0 == 0x80 && s[2]&0xc0 == 0x80 // U+4E00–U+9FFF is E4 B8 80 to E9 BF BF
}

// IsHan reports a CJK unified ideograph (U+4E00–U+9FFF): a letter without case, what
// callers test before unicode.IsLetter to skip its table look-up (TestIsHan).
func IsHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// caseless reports a rune in a block where unicode.ToLower is the identity
// (TestCaseless checks every rune of these ranges). utf8.RuneError is not one of them:
// strings.ToLower replaces invalid bytes, so they take the slow path.
func caseless(r rune) bool {
	switch {
	case r >= 0x3000 && r < 0xA640: // CJK symbols, kana, CJK ideographs, Yi
		return true
	case r >= 0xAC00 && r < 0xD7A4: // Hangul syllables
		return true
	case r >= 0xFF01 && r < 0xFF21, r >= 0xFF3B && r < 0xFF41, r >= 0xFF5B && r < 0xFFF0: // full-width punctuation, half-width forms
		return r != utf8.RuneError
	case r >= 0x2000 && r < 0x2070, r >= 0x2190 && r < 0x2460, r >= 0x2500 && r < 0x2C00: // punctuation, arrows, box drawing, dingbats
		return true
	case r >= 0xF900 && r < 0xFB00: // CJK compatibility ideographs
		return true
	case r >= 0x1F000 && r < 0x1FB00: // emoji
		return true
	}
	return false
}

// TrimSpace returns strings.TrimSpace(s): s itself when its first and last characters
// are not white space (the common case of a segmenter's token), strings.TrimSpace(s)
// otherwise.
func TrimSpace(s string) string {
	if s == "" || StartsWithHan(s) && StartsWithHan(s[len(s)-3:]) {
		return s
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return strings.TrimSpace(s)
	}
	return s
}

// Blank reports whether strings.TrimSpace(s) == "" (every character is white space),
// stopping at the first character that is not.
func Blank(s string) bool {
	if StartsWithHan(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
