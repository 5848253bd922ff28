package enrich

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ＡＢＣ１２３\u3000全角", "a\u200bb\u202ec\r\nd", "\xff\xfe坏字节", "👩‍👩‍👧 ❤️ 1️⃣", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("normalize(%q) = %q is not valid UTF-8", s, n)
		}
		if again := normalize(n); again != n {
			t.Fatalf("normalize is not idempotent: %q → %q → %q", s, n, again)
		}
		if strings.TrimSpace(n) != n {
			t.Fatalf("normalize(%q) = %q keeps surrounding space", s, n)
		}
	})
}

func TestEnrichOddInput(t *testing.T) {
	p := newPipeline(t, nil)
	big := strings.Repeat("这个手机很好用，但是电池不太行。", 1<<20/45+1)
	tests := []struct {
		name string
		text string
	}{
		{"invalid utf-8", "好\xff\xfe用\xc3"},
		{"empty", ""},
		{"whitespace only", " \t\u3000\n "},
		{"1 MB", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mention(tt.text)
			start := time.Now()
			p.Enrich(&m)
			t.Logf("%d bytes in %v", len(tt.text), time.Since(start))
			for _, tok := range m.Tokens {
				if !utf8.ValidString(tok) {
					t.Errorf("token %q is not valid UTF-8", tok)
				}
			}
			if m.Sentiment.Label == "" || m.EnrichedAt.IsZero() {
				t.Errorf("not enriched: %+v", m.Sentiment)
			}
		})
	}
}

// TestNeedsNormalizing: the fast check flags exactly the characters normalize's loop
// replaces or drops.
func TestNeedsNormalizing(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := r == '\n' || r == '\r' || r == '\t' || r == '\u2028' || r == '\u2029' || r == '\u0085' ||
			unicode.IsControl(r) || isInvisible(r)
		if got := needsNormalizing(r); got != want {
			t.Fatalf("needsNormalizing(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestHanBlock: the fast paths of language and isLetter hold for every CJK unified
// ideograph.
func TestHanBlock(t *testing.T) {
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if !unicode.IsLetter(r) || !unicode.Is(unicode.Han, r) || unicode.Is(unicode.Latin, r) || !isLetter(r) {
			t.Fatalf("%U: letter %v, Han %v", r, unicode.IsLetter(r), unicode.Is(unicode.Han, r))
		}
	}
}
