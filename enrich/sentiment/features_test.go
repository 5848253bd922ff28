package sentiment

import (
	"slices"
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
		m.featureBuckets(in, func(b uint32) { got = append(got, b) })
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
