package topic

import "github.com/lingting/lingting/enrich/internal/fold"

// SimHash returns the 64-bit SimHash of words (lowercased; punctuation and space tokens
// skipped), each word weighted by its count: near-identical texts differ in few bits.
// 0 when there is no word.
func SimHash(words []string) uint64 {
	var v [64]int32
	seen := false
	for _, w := range words {
		w = fold.Lower(fold.TrimSpace(w))
		if w == "" || !keywordLike(w) && !hasLetterOrDigit(w) {
			continue
		}
		seen = true
		h := fnv64(w)
		for i := range 64 {
			v[i] += int32(h>>i&1)*2 - 1 // +1 for a set bit, -1 for a clear one
		}
	}
	if !seen {
		return 0
	}
	var out uint64
	for i := range 64 {
		if v[i] > 0 {
			out |= 1 << i
		}
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
