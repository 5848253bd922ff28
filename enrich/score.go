package enrich

import (
	"strings"

	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/sentiment"
	"github.com/lingting/lingting/event"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// repostDefaults are the texts Weibo fills in when a reposter writes nothing.
var repostDefaults = map[string]bool{"转发微博": true, "轉發微博": true, "repost": true}

// input is the sentiment model's view of one part of a text.
func input(x extraction, tokens []string) sentiment.Input {
	return sentiment.Input{Text: x.Rest, Words: tokens, Emoticons: x.Emoticons, Emoji: x.Emoji}
}

// hasContent reports whether in carries anything to score.
func hasContent(in sentiment.Input) bool {
	if len(in.Emoticons)+len(in.Emoji) > 0 {
		return true
	}
	n, size := 0, 0
	for _, w := range in.Words {
		if segment.IsWord(w) {
			n++
			size += len(w)
		}
	}
	if n == 0 {
		return false
	}
	if size > 3*maxRepostDefault {
		return true // lowercasing shrinks a text to a third at most (K, the Kelvin sign, is 3 bytes)
	}
	return !repostDefaults[fold.Lower(strings.Join(segment.Words(in.Words), ""))]
}

// maxRepostDefault is the length in bytes of the longest of repostDefaults.
var maxRepostDefault = func() int {
	n := 0
	for d := range repostDefaults {
		n = max(n, len(d))
	}
	return n
}()

// sentiment scores the author's own words at full weight and a repost chain at
// p.chainWeight (fully when the author wrote nothing of their own), with the model's
// social-media rules (sentiment.Model.Analyze). A text with nothing to score, or one that
// is not Chinese and has no emoticon or emoji, is neutral with score 0: the model knows
// Chinese only.
func (p *Pipeline) sentiment(lang string, own, chain sentiment.Input) event.Sentiment {
	if lang == LangOther {
		own.Text, own.Words = "", nil
		chain.Text, chain.Words = "", nil
	}
	ownOK, chainOK := hasContent(own), hasContent(chain)
	var a sentiment.Analysis
	switch {
	case ownOK && chainOK:
		a = p.model.Analyze(own)
		a.Logit += p.chainWeight * (p.model.AnalyzeLogit(chain) - p.model.Bias())
	case ownOK:
		a = p.model.Analyze(own)
	case chainOK:
		a = p.model.Analyze(chain)
	default:
		return event.Sentiment{Score: 0, Label: event.Neutral}
	}
	s := sentiment.ScoreOf(a.Logit)
	out := event.Sentiment{Score: s, Label: sentiment.LabelOf(s)}
	if len(a.Terms) > 0 {
		out.Terms = make([]event.SentimentTerm, len(a.Terms))
		for i, t := range a.Terms {
			out.Terms[i] = event.SentimentTerm{Term: t.Term, Weight: t.Weight}
		}
	}
	return out
}
