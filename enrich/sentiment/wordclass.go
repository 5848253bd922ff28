package sentiment

// Word classes that steer features and rules: a negator opens a negation scope, a
// degree adverb marks the next word, a contrast word opens the clause that weighs more.
const (
	classNegator uint8 = 1 << iota
	classDegree
	classContrast
)

// classTable finds the class of a word among the few dozen negators and degree adverbs
// with a short probe over a fixed array (a Go map look-up per word cost more than the
// word's feature hashing). Built once from negators, degrees and contrastWords.
type classTable struct {
	slots [256]classSlot
}

type classSlot struct {
	word  string
	class uint8
}

var wordClasses = newClassTable(map[uint8]map[string]bool{classNegator: negators, classDegree: degrees, classContrast: contrastWords})

func newClassTable(sets map[uint8]map[string]bool) *classTable {
	t := &classTable{}
	for class, set := range sets {
		for w := range set {
			i := classHash(w)
			for t.slots[i].word != "" && t.slots[i].word != w {
				i++
			}
			t.slots[i].word = w
			t.slots[i].class |= class
		}
	}
	return t
}

// of returns w's classes (0: none).
func (t *classTable) of(w string) uint8 {
	if w == "" {
		return 0
	}
	for i := classHash(w); t.slots[i].word != ""; i++ {
		if t.slots[i].word == w {
			return t.slots[i].class
		}
	}
	return 0
}

// classHash mixes a word's length and three of its bytes; uint8 arithmetic makes the
// probe wrap around the table.
func classHash(w string) uint8 {
	if w == "" {
		return 0
	}
	return uint8(len(w))*61 ^ w[0]*7 ^ w[len(w)-1]*13 ^ w[len(w)/2]*29
}
