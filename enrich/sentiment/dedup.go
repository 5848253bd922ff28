package sentiment

import (
	"strings"
	"unicode"
)

// overlapPrefix is how many leading characters (whitespace removed) identify a text when
// removing training examples that repeat a dev example: the sets hold the same review
// with different trailing punctuation or truncation.
const overlapPrefix = 30

// textKey is the first overlapPrefix non-space characters of s, lowercased.
func textKey(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
		if n++; n == overlapPrefix {
			break
		}
	}
	return b.String()
}

// dedup drops training examples whose key is a dev example's key (online_shopping_10_cats
// repeats about 1,090 of the 1,200 ChnSentiCorp dev texts, chnsenticorp_train about 340),
// and exact repeats within the training set (the first is kept). It returns the indices
// of the kept examples, in order, and how many of each kind were dropped.
func dedup(train, dev []Example) (kept []int, devOverlap, repeats int) {
	devKeys := make(map[string]bool, len(dev))
	for _, e := range dev {
		devKeys[textKey(e.Text)] = true
	}
	seen := make(map[string]bool, len(train))
	for i, e := range train {
		switch full := strings.Join(strings.Fields(strings.ToLower(e.Text)), ""); {
		case devKeys[textKey(e.Text)]:
			devOverlap++
		case seen[full]:
			repeats++
		default:
			seen[full] = true
			kept = append(kept, i)
		}
	}
	return kept, devOverlap, repeats
}

// holdOut picks every k-th example from file f (by position among them; file[i] is
// example i's file) as a held-out set, and returns it with the examples a model checked
// on it may train on: all but those whose key (first 30 non-space characters) is a
// held-out example's key, so that, as for dev, near-duplicates of a held-out text in the
// other files are not trained on either.
func holdOut(ex []Example, file []string, f string, k int) (held, rest []int) {
	keys := make(map[string]bool)
	n := 0
	for i := range ex {
		if file[i] != f {
			continue
		}
		if n%k == 0 {
			held = append(held, i)
			keys[textKey(ex[i].Text)] = true
		}
		n++
	}
	for i := range ex {
		if !keys[textKey(ex[i].Text)] {
			rest = append(rest, i)
		}
	}
	return held, rest
}
