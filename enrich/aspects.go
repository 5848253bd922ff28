package enrich

import (
	"iter"
	"strings"
	"unicode"

	"github.com/lingting/lingting/enrich/sentiment"
	"github.com/lingting/lingting/event"

	"github.com/lingting/lingting/enrich/internal/fold"
	"github.com/lingting/lingting/enrich/internal/phrase"
)

// clauseBreaks split a text into clauses besides punctuation: the two sides of a
// contrast talk about different things ("便宜是便宜，但是质量差").
var clauseBreaks = phrase.NewWords("但是", "但", "不过", "然而", "可是", "却", "而且", "并且")

// aspects scores every aspect of the taxonomy that a clause of words talks about: each
// clause is scored alone (sentiment.Model.Analyze, its evidence beyond the model's bias)
// and an aspect's evidence is the sum over its clauses. Aspects come in taxonomy order;
// nil when none.
func (p *Pipeline) aspects(words []string) []event.Aspect {
	names := p.aspectDet.Names()
	var evidence []float32
	var found []bool
	for c := range clauses(words) {
		clause := fold.Lower(strings.Join(c, ""))
		var z float32
		scored := false
		p.aspectDet.In(clause, func(i int) {
			if found == nil {
				evidence, found = make([]float32, len(names)), make([]bool, len(names))
			}
			if !scored {
				z = p.model.AnalyzeLogit(sentiment.Input{Text: clause, Words: c}) - p.model.Bias()
				scored = true
			}
			evidence[i] += z
			found[i] = true
		})
	}
	var out []event.Aspect
	for i, ok := range found {
		if ok {
			s := sentiment.ScoreOf(evidence[i])
			out = append(out, event.Aspect{Name: names[i], Score: s, Label: sentiment.LabelOf(s)})
		}
	}
	return out
}

// clauses yields the clauses of words, cut at punctuation tokens and clause-breaking
// conjunctions (both dropped).
func clauses(words []string) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		start := 0
		for i, w := range words {
			if isPunctToken(w) || clauseBreaks.Has(w) {
				if i > start && !yield(words[start:i]) {
					return
				}
				start = i + 1
			}
		}
		if start < len(words) {
			yield(words[start:])
		}
	}
}

// isPunctToken reports a token of punctuation (and spaces) only.
func isPunctToken(t string) bool {
	if fold.StartsWithHan(t) {
		return false
	}
	punct := false
	for _, r := range t {
		switch {
		case fold.IsHan(r): // letters
			return false
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			punct = true
		case !unicode.IsSpace(r):
			return false
		}
	}
	return punct
}
