package enrich

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// Language tags set in event.Mention.Lang.
const (
	LangZh      = "zh"
	LangZhHant  = "zh-Hant"
	LangOther   = "other"
	minHanShare = 0.3 // share of letters that must be Han for a Chinese tag
)

// traditionalOnly and simplifiedOnly are frequent characters written differently in the
// two scripts; the script with more hits wins.
var traditionalOnly, simplifiedOnly = runeSet(
	"這個們來時說會對過還國與為學麼點發書長問開關東車門見話語讀電當實從應現經處讓認識種樣聽覺體邊間頭進變後動買賣價錢貨質務歡樂愛網機號幾嗎廣場氣們無線們華優讚謝"),
	runeSet("这个们来时说会对过还国与为学么点发书长问开关东车门见话语读电当实从应现经处让认识种样听觉体边间头进变后动买卖价钱货质务欢乐爱网机号几吗广场气无线华优赞谢")

// scriptBits holds traditionalOnly and simplifiedOnly (all CJK unified ideographs,
// U+4E00–U+9FFF) as bitmaps, where language looks them up for every character.
var scriptBits = struct{ trad, simp hanBitmap }{newHanBitmap(traditionalOnly), newHanBitmap(simplifiedOnly)}

// hanBitmap is a set of CJK unified ideographs.
type hanBitmap [(0x9fff - 0x4e00 + 64) / 64]uint64

// newHanBitmap is the set of set's runes, which must all be in U+4E00–U+9FFF (it panics
// otherwise: language only looks them up there).
func newHanBitmap(set map[rune]bool) hanBitmap {
	var b hanBitmap
	for r := range set {
		if !fold.IsHan(r) {
			panic(fmt.Sprintf("script hint %U is not a CJK unified ideograph", r))
		}
		b[(r-0x4e00)>>6] |= 1 << ((r - 0x4e00) & 63)
	}
	return b
}

// has reports whether r, in U+4E00–U+9FFF, is in b.
func (b *hanBitmap) has(r rune) bool { return b[(r-0x4e00)>>6]&(1<<((r-0x4e00)&63)) != 0 }

func runeSet(s string) map[rune]bool {
	m := make(map[rune]bool)
	for _, r := range s {
		m[r] = true
	}
	return m
}

// language tags text: zh-Hant when at least minHanShare of its letters are Han (a run of
// Latin letters counts as one letter, so "iPhone 真香" is Chinese) and
// traditional-only characters outnumber simplified-only ones, zh when Han otherwise,
// other for the rest (including text with no letters, and Japanese, which has kana).
func language(text string) string {
	var letters, han, kana, trad, simp int
	latin := false
	for _, r := range text {
		if fold.IsHan(r) { // Han letters
			latin = false
			letters++
			han++
			if scriptBits.trad.has(r) {
				trad++
			}
			if scriptBits.simp.has(r) {
				simp++
			}
			continue
		}
		if !unicode.IsLetter(r) {
			latin = false
			continue
		}
		if r < utf8.RuneSelf || unicode.Is(unicode.Latin, r) {
			if !latin {
				letters++
			}
			latin = true
			continue
		}
		latin = false
		letters++
		switch {
		case unicode.Is(unicode.Han, r): // outside U+4E00–U+9FFF: no script hints there
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		}
	}
	switch {
	case letters == 0 || float64(han) < minHanShare*float64(letters) || kana*5 > han:
		return LangOther
	case trad > simp:
		return LangZhHant
	}
	return LangZh
}

// splitRepost splits a Weibo repost text at its first "//@": the author's own words come
// before it, the quoted chain of earlier reposters from it on. Text without a chain is
// all own words.
func splitRepost(text string) (own, chain string) {
	i := strings.Index(text, "//@")
	if i < 0 {
		return text, ""
	}
	return text[:i], text[i:]
}
