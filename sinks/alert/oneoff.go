package alert

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lingting/lingting/event"
)

// sighting is when a record was last seen and with how many interactions.
type sighting struct {
	at           time.Time
	interactions int64
}

// maxSightings bounds the records remembered for engagement growth.
const maxSightings = 100000

// oneOff runs the per-mention detectors: high reach, pile-on and compliance.
func (e *Engine) oneOff(m *event.Mention, minute int64) {
	brand := firstBrand(m)
	e.checkReach(m, brand)
	if minute > e.closed {
		e.checkPileOn(m, brand, minute)
	}
	e.checkCompliance(m, brand)
}

func interactions(m *event.Mention) int64 { return m.Engage.Comments + m.Engage.Reposts }

// checkReach fires for a strongly negative mention by a big author, with many
// interactions, or whose interactions grow fast between two sightings.
func (e *Engine) checkReach(m *event.Mention, brand string) {
	growth := e.growth(m)
	if brand == "" || m.Sentiment.Label != event.Negative {
		return
	}
	r := e.rules(brand).Reach
	if r.Off || m.Sentiment.Score > r.MaxScore {
		return
	}
	why := ""
	switch {
	case m.Author.Followers >= r.MinFollowers:
		why = fmt.Sprintf("author with %d followers", m.Author.Followers)
	case interactions(m) >= r.MinInteractions:
		why = fmt.Sprintf("%d comments and reposts", interactions(m))
	case growth >= r.GrowthPerHour:
		why = fmt.Sprintf("interactions growing by %.0f an hour", growth)
	default:
		return
	}
	nums := map[string]float64{"followers": float64(m.Author.Followers), "interactions": float64(interactions(m)),
		"growth_per_hour": growth, "score": float64(m.Sentiment.Score)}
	e.trigger(trigger{rule: RuleReach, key: dedupKey(RuleReach, brand, m.Platform, m.ID), brand: brand,
		ch: m.Platform, subject: m.ID, sev: Warning, at: m.CreatedAt, nums: nums, trig: m, sample: true,
		summary: fmt.Sprintf("%s: high-reach negative %s on %s (%s)", brand, m.Kind, m.Platform, why)})
}

// growth records m's interactions and returns their growth per hour of event time since
// the previous sighting of the same record (0 on the first).
func (e *Engine) growth(m *event.Mention) float64 {
	now, prev := interactions(m), e.posts[m.ID]
	if len(e.posts) >= maxSightings {
		clear(e.posts)
	}
	e.posts[m.ID] = sighting{at: e.maxEvent, interactions: now}
	if prev.at.IsZero() || now <= prev.interactions {
		return 0
	}
	hours := max(e.maxEvent.Sub(prev.at).Hours(), 1.0/60)
	return float64(now-prev.interactions) / hours
}

// checkCompliance fires for a WeCom chat message holding a listed word; one alert per
// chat room and category, later matches join it as evidence.
func (e *Engine) checkCompliance(m *event.Mention, brand string) {
	if m.Platform != event.WeCom || m.Kind != event.Chat {
		return
	}
	r := e.rules(brand).Compliance
	if r.Off {
		return
	}
	cats := make([]string, 0, len(r.Lists))
	for c := range r.Lists {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, cat := range cats {
		for _, w := range r.Lists[cat] {
			if !strings.Contains(m.Text, w) {
				continue
			}
			room := m.ThreadID
			e.trigger(trigger{rule: RuleCompliance, key: dedupKey(RuleCompliance, brand, event.WeCom, room+"#"+cat),
				brand: brand, ch: event.WeCom, subject: room + "#" + cat, sev: Warning, at: m.CreatedAt, trig: m,
				sample: true, nums: map[string]float64{"matches": 1},
				summary: fmt.Sprintf("%s: WeCom chat holds %s words (%q)", orNone(brand), cat, w)})
			break
		}
	}
}

func orNone(brand string) string {
	if brand == "" {
		return "(no brand)"
	}
	return brand
}

// thread counts the negative replies under one post or video per minute.
type thread struct {
	brand    string
	platform event.Platform
	ring     [ringSize]counts // replies per minute: negative and all
	last     int64            // newest minute with a reply
	calm     int
}

func (t *thread) at(m int64) counts {
	c := t.ring[int(((m%ringSize)+ringSize)%ringSize)]
	if c.min != m {
		return counts{min: m}
	}
	return c
}

// sum returns the negative replies of minutes from … to, and all replies.
func (t *thread) sum(from, to int64) (neg, all int) {
	for k := from; k <= to; k++ {
		c := t.at(k)
		neg, all = neg+c.neg, all+c.all
	}
	return neg, all
}

// checkPileOn counts a reply under its thread and fires when the thread's window holds
// MinCount negative replies, Accel times the window before, and MinShare of its replies.
func (e *Engine) checkPileOn(m *event.Mention, brand string, minute int64) {
	if m.ThreadID == "" || (m.Kind != event.Comment && m.Kind != event.Repost) {
		return
	}
	neg := m.Sentiment.Label == event.Negative
	t := e.threads[m.ThreadID]
	if t == nil {
		t = &thread{platform: m.Platform}
		e.threads[m.ThreadID] = t
	}
	if t.brand == "" {
		t.brand = brand
	}
	c := &t.ring[int(((minute%ringSize)+ringSize)%ringSize)]
	if c.min != minute {
		*c = counts{min: minute}
	}
	c.all++
	if neg {
		c.neg++
	}
	t.last = max(t.last, minute)
	if t.brand == "" || !neg {
		return
	}
	r := e.rules(t.brand).PileOn
	w := int64(r.Window)
	recent, all := t.sum(minute-w+1, minute)
	before, _ := t.sum(minute-2*w+1, minute-w)
	need := e.pileOnNeed(t.brand, minute, r)
	if r.Off || float64(recent) < need || float64(recent) < r.Accel*float64(before+1) ||
		float64(recent) < r.MinShare*float64(all) {
		return
	}
	sev := Warning
	if float64(recent) >= 4*need {
		sev = Critical
	}
	e.trigger(trigger{rule: RulePileOn, key: dedupKey(RulePileOn, t.brand, t.platform, m.ThreadID), brand: t.brand,
		ch: t.platform, subject: m.ThreadID, sev: sev, at: time.Unix((minute-w+1)*60, 0).UTC(), trig: m,
		nums: map[string]float64{"negative_replies": float64(recent), "replies": float64(all),
			"negative_replies_before": float64(before), "window_minutes": float64(w)},
		summary: fmt.Sprintf("%s: %d negative replies of %d in %d min under one %s thread (%d in the %d min before)",
			t.brand, recent, all, w, t.platform, before, w)})
}

// pileOnNeed is how many negative replies one thread's window needs: MinCount, and
// BrandFactor times the brand's usual negative mentions over a window (all threads and
// channels together); twice MinCount while that baseline is still warming up.
func (e *Engine) pileOnNeed(brand string, minute int64, r PileOnRule) float64 {
	s := e.series[seriesKey{brand, ""}]
	if s == nil {
		return 2 * float64(r.MinCount)
	}
	med, _, _, ok := s.volBaseline(minute, e.cfg.Warmup)
	if !ok {
		return 2 * float64(r.MinCount)
	}
	return max(float64(r.MinCount), r.BrandFactor*med*float64(r.Window))
}

// closeThreads resolves pile-ons that calmed down and forgets idle threads.
func (e *Engine) closeThreads(k int64, end time.Time) {
	for id, t := range e.threads {
		r := e.rules(t.brand).PileOn
		w := int64(r.Window)
		key := dedupKey(RulePileOn, t.brand, t.platform, id)
		if _, on := e.active[key]; on {
			neg, _ := t.sum(k-w+1, k)
			t.calm = calm(t.calm, neg >= r.MinCount/2)
			if t.calm >= e.cfg.ResolveAfter {
				e.resolve(key, end)
			}
			continue
		}
		t.calm = 0
		if k-t.last > 2*w {
			delete(e.threads, id)
		}
	}
}
