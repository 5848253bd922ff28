package phrase

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Set is a compiled list of phrases. It is immutable and safe for concurrent use.
type Set struct {
	phrases []string
	first   [1 << 16 / 64]uint64 // bit r: some phrase starts with the BMP character r
	// below[k] counts the bits of first[:k]: a BMP character's rank among the first
	// characters, its place in byRank (an index, not a map look-up per character).
	below  [1 << 16 / 64]uint16
	byRank [][]int        // phrase indices by BMP first character, in list order
	astral map[rune][]int // the same for first characters beyond the BMP
}

// New compiles phrases, matched byte for byte (callers lowercase or normalise both sides
// alike). Empty phrases never match.
func New(phrases ...string) *Set {
	s := &Set{phrases: phrases, astral: map[rune][]int{}}
	for _, p := range phrases {
		if r, _ := utf8.DecodeRuneInString(p); p != "" && r < 1<<16 {
			s.first[r>>6] |= 1 << (r & 63)
		}
	}
	n := 0
	for k, w := range s.first {
		s.below[k] = uint16(n)
		n += bits.OnesCount64(w)
	}
	s.byRank = make([][]int, n)
	for i, p := range phrases {
		if p == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(p)
		if r < 1<<16 {
			k := s.rank(r)
			s.byRank[k] = append(s.byRank[k], i)
		} else {
			s.astral[r] = append(s.astral[r], i)
		}
	}
	return s
}

// rank is the number of BMP first characters below r.
func (s *Set) rank(r rune) int {
	return int(s.below[r>>6]) + bits.OnesCount64(s.first[r>>6]&(1<<(r&63)-1))
}

// Any reports whether some phrase occurs in text.
func (s *Set) Any(text string) bool {
	found := false
	s.scan(text, func(int) bool { found = true; return false })
	return found
}

// Each calls f with the index of each phrase at each place it occurs in text, in order
// of position and, at one position, in list order.
func (s *Set) Each(text string, f func(i int)) {
	s.scan(text, func(i int) bool { f(i); return true })
}

// scan calls f as Each does until f returns false.
func (s *Set) scan(text string, f func(i int) bool) {
	for off := 0; off < len(text); {
		r, size := rune(text[off]), 1
		switch c := text[off]; {
		case c < utf8.RuneSelf:
		case c >= 0xe3 && c <= 0xe9 && off+2 < len(text) && text[off+1]&0xc0 == 0x80 && text[off+2]&0xc0 == 0x80:
			// U+3000–U+9FFF (CJK), decoded without utf8's general path
			r, size = rune(c&0x0f)<<12|rune(text[off+1]&0x3f)<<6|rune(text[off+2]&0x3f), 3
		default:
			r, size = utf8.DecodeRuneInString(text[off:])
		}
		var starting []int
		switch {
		case r >= 1<<16:
			starting = s.astral[r]
		case s.first[r>>6]&(1<<(r&63)) != 0:
			starting = s.byRank[s.rank(r)]
		}
		for _, i := range starting {
			if strings.HasPrefix(text[off:], s.phrases[i]) && !f(i) {
				return
			}
		}
		off += size
	}
}

// Words is a set of whole words (exact, byte for byte) for the few dozen to few hundred
// words of a stop list or a list of conjunctions, each word with tag bits: a probe over
// a flat table keyed by a cheap hash of the word's length and three of its bytes,
// cheaper than a Go map for such short keys. It is immutable and safe for concurrent
// use.
type Words struct {
	slots []string
	tags  []uint8 // by slot: the tags of slots[i]
	mask  int
}

// NewWords builds the set of words (each tagged 1); the empty word is never a member.
func NewWords(words ...string) *Words {
	return NewTagged(words)
}

// NewTagged builds the set of the words of lists, a word of lists[i] tagged with bit
// 1<<i (a word in several lists with all of theirs); at most 8 lists. The empty word is
// never a member.
func NewTagged(lists ...[]string) *Words {
	count := 0
	for _, l := range lists {
		count += len(l)
	}
	n := 16
	for n < 4*count {
		n *= 2
	}
	s := &Words{slots: make([]string, n), tags: make([]uint8, n), mask: n - 1}
	for tag, l := range lists {
		for _, w := range l {
			if w == "" {
				continue
			}
			i := s.hash(w)
			for s.slots[i] != "" && s.slots[i] != w {
				i = (i + 1) & s.mask
			}
			s.slots[i] = w
			s.tags[i] |= 1 << tag
		}
	}
	return s
}

// Has reports whether w is in the set.
func (s *Words) Has(w string) bool { return s.Tags(w) != 0 }

// Tags returns w's tags, 0 when w is not in the set.
func (s *Words) Tags(w string) uint8 {
	if w == "" {
		return 0
	}
	for i := s.hash(w); s.slots[i] != ""; i = (i + 1) & s.mask {
		if s.slots[i] == w {
			return s.tags[i]
		}
	}
	return 0
}

func (s *Words) hash(w string) int {
	h := uint(len(w))*0x9e3779b1 ^ uint(w[0])*0x85ebca6b ^ uint(w[len(w)-1])*0xc2b2ae35 ^ uint(w[len(w)/2])*0x27d4eb2f
	return int(h^h>>15) & s.mask
}
