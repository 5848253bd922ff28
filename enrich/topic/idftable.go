package topic

// idfTable maps words to IDFs by a 64-bit fingerprint of the word in an open-addressing
// table: one cache line per look-up instead of a Go map's control word, key header and
// key bytes (the table is 270k words, far larger than the caches). A word outside the
// table is taken for a table word only if their 64-bit fingerprints collide (chance about
// 270k / 2^64 per look-up); two table words with one fingerprint make ParseIDF keep a
// map instead.
type idfTable struct {
	slots []idfSlot
	mask  uint64
}

type idfSlot struct {
	fp  uint64 // 0: empty
	idf float32
}

func newIDFTable(n int) idfTable {
	size := 1
	for size < 2*n {
		size *= 2
	}
	return idfTable{slots: make([]idfSlot, size), mask: uint64(size - 1)}
}

// put sets fp's IDF and reports whether fp was already there.
func (t *idfTable) put(fp uint64, idf float32) bool {
	for i := fp & t.mask; ; i = (i + 1) & t.mask {
		switch t.slots[i].fp {
		case fp:
			t.slots[i].idf = idf
			return true
		case 0:
			t.slots[i] = idfSlot{fp: fp, idf: idf}
			return false
		}
	}
}

func (t *idfTable) get(fp uint64) (float32, bool) {
	for i := fp & t.mask; ; i = (i + 1) & t.mask {
		switch t.slots[i].fp {
		case fp:
			return t.slots[i].idf, true
		case 0:
			return 0, false
		}
	}
}

// wordFP is the fingerprint for idfTable of a word whose fnv64 (FNV-1a with an
// avalanche) is h: never 0.
func wordFP(h uint64) uint64 { return h | 1<<63 }
