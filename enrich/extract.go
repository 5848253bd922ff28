package enrich

import (
	"regexp"
	"strings"
)

// extraction is what extract pulls out of a text, each list in order of appearance
// without repeats, and the text left for segmentation.
type extraction struct {
	Hashtags  []string // Weibo #话题# and Douyin #话题 names, trimmed, without the #
	Mentions  []string // @nicknames, without the @
	URLs      []string
	Emoticons []string // [表情] names, without brackets
	Emoji     []string // one entry per emoji, sequences (ZWJ, skin tone, flags, keycaps) whole
	Rest      string   // the text with every extracted span replaced by a space
}

var (
	// urlRE: http(s) and www. links, up to a space, a non-ASCII character or a bracket.
	urlRE = regexp.MustCompile(`(?i)(?:https?://|www\.)[a-z0-9\-._~:/?#@!$&'()*+,;=%]+`)
	// hashtagRE: Weibo's #话题# pairs: 1 to 64 characters, no # or space inside. Spaces
	// are refused so that Douyin's "#美食 #探店 …" reads as two open tags; the price is
	// that a Weibo topic with a space ("#iPhone 15#") is cut at it.
	hashtagRE = regexp.MustCompile(`#([^#\s]{1,64})#`)
	// openTagRE: Douyin's open #话题 (no closing #), taken after Weibo's pairs.
	openTagRE = regexp.MustCompile(`#([\p{Han}A-Za-z][\p{Han}A-Za-z0-9_]{0,29})`)
	// mentionRE: @ and a Weibo nickname (Han, Latin letters, digits, _ and -), not inside an
	// e-mail address (the preceding character is checked in code).
	mentionRE = regexp.MustCompile(`@([\p{Han}A-Za-z0-9_\-]{1,30})`)
	// emoticonRE: Weibo's [表情] codes, Han or Latin names of up to 8 characters.
	emoticonRE = regexp.MustCompile(`\[([\p{Han}A-Za-z0-9]{1,8})\]`)
)

// urlTrailing are characters that end a sentence rather than a link.
const urlTrailing = ".,;:!?'()#@*"

// extract pulls URLs, hashtags, mentions, emoticons and emoji out of normalised text, in
// that order (a later kind is not looked for inside an earlier one).
func extract(text string) extraction {
	var x extraction
	rest := replaceAll(urlRE, ":.", text, func(m []int, s string) bool {
		u := strings.TrimRight(s[m[0]:m[1]], urlTrailing)
		m[1] = m[0] + len(u) // the trimmed punctuation stays in the text
		if len(u) < 8 {      // "www." or "http://" alone
			return false
		}
		x.URLs = appendNew(x.URLs, u)
		return true
	})
	rest = replaceAll(hashtagRE, "#", rest, func(m []int, s string) bool {
		tag := strings.TrimSpace(s[m[2]:m[3]])
		if tag == "" {
			return false
		}
		x.Hashtags = appendNew(x.Hashtags, tag)
		return true
	})
	rest = replaceAll(openTagRE, "#", rest, func(m []int, s string) bool {
		if m[0] > 0 && isASCIIAlnum(s[m[0]-1]) { // "第#1", "a#b"
			return false
		}
		x.Hashtags = appendNew(x.Hashtags, s[m[2]:m[3]])
		return true
	})
	rest = replaceAll(mentionRE, "@", rest, func(m []int, s string) bool {
		if m[0] > 0 && isASCIIAlnum(s[m[0]-1]) { // e-mail address
			return false
		}
		x.Mentions = appendNew(x.Mentions, s[m[2]:m[3]])
		return true
	})
	rest = replaceAll(emoticonRE, "[", rest, func(m []int, s string) bool {
		x.Emoticons = appendNew(x.Emoticons, s[m[2]:m[3]])
		return true
	})
	x.Rest = extractEmoji(rest, &x.Emoji)
	return x
}

// replaceAll replaces each match of re in s that keep accepts with one space. keep gets
// the submatch indices into s and may shorten the match by lowering m[1]. Every match of
// re holds one of the bytes of need: s without any is returned as it is, unsearched.
func replaceAll(re *regexp.Regexp, need, s string, keep func(m []int, s string) bool) string {
	if !strings.ContainsAny(s, need) {
		return s
	}
	ms := re.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		if !keep(m, s) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteByte(' ')
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func appendNew(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
