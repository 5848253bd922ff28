// Package segment wraps the gse Chinese word segmenter for Lingting: one dictionary load per
// process (about 2 s and 130 MB of heap for gse's embedded simplified-Chinese dictionary),
// shared by every pipeline and by sentiment training, with a user dictionary for brand names
// and a token filter that drops whitespace and punctuation. The DAG mode runs gse's
// algorithm over a rune-trie copy of gse's dictionary (about 0.7 s and 20 MB more at
// load), about ten times faster than gse and with the same tokens.
package segment
