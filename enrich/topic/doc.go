// Package topic extracts what a text is about: TF-IDF keywords over gse's IDF table
// (with a score for words the table does not know), and a 64-bit SimHash for finding
// near-duplicates.
package topic
