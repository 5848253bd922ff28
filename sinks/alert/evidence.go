package alert

import (
	"cmp"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/lingting/lingting/event"
)

// evidenceSize is how many recent negative mentions a brand keeps for evidence.
const evidenceSize = 400

// evidenceRing keeps a brand's recent negative mentions.
type evidenceRing struct {
	items []evidenceItem
	next  int
}

type evidenceItem struct {
	s        Sample
	thread   string
	tokens   []string
	hashtags []string
}

func (r *evidenceRing) add(m *event.Mention) {
	it := evidenceItem{s: sampleOf(m), thread: m.ThreadID, tokens: m.Tokens, hashtags: m.Hashtags}
	if len(r.items) < evidenceSize {
		r.items = append(r.items, it)
		return
	}
	r.items[r.next] = it
	r.next = (r.next + 1) % evidenceSize
}

// sampleText is how many characters of a mention's text evidence keeps.
const sampleText = 140

func sampleOf(m *event.Mention) Sample {
	text := m.Text
	if utf8.RuneCountInString(text) > sampleText {
		text = string([]rune(text)[:sampleText]) + "…"
	}
	return Sample{ID: m.ID, URL: m.URL, Platform: string(m.Platform), Author: m.Author.Nickname,
		Followers: m.Author.Followers, Interactions: interactions(m), Score: m.Sentiment.Score,
		At: m.CreatedAt, Text: text}
}

// evidenceLookback is how far before an alert's start its evidence mentions may lie.
const evidenceLookback = 15 * time.Minute

// buildEvidence picks the alert's evidence from its brand's recent negative mentions
// (those of its channel and thread, since shortly before it started), or from the
// triggering mentions of a one-off alert.
func (e *Engine) buildEvidence(f *firing) Evidence {
	a := &f.alert
	var items []evidenceItem
	if oneOffRule(a.Rule) {
		for _, s := range f.samples {
			items = append(items, evidenceItem{s: s})
		}
	} else if r := e.ev[a.Brand]; r != nil {
		from := a.StartsAt.Add(-evidenceLookback)
		for _, it := range r.items {
			if it.s.At.Before(from) || (a.Channel != "" && it.s.Platform != string(a.Channel)) ||
				(a.Rule == RulePileOn && it.thread != a.Subject) {
				continue
			}
			items = append(items, it)
		}
	}
	ev := Evidence{Channels: map[string]int{}}
	terms, tags := map[string]int{}, map[string]int{}
	for _, it := range items {
		ev.Channels[it.s.Platform]++
		for _, t := range it.tokens {
			if utf8.RuneCountInString(t) >= 2 && t != a.Brand {
				terms[t]++
			}
		}
		for _, h := range it.hashtags {
			tags[h]++
		}
	}
	slices.SortFunc(items, func(x, y evidenceItem) int {
		return cmp.Or(cmp.Compare(x.s.Score, y.s.Score), cmp.Compare(y.s.Followers+y.s.Interactions, x.s.Followers+x.s.Interactions))
	})
	for _, it := range items[:min(maxSamples, len(items))] {
		ev.Mentions = append(ev.Mentions, it.s)
	}
	ev.Terms, ev.Hashtags = top(terms, 10), top(tags, 5)
	return ev
}

// top returns the n most frequent terms, ties by term.
func top(counts map[string]int, n int) []TermCount {
	out := make([]TermCount, 0, len(counts))
	for t, c := range counts {
		out = append(out, TermCount{t, c})
	}
	slices.SortFunc(out, func(a, b TermCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Term, b.Term)) })
	return out[:min(n, len(out))]
}
