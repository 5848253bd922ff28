package simulate

import (
	"math/rand/v2"
	"strings"

	"github.com/lingting/lingting/event"
)

// writer fills text templates for one brand and sentiment.
type writer struct {
	r      *rand.Rand
	brand  *Brand
	crisis *Crisis
}

// body returns a sentence of the given sentiment, without platform decoration.
func (w writer) body(sentiment string) string {
	var tpl string
	switch {
	case w.crisis != nil && sentiment == event.Negative:
		tpl = pick(w.r, crisisNegative)
	case w.crisis != nil && sentiment == event.Positive:
		tpl = pick(w.r, crisisPositive)
	case w.crisis != nil:
		tpl = pick(w.r, crisisNeutral)
	case sentiment == event.Positive:
		tpl = pick(w.r, positiveTemplates)
	case sentiment == event.Negative:
		tpl = pick(w.r, negativeTemplates)
	default:
		tpl = pick(w.r, neutralTemplates)
	}
	return w.fill(tpl, sentiment)
}

// fill replaces the template's slots: {B} brand, {P} product, {A}/{A2} aspects with
// {G}/{G2} praise and {N}/{N2} criticism of them, {D} a degree adverb, {E} an emoji, and
// for crises {T} the topic and {C} a complaint.
func (w writer) fill(tpl, sentiment string) string {
	a, a2 := pick(w.r, aspects), pick(w.r, aspects)
	for a2.name == a.name {
		a2 = pick(w.r, aspects)
	}
	var b strings.Builder
	b.Grow(len(tpl) + 48)
	for {
		i := strings.IndexByte(tpl, '{')
		j := strings.IndexByte(tpl, '}')
		if i < 0 || j < i {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		b.WriteString(w.slot(tpl[i+1:j], sentiment, &a, &a2))
		tpl = tpl[j+1:]
	}
}

func (w writer) slot(name, sentiment string, a, a2 *aspect) string {
	switch name {
	case "B":
		return w.brandName()
	case "P":
		return pick(w.r, w.brand.Products)
	case "A":
		return a.name
	case "A2":
		return a2.name
	case "G":
		return pick(w.r, a.good)
	case "G2":
		return pick(w.r, a2.good)
	case "N":
		return pick(w.r, a.bad)
	case "N2":
		return pick(w.r, a2.bad)
	case "D":
		if sentiment == event.Negative {
			return pick(w.r, badDegrees)
		}
		return pick(w.r, goodDegrees)
	case "E":
		return w.emoji(sentiment)
	case "T":
		if w.crisis != nil {
			return w.crisis.Topic
		}
	case "C":
		if w.crisis != nil && len(w.crisis.Complaints) > 0 {
			return pick(w.r, w.crisis.Complaints)
		}
		return "出了问题"
	}
	return ""
}

// brandName is the brand's name, or now and then one of its aliases.
func (w writer) brandName() string {
	if len(w.brand.Keywords) > 0 && w.r.Float64() < 0.25 {
		return pick(w.r, w.brand.Keywords)
	}
	return w.brand.Name
}

func (w writer) emoji(sentiment string) string {
	if w.r.Float64() < 0.4 {
		return ""
	}
	switch sentiment {
	case event.Positive:
		return pick(w.r, positiveEmoji)
	case event.Negative:
		return pick(w.r, negativeEmoji)
	}
	return pick(w.r, neutralEmoji)
}

// weiboText decorates a body as a Weibo post or comment: #话题#, [表情], @提及 and links.
func (w writer) weiboText(sentiment string, post bool, mention string) string {
	var b strings.Builder
	if post && w.r.Float64() < 0.35 {
		tag := w.brand.Name
		if w.crisis != nil {
			tag = w.crisis.Topic
		}
		b.WriteString("#" + tag + "# ")
	}
	if mention != "" && w.r.Float64() < 0.2 {
		b.WriteString("@" + mention + " ")
	}
	b.WriteString(w.body(sentiment))
	if w.r.Float64() < 0.5 {
		switch sentiment {
		case event.Positive:
			b.WriteString(pick(w.r, weiboPositive))
		case event.Negative:
			b.WriteString(pick(w.r, weiboNegative))
		default:
			b.WriteString(pick(w.r, weiboNeutral))
		}
	}
	if post && w.r.Float64() < 0.1 {
		b.WriteString(" " + pick(w.r, shortLinks))
	}
	return b.String()
}

// douyinTitle is a video title: a sentence with Douyin-style #话题 tags.
func (w writer) douyinTitle(sentiment string) string {
	tag := w.brand.Name
	if w.crisis != nil {
		tag = w.crisis.Topic
	}
	return w.body(sentiment) + " #" + tag + " #" + pick(w.r, w.brand.Products)
}

// douyinComment is a comment with a Douyin [表情] now and then.
func (w writer) douyinComment(sentiment string, mention string) string {
	s := w.body(sentiment)
	if mention != "" && w.r.Float64() < 0.15 {
		s = "@" + mention + " " + s
	}
	if w.r.Float64() < 0.4 {
		s += pick(w.r, douyinFaces[sentiment])
	}
	return s
}

// chatText is what a customer writes to the brand's staff.
func (w writer) chatText(sentiment string) string {
	return pick(w.r, customerOpeners) + w.body(sentiment)
}
