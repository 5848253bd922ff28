// Package fold lowercases text the way strings.ToLower does, without its per-rune case
// table look-ups for the characters that have no case (CJK, kana, Hangul, CJK and
// full-width punctuation, arrows, box drawing, emoji).
package fold
