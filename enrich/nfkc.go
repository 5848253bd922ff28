package enrich

import (
	"unicode/utf8"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// quickNFKC is norm.NFKC.String(text) for the text of most Chinese posts, without the
// normalisation tables: it handles ASCII, CJK unified ideographs and common CJK
// punctuation (all left as they are) and full-width ASCII (U+FF01–U+FF5E, mapped to
// ASCII), and reports false for a text holding anything else (or invalid UTF-8), which
// then needs norm. Each of these characters starts a new normalisation segment (none
// combines with what comes before it), so the text normalises character by character
// (TestQuickNFKC checks every one against norm).
func quickNFKC(text string) (string, bool) {
	var out []byte // nil until a character changes
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if out != nil {
				out = append(out, c)
			}
			i++
			continue
		}
		if c < 0xe0 || c > 0xef || i+2 >= len(text) || text[i+1]&0xc0 != 0x80 || text[i+2]&0xc0 != 0x80 {
			return "", false
		}
		r := rune(c&0x0f)<<12 | rune(text[i+1]&0x3f)<<6 | rune(text[i+2]&0x3f)
		switch {
		case r >= 0xff01 && r <= 0xff5e:
			if out == nil {
				out = make([]byte, i, len(text))
				copy(out, text[:i])
			}
			out = append(out, byte(r-0xfee0))
		case fold.IsHan(r) || quickInert(r):
			if out != nil {
				out = append(out, text[i:i+3]...)
			}
		default:
			return "", false
		}
		i += 3
	}
	if out == nil {
		return text, true
	}
	return string(out), true
}

// quickInert reports the CJK and general punctuation quickNFKC leaves as it is:
// 、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛 – — ‘ ’ “ ”.
func quickInert(r rune) bool {
	switch {
	case r >= 0x3001 && r <= 0x3003, r >= 0x3008 && r <= 0x3011, r >= 0x3014 && r <= 0x301b:
		return true
	}
	return r == 0x2013 || r == 0x2014 || r == 0x2018 || r == 0x2019 || r == 0x201c || r == 0x201d
}
