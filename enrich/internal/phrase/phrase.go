package phrase

import (
	"strings"
	"unicode/utf8"
)

// Set is a compiled list of phrases. It is immutable and safe for concurrent use.
type Set struct {
	phrases []string
	first   [1 << 16 / 64]uint64 // bit r: some phrase starts with the BMP character r
	byFirst map[rune][]int       // phrase indices by first character, in list order
}

// New compiles phrases, matched byte for byte (callers lowercase or normalise both sides
// alike). Empty phrases never match.
func New(phrases ...string) *Set {
	s := &Set{phrases: phrases, byFirst: map[rune][]int{}}
	for i, p := range phrases {
		if p == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(p)
		s.byFirst[r] = append(s.byFirst[r], i)
		if r < 1<<16 {
			s.first[r>>6] |= 1 << (r & 63)
		}
	}
	return s
}

// Len returns the number of phrases.
func (s *Set) Len() int { return len(s.phrases) }

// Each calls f with the index of each phrase at each place it occurs in text, in order
// of position and, at one position, in list order.
func (s *Set) Each(text string, f func(i int)) {
	for off := 0; off < len(text); {
		r, size := rune(text[off]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[off:])
		}
		if r >= 1<<16 || s.first[r>>6]&(1<<(r&63)) != 0 {
			for _, i := range s.byFirst[r] {
				if strings.HasPrefix(text[off:], s.phrases[i]) {
					f(i)
				}
			}
		}
		off += size
	}
}
