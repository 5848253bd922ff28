package topic

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/lingting/lingting/enrich/internal/fold"
	"github.com/lingting/lingting/enrich/internal/index"
	"github.com/lingting/lingting/enrich/internal/phrase"
)

// IDF is an inverse-document-frequency table. It is immutable and safe for concurrent
// use.
type IDF struct {
	table idfTable
	idf   map[string]float32 // instead of table when two of its words share a fingerprint
	// unknown is the IDF given to a word the table does not know: the table's median.
	// gse's own extractor leaves it 0 when the table is loaded from its file, so new
	// words (a product launched this week, fresh slang) never become keywords there.
	unknown float32
}

// LoadIDF parses gse's embedded Chinese IDF table (about 270k words; 0.2 s, 20 MB).
// Load it once per process and share it.
func LoadIDF() (*IDF, error) {
	return ParseIDF(gse.ZhIdf)
}

// ParseIDF parses lines of "word idf".
func ParseIDF(table string) (*IDF, error) {
	idf := make(map[string]float32, 280000)
	sc := bufio.NewScanner(strings.NewReader(table))
	var all []float32
	for n := 1; sc.Scan(); n++ {
		w, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 32)
		if err != nil {
			return nil, fmt.Errorf("parsing IDF table line %d: %w", n, err)
		}
		idf[strings.ToLower(w)] = float32(f)
		all = append(all, float32(f))
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("parsing IDF table: no entries")
	}
	slices.Sort(all)
	t := &IDF{table: newIDFTable(len(idf)), unknown: all[len(all)/2]}
	for w, v := range idf {
		if t.table.put(wordFP(fnv64(w)), v) {
			return &IDF{idf: idf, unknown: t.unknown}, nil // a fingerprint collision: keep the map
		}
	}
	return t, nil
}

// Of returns the IDF of a lowercased word, the table's median when it is unknown.
func (t *IDF) Of(word string) float32 {
	return t.of(word, wordFP(fnv64(word)))
}

// of is Of with the word's fingerprint.
func (t *IDF) of(word string, fp uint64) float32 {
	if t.idf != nil {
		if v, ok := t.idf[word]; ok {
			return v
		}
		return t.unknown
	}
	if v, ok := t.table.get(fp); ok {
		return v
	}
	return t.unknown
}

// stopWords are frequent function words that are never keywords.
var stopWords = wordSet(`的 了 是 在 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 就 都 也 还 和 与 及 或 但 但是
		而 又 很 太 非常 真的 一个 一下 有 没有 不 没 吗 呢 吧 啊 呀 哦 嗯 哈 哈哈 哈哈哈 呵呵 什么 怎么 为什么 可以 觉得 知道 自己
		因为 所以 如果 已经 还是 就是 不是 这样 那样 今天 明天 昨天 现在 时候 大家 一直 一样 真是 东西 感觉 比较 然后 之后 以后 以前
		转发 微博 转发微博 回复 网页 链接 网页链接 全文 展开 视频 图片 the a an and or of to in is are it this that for on with`)

func wordSet(s string) *phrase.Words { return phrase.NewWords(strings.Fields(s)...) }

// Keywords returns up to n keywords of words (a segmenter's tokens, in order): words of
// at least two characters that are not stop words, numbers or punctuation, scored by term
// frequency times IDF, strongest first (ties: first seen first).
func (t *IDF) Keywords(words []string, n int) []string {
	k := newKeywordAcc(t, len(words))
	defer k.release()
	for _, w := range words {
		if w = lower(fold.TrimSpace(w)); keywordLike(w) {
			k.add(w, fnv64(w))
		}
	}
	return k.top(n)
}

// KeywordsAndSimHash returns Keywords(own then chain, n) and SimHash(own), or
// SimHash(chain) when that is 0, in one pass that lowercases and hashes each word once.
func (t *IDF) KeywordsAndSimHash(own, chain []string, n int) ([]string, uint64) {
	k := newKeywordAcc(t, len(own)+len(chain))
	defer k.release()
	var sims [2]simAcc
	for part, words := range [2][]string{own, chain} {
		for _, w := range words {
			w = lower(fold.TrimSpace(w))
			if w == "" {
				continue
			}
			kw := keywordLike(w)
			if !kw && !hasLetterOrDigit(w) {
				continue
			}
			h := fnv64(w)
			sims[part].add(h)
			if kw {
				k.add(w, h)
			}
		}
	}
	sim := sims[0].sum()
	if sim == 0 {
		sim = sims[1].sum()
	}
	return k.top(n), sim
}

// cand is a keyword candidate.
type cand struct {
	word string
	fp   uint64
	tf   int
	idf  float32
}

// keywordAcc counts keyword candidates in order of first appearance.
type keywordAcc struct {
	idf   *IDF
	cands []cand        // by number in seen
	seen  index.Strings // the candidates' words
}

// accPool holds keywordAccs between texts, so that their candidate lists and tables are
// not made anew for every text (a third of the pipeline's allocation).
var accPool = sync.Pool{New: func() any { return &keywordAcc{} }}

// newKeywordAcc returns an empty accumulator from accPool, with room for n words;
// release returns it.
func newKeywordAcc(idf *IDF, n int) *keywordAcc {
	k := accPool.Get().(*keywordAcc)
	k.idf = idf
	k.seen.Reset(n)
	return k
}

// release empties k and returns it to accPool, unless a long text grew it.
func (k *keywordAcc) release() {
	if cap(k.cands) > 4096 {
		return
	}
	clear(k.cands) // the words are the caller's
	k.cands, k.idf = k.cands[:0], nil
	k.seen.Reset(0)
	accPool.Put(k)
}

// add counts w, a keyword-like lowercased word whose fnv64 is h.
func (k *keywordAcc) add(w string, h uint64) {
	if i, added := k.seen.Add(w); !added {
		k.cands[i].tf++
		return
	}
	k.cands = append(k.cands, cand{word: w, fp: wordFP(h), tf: 1}) // idf: in top
}

// top returns the n candidates of highest tf·idf, the first seen first among equals.
func (k *keywordAcc) top(n int) []string {
	if len(k.cands) == 0 {
		return nil
	}
	// The look-ups are independent of each other here, so the processor overlaps their
	// cache misses (the table is far larger than the caches).
	for i := range k.cands {
		k.cands[i].idf = k.idf.of(k.cands[i].word, k.cands[i].fp)
	}
	n = min(n, len(k.cands))
	out := make([]string, 0, n)
	for j := range n {
		// A selection (the stable sort's first n places), cheaper than sorting every
		// candidate of a long review for five.
		best := j
		for i := j + 1; i < len(k.cands); i++ {
			if cmp.Compare(k.cands[i].score(), k.cands[best].score()) > 0 {
				best = i // strictly higher: among equals the first seen stays first
			}
		}
		c := k.cands[best]
		copy(k.cands[j+1:best+1], k.cands[j:best]) // keep the others in order
		k.cands[j] = c
		out = append(out, c.word)
	}
	return out
}

// score is a candidate's tf·idf.
func (c *cand) score() float32 { return float32(c.tf) * c.idf }

// lower is strings.ToLower without the work for text with no ASCII capital (most
// Chinese tokens).
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return fold.Lower(s)
		}
	}
	return s
}

// keywordLike: at least two characters, a letter among them, not all Latin letters of a
// length under three, and not a stop word.
func keywordLike(w string) bool {
	if utf8.RuneCountInString(w) < 2 || stopWords.Has(w) {
		return false
	}
	letters, han := 0, 0
	for _, r := range w {
		switch {
		case fold.IsHan(r) || unicode.Is(unicode.Han, r):
			han++
			letters++
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
		default:
			return false // punctuation, symbols, spaces
		}
	}
	return letters > 0 && (han > 0 || len(w) >= 3)
}
