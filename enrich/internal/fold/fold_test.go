package fold

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCaseless(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if caseless(r) && unicode.ToLower(r) != r {
			t.Fatalf("caseless(%U) but unicode.ToLower gives %U", r, unicode.ToLower(r))
		}
	}
}

func TestLower(t *testing.T) {
	tests := []string{"", "abc", "ABC", "质量很好", "质量Good", "ｉＰｈｏｎｅ很好", "Ⅻ号", "Ⓐ", "😀好", "bad\xffutf8", "好\xe4\xb8", "\uFFFD", "İstanbul", "ΣΑΣ，好", "\u3000\u9fff", "\xe3\x80", "\xe3\x80A", "\xe3\xc0\x80", "\xe9\xbf", "好A", "\xea\x99\x80"}
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

func TestTrimSpace(t *testing.T) {
	tests := []string{" 好", "好\u3000", "\u3000好", "a好", "好a", "", " ", "a", " a ", "好", "\u3000好\u3000", "好 ", "\t\n", "\u00a0x", "x\u0085", "\xff", " \xff", "\xe4\xb8", "\u2028"}
	for _, s := range tests {
		if got, want := TrimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("TrimSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := Blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("Blank(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzTrimSpace(f *testing.F) {
	f.Add(" 好 ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := TrimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("TrimSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := Blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("Blank(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestIsHan(t *testing.T) {
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if !IsHan(r) || !unicode.IsLetter(r) || !unicode.Is(unicode.Han, r) || !caseless(r) {
			t.Fatalf("%U: IsHan %v, letter %v, Han %v", r, IsHan(r), unicode.IsLetter(r), unicode.Is(unicode.Han, r))
		}
	}
	for _, r := range []rune{0, 'a', 0x4dff, 0xa000, 0x20000} {
		if IsHan(r) {
			t.Errorf("IsHan(%U)", r)
		}
	}
}

// TestStartsWithHan compares StartsWithHan with decoding the first rune, for every rune
// of the three-byte range and for cut, invalid and empty input.
func TestStartsWithHan(t *testing.T) {
	check := func(s string) {
		r, _ := utf8.DecodeRuneInString(s)
		if got, want := StartsWithHan(s), s != "" && IsHan(r); got != want {
			t.Fatalf("StartsWithHan(%q) = %v, want %v", s, got, want)
		}
	}
	for r := rune(0x800); r < 0x10000; r++ {
		check(string(r) + "x")
	}
	for _, s := range []string{"", "a", "\xe4", "\xe4\xb8", "\xe4\xb8\x00", "\xe9\xbf\xc0", "\xe4\xb7\xbf", "\xea\x80\x80", "好"} {
		check(s)
	}
}
