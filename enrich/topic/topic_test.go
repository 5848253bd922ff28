package topic

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-ego/gse"
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

// simHashReference is SimHash bit by bit, as first written.
func simHashReference(words []string) uint64 {
	var v [64]int32
	seen := false
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || !keywordLike(w) && !hasLetterOrDigit(w) {
			continue
		}
		seen = true
		h := fnv64(w)
		for i := range 64 {
			v[i] += int32(h>>i&1)*2 - 1
		}
	}
	if !seen {
		return 0
	}
	var out uint64
	for i := range 64 {
		if v[i] > 0 {
			out |= 1 << i
		}
	}
	return out
}

func TestSimHashMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vocab := []string{"奶茶", "好喝", "，", " ", "Apple", "物流", "慢", "2024", "再也", "不", "买", "了", "x"}
	for _, n := range []int{0, 1, 2, 7, 254, 255, 256, 600, 2000} {
		for range 5 {
			words := make([]string, n)
			for i := range words {
				words[i] = vocab[r.IntN(len(vocab))]
			}
			if got, want := SimHash(words), simHashReference(words); got != want {
				t.Fatalf("SimHash of %d words = %x, want %x", n, got, want)
			}
		}
	}
}

// TestIDFTableMatchesMap: every word of gse's table, and words outside it, get the IDF
// a map of the table gives.
func TestIDFTableMatchesMap(t *testing.T) {
	idf, err := LoadIDF()
	if err != nil {
		t.Fatal(err)
	}
	if idf.idf != nil {
		t.Fatal("gse's table fell back to a map (a fingerprint collision)")
	}
	want := map[string]float32{}
	for _, line := range strings.Split(gse.ZhIdf, "\n") {
		if w, v, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 32)
			if err != nil {
				t.Fatal(err)
			}
			want[strings.ToLower(w)] = float32(f)
		}
	}
	for w, v := range want {
		if got := idf.Of(w); got != v {
			t.Fatalf("Of(%q) = %v, want %v", w, got, v)
		}
	}
	for _, w := range []string{"小米su7", "不存在的词语啊", ""} {
		if _, known := want[w]; !known && idf.Of(w) != idf.unknown {
			t.Errorf("Of(%q) = %v, want the median %v", w, idf.Of(w), idf.unknown)
		}
	}
}

// TestKeywordsManyCandidates: among many candidates, repeats are still counted
// (unknown words score the median IDF, 9 here; ties keep the first seen first).
func TestKeywordsManyCandidates(t *testing.T) {
	idf, err := ParseIDF("手机 5.0\n发布会 9.0\n")
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for i := range 100 {
		words = append(words, "词"+strconv.Itoa(i)+"号")
	}
	words = append(words, "发布会", "手机", "手机", "词7号", "词7号", "词7号")
	if got, want := idf.Keywords(words, 3), []string{"词7号", "手机", "词0号"}; !slices.Equal(got, want) {
		t.Errorf("Keywords = %v, want %v", got, want)
	}
}

// TestKeywordsAndSimHash: the one-pass form gives what Keywords and SimHash give apart.
func TestKeywordsAndSimHash(t *testing.T) {
	idf, err := ParseIDF("手机 5.0\n发布会 9.0\n雷军 11.0\n今天 2.0\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ own, chain []string }{
		{nil, nil},
		{[]string{"雷军", "今天", "的", "发布会", "，", "手机", "手机", " Apple "}, nil},
		{[]string{"，", "！"}, []string{"//", "@", "某人", "手机", "2024"}},
		{[]string{"手机"}, []string{"发布会", "手机"}},
	}
	for _, tt := range tests {
		kw, sim := idf.KeywordsAndSimHash(tt.own, tt.chain, 3)
		wantSim := SimHash(tt.own)
		if wantSim == 0 {
			wantSim = SimHash(tt.chain)
		}
		if want := idf.Keywords(slices.Concat(tt.own, tt.chain), 3); !slices.Equal(kw, want) || sim != wantSim {
			t.Errorf("KeywordsAndSimHash(%q, %q) = %v, %x, want %v, %x", tt.own, tt.chain, kw, sim, want, wantSim)
		}
	}
}
