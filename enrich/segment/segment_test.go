package segment

import (
	"slices"
	"testing"
	"unicode"
)

func TestSegmenter(t *testing.T) {
	s, err := Load(DAG)
	if err != nil {
		t.Fatal(err)
	}
	if got := Words(s.Cut("蜜雪冰城的柠檬水，很好喝！")); !slices.Contains(got, "柠檬水") || slices.Contains(got, "，") {
		t.Errorf("Words(Cut) = %q: want 柠檬水 and no punctuation", got)
	}
	if err := s.AddWords("蜜雪冰城", "  ", "ＬｕｃｋｉｎＣｏｆｆｅｅ"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want string
	}{
		{"蜜雪冰城的柠檬水", "蜜雪冰城"},
		{"我爱喝蜜雪冰城", "蜜雪冰城"},
		{"iPhone真好用", "iphone"}, // lowercased
	}
	for _, tt := range tests {
		if got := Words(s.Cut(tt.text)); !slices.Contains(got, tt.want) {
			t.Errorf("Cut(%q) = %q, want %q whole", tt.text, got, tt.want)
		}
	}
	if _, err := Load(Mode(9)); err == nil {
		t.Error("Load(9) = nil error")
	}
}

func TestIsWord(t *testing.T) {
	for s, want := range map[string]bool{"好": true, "a1": true, "，": false, " ": false, "...": false, "😀": false, "3": true} {
		if got := IsWord(s); got != want {
			t.Errorf("IsWord(%q) = %v, want %v", s, got, want)
		}
	}
}

func BenchmarkCut(b *testing.B) {
	text := "#小米SU7# 提车一周，续航比想象的好，就是车机偶尔卡顿 真的很喜欢这个颜色"
	for _, mode := range []struct {
		name string
		m    Mode
	}{{"DAG", DAG}, {"HMM", HMM}, {"Shortest", Shortest}} {
		s, err := Load(mode.m)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(mode.name, func(b *testing.B) {
			for b.Loop() {
				s.Cut(text)
			}
		})
	}
}

// TestAddWordsKeepsLongerWordsWhole: a brand name added before its own prefix (or in an
// earlier call) stays one token.
func TestAddWordsKeepsLongerWordsWhole(t *testing.T) {
	s, err := Load(DAG)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddWords("驰远汽车", "驰远", "chiyuan"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddWords("星曜手机"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddWords("星曜"); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"驰远汽车驰远S5客服太冷淡": "驰远汽车", "星曜手机又发烫了": "星曜手机"} {
		if got := Words(s.Cut(text)); !slices.Contains(got, want) {
			t.Errorf("Cut(%q) = %q, want %q whole", text, got, want)
		}
	}
}

// TestCJKLetters: IsWord's fast path holds for every CJK unified ideograph.
func TestCJKLetters(t *testing.T) {
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if !unicode.IsLetter(r) {
			t.Fatalf("%U is not a letter", r)
		}
	}
}
