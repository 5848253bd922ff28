package sentiment

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// MaxTerms is how many word, emoticon and emoji terms an Analysis keeps (the rules that
// fired come on top).
const MaxTerms = 5

// Term is one reason for a score: a word of the text (its learned weight plus that of the
// character n-grams inside it; "NEG_" marks a negated word), an emoticon "[哈哈]" or
// emoji, or a rule ("contrast:但是", "sarcasm:好极了", "dismissive:呵呵",
// "complaint:凭什么"). Weight is its share of the logit (> 0 pushes positive).
type Term struct {
	Term   string  `json:"term"`
	Weight float32 `json:"weight"`
}

// Analysis is the learned model's logit adjusted by the social-media rules, and the
// terms that moved it: first every rule that fired, then at most MaxTerms words,
// emoticons and emoji, each group largest magnitude first.
type Analysis struct {
	Logit float32
	Terms []Term
}

// Analyze scores in with the learned model and the social-media rules:
//   - rhetorical 难道…不…吗 questions lose their negation ("难道不好吗" asserts 好);
//   - with a contrast word (但是/不过/然而/可是 …) the clause after the last one counts
//     contrastAfter times, the part before contrastBefore times;
//   - a surface-positive phrase ("真是好极了") in an otherwise negative post is sarcasm
//     and turns the post negative; 呵呵 and rhetorical complaints (凭什么 …) push negative;
//   - emoticons and emoji add their polarity from the project's lexicon (capped).
//
// It is deterministic and safe for concurrent use.
func (m *Model) Analyze(in Input) Analysis { return m.analyze(in, true) }

// AnalyzeLogit is Analyze without the explanation (faster): the same Logit.
func (m *Model) AnalyzeLogit(in Input) float32 { return m.analyze(in, false).Logit }

func (m *Model) analyze(in Input, explain bool) Analysis {
	if w, ok := dropRhetoricalNegation(in.Words); ok {
		in.Words, in.Text = w, strings.Join(w, "")
	}
	var rules []Term
	rule := func(term string, w float32) {
		if explain {
			rules = append(rules, Term{Term: term, Weight: w})
		}
	}
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	var words *[]wordEmit // the word features, kept for the explanation
	if explain {
		sc.words = sc.words[:0]
		words = &sc.words
	}
	sc.idx = m.indicesOf(sc, in, sc.idx, words)
	nFeatures := len(sc.idx)
	z := m.logit(sc.idx)
	if zc, word, ok := m.contrast(in, nFeatures); ok {
		rule("contrast:"+word, zc-z)
		z = zc
	}
	found := rulePhrases.first(in.Text)
	if found[listSarcasm] != "" {
		if zs, phrase, ok := m.sarcasm(in); ok {
			rule("sarcasm:"+phrase, zs-z)
			z = zs
		}
	}
	if d := found[listDismissive]; d != "" {
		rule("dismissive:"+d, -dismissShift)
		z -= dismissShift
	}
	if c := found[listComplaint]; c != "" {
		rule("complaint:"+c, -complaintShift)
		z -= complaintShift
	}
	sym, symTerms := symbols(in, explain)
	z += sym
	if !explain {
		return Analysis{Logit: z}
	}
	terms := append(m.wordTerms(sc, nFeatures), symTerms...)
	defer func() {
		clear(terms) // the words are the caller's
		sc.termBuf = terms[:0]
	}()
	// append copies the word terms out of the scratch buffer: topTerms of rules is nil
	// or clipped.
	return Analysis{Logit: z, Terms: append(topTerms(rules, len(rules)), topTerms(terms, MaxTerms)...)}
}

// symbols sums the lexicon polarity of in's emoticons and emoji, capped at ±symbolCap.
func symbols(in Input, explain bool) (float32, []Term) {
	var sum float32
	var terms []Term
	add := func(name string, p float32) {
		sum += p * symbolWeight
		if explain {
			terms = append(terms, Term{Term: name, Weight: p * symbolWeight})
		}
	}
	for _, e := range in.Emoticons {
		if p, ok := emoticonPolarity[fold.Lower(e)]; ok {
			add("["+e+"]", p)
		}
	}
	for _, e := range in.Emoji {
		if p, ok := emojiPolarity[e]; ok {
			add(e, p)
		}
	}
	return max(-symbolCap, min(symbolCap, sum)), terms
}

// dropRhetoricalNegation removes 难道 and the first negator after it from a clause that
// asks (ends in 吗/呢 or "?"), so "难道不香吗" scores like 香; ok is false when there is
// no such clause. words is not modified.
func dropRhetoricalNegation(words []string) ([]string, bool) {
	i := slices.Index(words, "难道")
	if i < 0 {
		return words, false
	}
	end := i + 1
	for end < len(words) && !isBoundary(words[end]) {
		end++
	}
	asks := end < len(words) && strings.Contains(words[end], "?") || slices.Contains(words[i:end], "吗") || slices.Contains(words[i:end], "呢")
	if !asks {
		return words, false
	}
	out := make([]string, 0, len(words))
	out = append(out, words[:i]...)
	dropped := false
	for _, w := range words[i+1 : end] {
		if !dropped && negators[w] {
			dropped = true
			continue
		}
		if w == "吗" || w == "呢" {
			continue
		}
		out = append(out, w)
	}
	return append(out, words[end:]...), true
}

// part builds an Input of words alone: the text is their concatenation.
func part(words []string) Input {
	return Input{Text: strings.Join(words, ""), Words: words}
}

// hasWords reports whether words hold a non-boundary, non-space token.
func hasWords(words []string) bool {
	for _, w := range words {
		if !isBoundary(w) && !fold.Blank(w) {
			return true
		}
	}
	return false
}

// contrast re-weighs a text around its last contrast word: the features of the clause
// after it count contrastAfter times, those before contrastBefore times, at the whole
// text's feature scale; ok is false when there is no contrast word with words on both
// sides.
func (m *Model) contrast(in Input, nFeatures int) (float32, string, bool) {
	ci := -1
	for i, w := range in.Words {
		if wordClasses.Tags(w)&classContrast != 0 {
			ci = i
		}
	}
	if ci <= 0 || !hasWords(in.Words[:ci]) || !hasWords(in.Words[ci+1:]) {
		return 0, "", false
	}
	scale := m.featureScale(nFeatures)
	sb, sa := m.sum(part(in.Words[:ci])), m.sum(part(in.Words[ci+1:]))
	return m.bias + scale*(contrastBefore*sb+contrastAfter*sa), in.Words[ci], true
}

// sum adds the weights of in's distinct features.
func (m *Model) sum(in Input) float32 {
	sc := m.pool.Get().(*scratch)
	sc.idx = m.indicesOf(sc, in, sc.idx, nil)
	var z float32
	for _, i := range sc.idx {
		z += m.weight(i)
	}
	m.pool.Put(sc)
	return z
}

// sarcasm finds a surface-positive phrase whose clause stands in an otherwise negative
// text (the other clauses score negative, or the emoticons and emoji do) and returns the
// logit of the other clauses pushed sarcasmShift further negative.
func (m *Model) sarcasm(in Input) (float32, string, bool) {
	clauses := splitClauses(in.Words)
	for ci, c := range clauses {
		joined := strings.Join(c, "")
		for _, p := range sarcasmPhrases {
			if !strings.Contains(joined, p) {
				continue
			}
			var rest []string
			for cj, d := range clauses {
				if cj != ci {
					rest = append(append(rest, d...), "，")
				}
			}
			sym, _ := symbols(in, false)
			zr := m.Logit(part(rest))
			if !hasWords(rest) || (zr >= 0 && sym >= 0) {
				return 0, "", false
			}
			return min(zr, 0) - sarcasmShift, p, true
		}
	}
	return 0, "", false
}

// splitClauses cuts words at boundary tokens (dropped).
func splitClauses(words []string) [][]string {
	var out [][]string
	var cur []string
	for _, w := range words {
		if isBoundary(w) {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// wordTerms attributes the logit to the words whose features are words (as
// featureBuckets recorded them in sc.words, bigrams left out): each word gets the weight
// of its own feature (w:, or NEG_ inside a negation scope), of its DEG_ feature after a
// degree adverb and of the character n-grams within it, all times the text's feature
// scale. A word seen again reuses the weight of its first feature and n-grams (the same
// buckets, so the same sum).
func (m *Model) wordTerms(sc *scratch, nFeatures int) []Term {
	scale := m.featureScale(nFeatures)
	out := sc.termBuf[:0]
	for neg := range sc.terms {
		sc.terms[neg].Reset(len(sc.words))
		sc.termOf[neg] = sc.termOf[neg][:0]
	}
	defer sc.resetTerms()
	var w float32
	addWeight := func(b uint32) { w += m.weight(b) }
	for _, e := range sc.words {
		neg := 0
		if e.p == prefixNeg {
			neg = 1
		}
		k, added := sc.terms[neg].Add(e.name)
		if added {
			sc.termOf[neg] = append(sc.termOf[neg], len(out))
		}
		j := sc.termOf[neg][k]
		switch {
		case e.p == prefixDegree:
			w = m.weight(e.bucket)
		case !added && sc.own[j].known:
			w = sc.own[j].w
		default:
			w = m.weight(e.bucket)
			if m.cfg.CharNGram > 0 {
				m.cleanCharBuckets(withoutSpace(e.name), addWeight) // wordFeatures lowercased the name
			}
		}
		if !added {
			out[j].Weight += w * scale
		} else {
			name := e.name
			if neg == 1 {
				name = prefixNeg.String() + e.name
			}
			out = append(out, Term{Term: name, Weight: w * scale})
			sc.own = append(sc.own, ownWeight{})
		}
		if e.p != prefixDegree {
			sc.own[j] = ownWeight{w: w, known: true}
		}
	}
	return out
}

// resetTerms empties the term indexes (they hold the caller's words).
func (sc *scratch) resetTerms() {
	sc.own = sc.own[:0]
	for neg := range sc.terms {
		sc.terms[neg].Reset(0)
	}
}

// ownWeight is the weight of a word term's own feature and n-grams, once known.
type ownWeight struct {
	w     float32
	known bool
}

// topTerms keeps the n terms of largest magnitude (stable for ties), dropping near-zero
// ones. It reorders terms: the first n places are what a stable sort by magnitude would
// put there (a selection, cheaper than sorting every word of a long text for five).
func topTerms(terms []Term, n int) []Term {
	n = min(n, len(terms))
	for j := range n {
		best := j
		for i := j + 1; i < len(terms); i++ {
			if cmp.Compare(math.Abs(float64(terms[i].Weight)), math.Abs(float64(terms[best].Weight))) > 0 {
				best = i // strictly larger: among equals the first stays first, as in a stable sort
			}
		}
		t := terms[best]
		copy(terms[j+1:best+1], terms[j:best]) // keep the others in order
		terms[j] = t
	}
	k := 0
	for k < n && math.Abs(float64(terms[k].Weight)) >= 0.01 {
		k++
	}
	if k == 0 {
		return nil
	}
	return slices.Clip(terms[:k])
}
