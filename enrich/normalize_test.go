package enrich

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// TestQuickNFKC: every character quickNFKC accepts normalises (alone) as it maps it and
// starts a normalisation segment, so texts of them normalise character by character; and
// texts mixing them with others agree with norm.
func TestQuickNFKC(t *testing.T) {
	for r := rune(0); r <= 0xffff; r++ {
		s := string(r)
		got, ok := quickNFKC(s)
		if !ok {
			continue
		}
		if want := norm.NFKC.String(s); got != want {
			t.Fatalf("quickNFKC(%U) = %q, norm gives %q", r, got, want)
		}
		if !norm.NFKC.PropertiesString(s).BoundaryBefore() {
			t.Fatalf("%U combines with what precedes it", r)
		}
	}
	for _, s := range []string{"", "好评！ＡＢＣ，《书》“好”—", "e\u0301", "ｅ\u0301", "Ａ\u3000Ｂ", "\xff好", "好\xe4\xb8", "ｶ", "①", "…", "好\u00b7"} {
		got, ok := quickNFKC(s)
		if want := norm.NFKC.String(s); ok && got != want {
			t.Errorf("quickNFKC(%q) = %q, norm gives %q", s, got, want)
		}
	}
}

func FuzzQuickNFKC(f *testing.F) {
	f.Add("好评！ＡＢＣ，《书》“好”—e\u0301")
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := quickNFKC(s); ok && got != norm.NFKC.String(s) {
			t.Errorf("quickNFKC(%q) = %q, norm gives %q", s, got, norm.NFKC.String(s))
		}
	})
}
