package fold

import (
	"strings"
	"testing"
	"unicode"
)

func TestCaseless(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if caseless(r) && unicode.ToLower(r) != r {
			t.Fatalf("caseless(%U) but unicode.ToLower gives %U", r, unicode.ToLower(r))
		}
	}
}

func TestLower(t *testing.T) {
	tests := []string{"", "abc", "ABC", "质量很好", "质量Good", "ｉＰｈｏｎｅ很好", "Ⅻ号", "Ⓐ", "😀好", "bad\xffutf8", "好\xe4\xb8", "\uFFFD", "İstanbul", "ΣΑΣ，好"}
	for _, s := range tests {
		if got, want := Lower(s), strings.ToLower(s); got != want {
			t.Errorf("Lower(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzLower(f *testing.F) {
	f.Add("质量Good很好😀")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Lower(s), strings.ToLower(s); got != want {
			t.Errorf("Lower(%q) = %q, want %q", s, got, want)
		}
	})
}
