// Package sentiment is Lingting's own polarity model for Chinese posts and reviews: a
// logistic regression over hashed features (gse words with negation scope and degree
// adverbs, character n-grams, Weibo [表情] names and emoji), trained by Train from the
// labelled sets in ../shared/data/sentiment and shipped embedded (model.bin, see MODEL.md).
//
// Load returns the embedded model. A Model is read-only after construction and safe for
// concurrent use.
package sentiment
