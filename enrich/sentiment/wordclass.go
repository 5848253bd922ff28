package sentiment

import (
	"maps"
	"slices"

	"github.com/lingting/lingting/enrich/internal/phrase"
)

// Word classes that steer features and rules: a negator opens a negation scope, a
// degree adverb marks the next word, a contrast word opens the clause that weighs more.
const (
	classNegator uint8 = 1 << iota
	classDegree
	classContrast
)

// wordClasses finds the classes of a word (Tags; 0: none) among the few dozen negators,
// degree adverbs and contrast words with one probe of a small table (a Go map look-up
// per word cost more than the word's feature hashing). The lists are in class order.
var wordClasses = phrase.NewTagged(slices.Collect(maps.Keys(negators)), slices.Collect(maps.Keys(degrees)), slices.Collect(maps.Keys(contrastWords)))
