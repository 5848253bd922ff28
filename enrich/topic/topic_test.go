package topic

import (
	"slices"
	"testing"
)

func TestKeywords(t *testing.T) {
	idf, err := ParseIDF("手机 5.0\n发布会 9.0\n雷军 11.0\n今天 2.0\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		words []string
		want  []string
	}{
		{"by tf-idf", []string{"雷军", "今天", "的", "发布会", "，", "手机", "手机"}, []string{"雷军", "手机", "发布会"}},
		{"unknown word scores the median, not 0", []string{"小米su7", "今天"}, []string{"小米su7"}},
		{"stop words, digits, punctuation, single characters out", []string{"的", "2024", "！！", "好", "ok"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := idf.Keywords(tt.words, 3); !slices.Equal(got, tt.want) {
				t.Errorf("Keywords = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLoadIDFKnowsCommonWords(t *testing.T) {
	idf, err := LoadIDF()
	if err != nil {
		t.Fatal(err)
	}
	if idf.Of("手机") == idf.unknown || idf.unknown <= 0 {
		t.Errorf("IDF(手机) = %v, unknown = %v", idf.Of("手机"), idf.unknown)
	}
}

func TestSimHash(t *testing.T) {
	a := SimHash([]string{"这家", "奶茶", "店", "的", "新品", "太", "好喝", "了", "强烈", "推荐", "大家", "去", "试试"})
	b := SimHash([]string{"这家", "奶茶", "店", "的", "新品", "太", "好喝", "了", "强烈", "推荐", "大家", "去", "试试", "！"})
	c := SimHash([]string{"这家", "奶茶", "店", "的", "新品", "太", "好喝", "了", "强烈", "推荐", "朋友", "去", "试试"})
	d := SimHash([]string{"物流", "太", "慢", "客服", "也", "不", "理", "人", "再也", "不", "买", "了"})
	if a != b {
		t.Errorf("punctuation changed the hash: %x vs %x", a, b)
	}
	if n := Distance(a, c); n > 12 {
		t.Errorf("one word apart: distance %d", n)
	}
	if n := Distance(a, d); n < 16 {
		t.Errorf("unrelated texts: distance %d", n)
	}
	if SimHash(nil) != 0 || SimHash([]string{"，"}) != 0 {
		t.Error("nothing to hash must give 0")
	}
}
