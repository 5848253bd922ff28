package segment

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// dagSegmenter is one DAG Segmenter for the tests and the fuzz target of this file
// (gse's dictionary takes about 2 s to load).
var dagSegmenter = sync.OnceValues(func() (*Segmenter, error) { return Load(DAG) })

// sharedLines reads the lines of a file of ../shared/data/sentiment, labels included.
func sharedLines(t testing.TB, name string) []string {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "sentiment", name))
	if err != nil {
		t.Fatalf("sentiment data not found: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var dagEdgeCases = []string{"", " ", "a", "A", "iPhone15ProMax真好用", "ＡＢＣ全角", "1 2 3", "小米SU7 续航",
	"\xff\xfe坏字节\xe4\xb8", "İstanbul", "Ⅻ", "😀😀好", "吗？？？！！", "\u00a0\u3000", "a\x00b", "𠀀𠀁生僻字",
	"蜜雪冰城的柠檬水，很好喝！", "驰远汽车驰远S5客服太冷淡", "星曜手机又发烫了", "北京大学生前来应聘", "送餐费不便宜，送餐员很好", "中国人民银行"}

// TestDAGMatchesGse: the DAG cutter gives gse's Cut(s, false) tokens byte for byte, on the
// food-delivery reviews, and on the dev reviews after user words were added.
func TestDAGMatchesGse(t *testing.T) {
	s, err := dagSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	check := func(texts []string) {
		t.Helper()
		bad := 0
		for _, text := range texts {
			if got, want := s.Cut(text), s.gse.Cut(text, false); !slices.Equal(got, want) && bad < 5 {
				bad++
				t.Errorf("Cut(%q) = %q, gse = %q", text, got, want)
			}
		}
	}
	check(append(sharedLines(t, "waimai_10k.csv"), dagEdgeCases...))
	if err := s.AddWords("驰远汽车", "驰远", "chiyuan", "星曜手机", "星曜", "su7", "蜜雪冰城", "好吃到哭", "送餐", "中国"); err != nil {
		t.Fatal(err)
	}
	check(append(sharedLines(t, "chnsenticorp_dev.tsv"), dagEdgeCases...))
}

func FuzzDAGMatchesGse(f *testing.F) {
	for _, s := range dagEdgeCases {
		f.Add(s)
	}
	s, err := dagSegmenter()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := s.Cut(text), s.gse.Cut(text, false); !slices.Equal(got, want) {
			t.Errorf("Cut(%q) = %q, gse = %q", text, got, want)
		}
	})
}

// BenchmarkCutReviews cuts the food-delivery reviews in DAG mode, one text per op.
func BenchmarkCutReviews(b *testing.B) {
	s, err := dagSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	lines := sharedLines(b, "waimai_10k.csv")
	for i := 0; b.Loop(); i++ {
		s.Cut(lines[i%len(lines)])
	}
}

// TestDAGConcurrent: cuts on several goroutines (each with pooled buffers) give what one
// goroutine gives.
func TestDAGConcurrent(t *testing.T) {
	s, err := dagSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	lines := sharedLines(t, "chnsenticorp_dev.tsv")[:400]
	want := make([][]string, len(lines))
	for i, l := range lines {
		want[i] = s.Cut(l)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range lines {
				j := (i + 97*g) % len(lines)
				if got := s.Cut(lines[j]); !slices.Equal(got, want[j]) {
					t.Errorf("goroutine %d: Cut(%q) = %q, want %q", g, lines[j], got, want[j])
					return
				}
			}
		})
	}
	wg.Wait()
}
