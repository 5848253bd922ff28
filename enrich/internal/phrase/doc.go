// Package phrase finds which phrases of a fixed list occur in a text, in one scan of the
// text: a bitmap of the phrases' first characters lets the scan pass over every other
// character with one bit test (the aspect terms, spam baits and sentiment rule phrases
// are a few dozen each; searching each with strings.Contains costs a scan per phrase).
// Words is a small exact-match word set (stop words, conjunctions), each word with tag
// bits (sentiment's word classes), cheaper than a map.
package phrase
