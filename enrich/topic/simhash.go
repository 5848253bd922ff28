package topic

import "github.com/lingting/lingting/enrich/internal/fold"

// SimHash returns the 64-bit SimHash of words (lowercased; punctuation and space tokens
// skipped), each word weighted by its count: near-identical texts differ in few bits.
// 0 when there is no word.
func SimHash(words []string) uint64 {
	var acc simAcc
	for _, w := range words {
		w = fold.Lower(fold.TrimSpace(w))
		if w == "" || !hasLetterOrDigit(w) && !keywordLike(w) {
			continue
		}
		acc.add(fnv64(w))
	}
	return acc.sum()
}

// simAcc adds word hashes up into a SimHash. Bit i of the result is set when more words
// have bit i set than clear, i.e. when 2·ones(i) > n. The ones are counted eight bits at
// a time: lanes[b] holds, in byte j, the count of bit 8j+b, flushed to ones before a byte
// can overflow.
type simAcc struct {
	ones    [64]int32
	lanes   [8]uint64
	n       int32
	pending int
}

func (a *simAcc) add(h uint64) {
	for b := range a.lanes {
		a.lanes[b] += h >> b & 0x0101010101010101
	}
	a.n++
	if a.pending++; a.pending == 255 {
		a.flush()
	}
}

func (a *simAcc) flush() {
	for b, l := range a.lanes {
		for j := range 8 {
			a.ones[8*j+b] += int32(l >> (8 * j) & 0xff)
		}
		a.lanes[b] = 0
	}
	a.pending = 0
}

// sum is the SimHash of the words added, 0 when there were none.
func (a *simAcc) sum() uint64 {
	if a.n == 0 {
		return 0
	}
	a.flush()
	var out uint64
	for i, c := range a.ones {
		// Bit i is set when 2·c > n, i.e. when n − 2·c is negative: its sign bit, without
		// a branch (the bits of a hash are random, so a branch would be mispredicted
		// half the time).
		out |= uint64(uint32(a.n-2*c)>>31) << i
	}
	return out
}

// Distance is the number of bits in which two SimHashes differ.
func Distance(a, b uint64) int {
	n := 0
	for x := a ^ b; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func hasLetterOrDigit(w string) bool {
	for _, r := range w {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 0x2E80 && r < 0xA000 {
			return true
		}
	}
	return false
}

// fnv64 is FNV-1a 64 with a final avalanche (so that single-character words spread over
// all bits).
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// Fingerprint returns a 64-bit FNV-1a hash of s with the same avalanche, for cluster ids.
func Fingerprint(s string) uint64 { return fnv64(s) }
