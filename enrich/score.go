package enrich

import (
	"strings"

	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/sentiment"
	"github.com/lingting/lingting/event"
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
	words := segment.Words(in.Words)
	return len(words) > 0 && !repostDefaults[strings.ToLower(strings.Join(words, ""))]
}

// sentiment scores the author's own words at full weight and a repost chain at
// p.chainWeight (fully when the author wrote nothing of their own). A text with nothing to
// score is neutral with score 0.
func (p *Pipeline) sentiment(own, chain sentiment.Input) event.Sentiment {
	ownOK, chainOK := hasContent(own), hasContent(chain)
	var logit float32
	switch {
	case ownOK && chainOK:
		logit = p.model.Logit(own) + p.chainWeight*(p.model.Logit(chain)-p.model.Bias())
	case ownOK:
		logit = p.model.Logit(own)
	case chainOK:
		logit = p.model.Logit(chain)
	default:
		return event.Sentiment{Score: 0, Label: event.Neutral}
	}
	s := sentiment.ScoreOf(logit)
	return event.Sentiment{Score: s, Label: sentiment.LabelOf(s)}
}
