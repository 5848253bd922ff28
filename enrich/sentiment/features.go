package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// Input is what the model scores. Words are the segmenter's tokens in order, punctuation
// tokens included (they end a negation scope and are otherwise ignored); Text is the
// normalised text the words came from (character n-grams are taken from it); Emoticons are
// Weibo [表情] names without brackets and Emoji the emoji found in the text.
type Input struct {
	Text      string
	Words     []string
	Emoticons []string
	Emoji     []string
}

// FeatureConfig says which features a model uses; it is stored in the model file so that
// scoring always matches training.
type FeatureConfig struct {
	Bits        int    `json:"bits"`         // hash buckets = 2^Bits
	Seed        uint64 `json:"seed"`         // hash seed
	CharNGram   int    `json:"char_ngram"`   // character n-grams of orders 1..CharNGram (0: none)
	WordBigrams bool   `json:"word_bigrams"` // adjacent word pairs
	NegScope    int    `json:"neg_scope"`    // words after a negator that get the NEG_ prefix
	// Normalize scales the features of a text by 1/sqrt(their number), so that the bias
	// means the same for a three-word post as for a long review.
	Normalize bool `json:"normalize"`
}

// prefix is a feature family; its name starts the feature's name (in Contribution
// names and in the hash).
type prefix uint8

// Feature families.
const (
	prefixWord prefix = iota
	prefixNeg
	prefixDegree
	prefixBigram
	prefixChar
	prefixEmot
	prefixEmoji
	numPrefixes
)

// prefixNames are the feature name prefixes, by prefix.
var prefixNames = [numPrefixes]string{"w:", "NEG_", "DEG_", "b:", "c:", "e:", "j:"}

func (p prefix) String() string { return prefixNames[p] }

const (
	biasFeature   = "bias"
	bigramJoin    = "|"
	negatedBigram = "NEG|"
)

// negators open a negation scope over the next NegScope words.
var negators = set("不", "没", "没有", "别", "未", "无", "非", "不是", "并非", "毫无", "从未", "从不",
	"绝不", "不会", "不能", "无法", "不要", "甭", "莫", "勿", "不太", "不怎么", "不够", "并不", "并没有", "一点也不")

// degrees are adverbs that intensify or soften the next word.
var degrees = set("很", "非常", "太", "特别", "超", "超级", "极", "极其", "十分", "最", "挺", "比较", "有点",
	"有些", "相当", "真", "真的", "蛮", "更", "更加", "好", "巨", "贼", "格外", "尤其", "略", "稍微", "实在")

// emojiGloss maps common emoji to a Chinese word whose learned weight they share: the
// training sets hold almost no emoji, so an emoji alone would carry no weight.
var emojiGloss = map[string]string{
	"😀": "开心", "😁": "开心", "😂": "笑", "🤣": "笑", "😃": "开心", "😄": "开心", "😊": "开心",
	"😍": "喜欢", "🥰": "喜欢", "😘": "喜欢", "❤": "爱", "❤️": "爱", "💕": "爱", "👍": "赞",
	"👏": "赞", "💯": "完美", "🎉": "庆祝", "😋": "好吃", "😭": "哭", "😢": "难过", "😞": "失望",
	"😡": "生气", "😠": "生气", "🤬": "生气", "👎": "差", "💔": "伤心", "🤮": "恶心", "😤": "生气",
	"😒": "无语", "🙄": "无语", "😓": "无奈", "😩": "累", "😱": "可怕", "🔥": "火", "🙏": "谢谢",
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// emitFunc receives one feature as a prefix and a name (kept apart so that hashing needs no
// string concatenation). name is valid only during the call (a word bigram lives in a
// buffer that the next bigram overwrites): copy it to keep it.
type emitFunc func(p prefix, name string)

// features calls emit for every feature of in under cfg (duplicates included; the bias is
// not a hashed feature).
func features(cfg FeatureConfig, in Input, emit emitFunc) {
	wordFeatures(cfg, in.Words, emit, nil)
	if cfg.CharNGram > 0 {
		charFeatures(cfg.CharNGram, in.Text, emit)
	}
	symbolFeatures(in, emit)
}

// wordEmit is one word-level feature (not a bigram) of a text: its family, the
// lowercased word and its bucket.
type wordEmit struct {
	p      prefix
	name   string
	bucket uint32
}

// featureBuckets calls add with the bucket of every feature features(m.cfg, in) emits,
// in the same order, and appends the word-level features (not bigrams) to *words unless
// words is nil.
//
// bigram, when not nil, is a reused buffer for word bigrams.
func (m *Model) featureBuckets(in Input, add func(uint32), words *[]wordEmit, bigram *[]byte) {
	emit := func(p prefix, name string) { add(m.bucket(p, name)) }
	emitWord := emit
	if words != nil {
		emitWord = func(p prefix, name string) {
			b := m.bucket(p, name)
			add(b)
			if p != prefixBigram {
				*words = append(*words, wordEmit{p: p, name: name, bucket: b})
			}
		}
	}
	wordFeatures(m.cfg, in.Words, emitWord, bigram)
	if m.cfg.CharNGram > 0 {
		m.charBuckets(in.Text, add)
	}
	symbolFeatures(in, emit)
}

// symbolFeatures emits the features of in's emoticons and emoji.
func symbolFeatures(in Input, emit emitFunc) {
	for _, e := range in.Emoticons {
		e = fold.Lower(e)
		emit(prefixEmot, e)
		emit(prefixWord, e) // [哈哈] shares the weight of the word 哈哈
	}
	for _, e := range in.Emoji {
		emit(prefixEmoji, e)
		if g, ok := emojiGloss[e]; ok {
			emit(prefixWord, g)
		}
	}
}

// wordFeatures emits the word, negated-word, degree and bigram features of words.
// Bigrams are built in *buf (grown as needed) unless buf is nil.
func wordFeatures(cfg FeatureConfig, words []string, emit emitFunc, buf *[]byte) {
	neg, deg := 0, false
	prev := ""
	var bigram []byte // reused: emit must not keep a name past the call
	if buf != nil {
		bigram = *buf
		defer func() { *buf = bigram }()
	}
	for _, w := range words {
		if isBoundary(w) {
			neg, deg, prev = 0, false, ""
			continue
		}
		if fold.Blank(w) {
			continue
		}
		w = fold.Lower(w)
		switch {
		case neg > 0:
			emit(prefixNeg, w)
			neg--
		default:
			emit(prefixWord, w)
		}
		if deg {
			emit(prefixDegree, w)
		}
		if cfg.WordBigrams && prev != "" {
			bigram = append(append(append(bigram[:0], prev...), bigramJoin...), w...)
			emit(prefixBigram, unsafe.String(unsafe.SliceData(bigram), len(bigram)))
		}
		class := wordClasses.Tags(w)
		deg = class&classDegree != 0
		if class&classNegator != 0 {
			neg = cfg.NegScope
		}
		prev = w
	}
}

// isBoundary reports whether a token ends a clause: it holds punctuation and no letter or
// digit.
func isBoundary(t string) bool {
	if fold.StartsWithHan(t) {
		return false
	}
	punct := false
	for _, r := range t {
		switch {
		case fold.IsHan(r): // letters
			return false
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			return false
		case unicode.IsPunct(r):
			punct = true
		}
	}
	return punct
}

// charFeatures emits character n-grams of orders 1..n over text lowercased, whitespace and
// control characters skipped.
func charFeatures(n int, text string, emit emitFunc) {
	clean := charText(text)
	for i := 0; i < len(clean); i += runeSize(clean[i]) {
		j := i
		for k := 1; k <= n && j < len(clean); k++ {
			j += runeSize(clean[j])
			emit(prefixChar, clean[i:j])
		}
	}
}

// charBuckets calls add with the bucket of each feature charFeatures(m.cfg.CharNGram,
// text) emits, in the same order, hashing each character once per start instead of once
// per n-gram (an n-gram's hash continues the hash of the n-gram one shorter).
func (m *Model) charBuckets(text string, add func(uint32)) {
	m.cleanCharBuckets(charText(text), add)
}

// cleanCharBuckets is charBuckets of a text that charText has cleaned (or that it would
// leave as it is).
func (m *Model) cleanCharBuckets(clean string, add func(uint32)) {
	start := m.prefixHash[prefixChar]
	for i := 0; i < len(clean); i += runeSize(clean[i]) {
		h, j := start, i
		for k := 1; k <= m.cfg.CharNGram && j < len(clean); k++ {
			size := runeSize(clean[j])
			h = hashMore(h, clean[j:j+size])
			j += size
			add(m.finish(h))
		}
	}
}

// charText is text lowercased without whitespace and control characters: what
// character n-grams are taken from. It is valid UTF-8 (strings.ToLower replaces invalid
// bytes) and is text itself when nothing had to change.
func charText(text string) string {
	return withoutSpace(fold.Lower(text))
}

// withoutSpace is clean without whitespace and control characters: clean itself when it
// holds none.
func withoutSpace(clean string) string {
	if strings.IndexFunc(clean, spaceOrControl) < 0 {
		return clean
	}
	var b strings.Builder
	b.Grow(len(clean))
	for _, r := range clean {
		if !spaceOrControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// spaceOrControl is unicode.IsSpace(r) || unicode.IsControl(r), without table look-ups
// for ASCII and for the CJK and full-width ranges (which hold neither).
func spaceOrControl(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r <= ' ' || r == 0x7f
	case r > 0x3000 && r < 0xfff0:
		return false
	}
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// runeSize is the length of the UTF-8 encoding that starts with byte c of valid UTF-8.
func runeSize(c byte) int {
	switch {
	case c < 0xc0:
		return 1
	case c < 0xe0:
		return 2
	case c < 0xf0:
		return 3
	}
	return 4
}
