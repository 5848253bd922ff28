package sentiment

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"unicode"
)

// TestFeatureBuckets: the hashing fast path gives the buckets of features() in order.
func TestFeatureBuckets(t *testing.T) {
	m := loadModel(t)
	texts := []string{"", "好", "这家店的菜不好吃", "Apple iPhone 很好 😀 ，真的\u3000很好\t吃\x00！", "ＡＢＣ\xff坏",
		"物流有点慢，不过东西很好，很满意", "𠀀𠀁生僻字 ok"}
	for _, text := range texts {
		in := PrepareText(seg, text)
		in.Emoticons, in.Emoji = []string{"哈哈", "OK"}, []string{"😀", "👍"}
		var want, got []uint32
		features(m.cfg, in, func(p prefix, name string) { want = append(want, m.bucket(p, name)) })
		m.featureBuckets(in, func(b uint32) { got = append(got, b) }, nil, nil)
		if !slices.Equal(got, want) {
			t.Errorf("featureBuckets(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestSpaceOrControl(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := spaceOrControl(r), unicode.IsSpace(r) || unicode.IsControl(r); got != want {
			t.Fatalf("spaceOrControl(%U) = %v, want %v", r, got, want)
		}
	}
}

func TestCJKLetters(t *testing.T) {
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if !unicode.IsLetter(r) {
			t.Fatalf("%U is not a letter", r)
		}
	}
}

func TestWordClasses(t *testing.T) {
	words := []string{"", "好", "不好", "很好", "非常好", "一点也不好", "abc", "不不"}
	for w := range negators {
		words = append(words, w, w+"了", "了"+w)
	}
	for w := range degrees {
		words = append(words, w, w+"了")
	}
	for w := range contrastWords {
		words = append(words, w, w+"是")
	}
	for _, w := range words {
		c := wordClasses.Tags(w)
		if got, want := c&classNegator != 0, negators[w]; got != want {
			t.Errorf("negator %q = %v, want %v", w, got, want)
		}
		if got, want := c&classDegree != 0, degrees[w]; got != want {
			t.Errorf("degree %q = %v, want %v", w, got, want)
		}
		if got, want := c&classContrast != 0, contrastWords[w]; got != want {
			t.Errorf("contrast %q = %v, want %v", w, got, want)
		}
	}
}

// TestTopTermsMatchesStableSort: the selection keeps what sorting every term stably by
// magnitude and taking the first n keeps.
func TestTopTermsMatchesStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	weights := []float32{0, 0.005, -0.005, 0.01, -0.01, 0.3, -0.3, 1, -1, 2.5, float32(math.NaN()), float32(math.Inf(-1))}
	for range 2000 {
		terms := make([]Term, r.IntN(40))
		for i := range terms {
			terms[i] = Term{Term: strconv.Itoa(i), Weight: weights[r.IntN(len(weights))]}
		}
		n := r.IntN(8)
		ref := slices.Clone(terms)
		slices.SortStableFunc(ref, func(a, b Term) int {
			return cmp.Compare(math.Abs(float64(b.Weight)), math.Abs(float64(a.Weight)))
		})
		k := 0
		for k < len(ref) && k < n && math.Abs(float64(ref[k].Weight)) >= 0.01 {
			k++
		}
		want := ref[:k]
		if got := topTerms(slices.Clone(terms), n); !slices.EqualFunc(got, want, func(a, b Term) bool {
			return a.Term == b.Term
		}) {
			t.Fatalf("topTerms(%v, %d) = %v, want %v", terms, n, got, want)
		}
	}
}
