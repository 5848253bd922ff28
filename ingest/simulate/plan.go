package simulate

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/lingting/lingting/event"
)

// item is one generated record before rendering: what it is, who wrote it, when, about
// which brand, with which intended sentiment.
type item struct {
	num       uint64
	platform  event.Platform
	kind      event.Kind
	at        time.Time
	brand     int
	crisis    int // index+1 of the crisis it belongs to; 0 for ordinary traffic
	sentiment string
	author    int    // person index; -1 when a staff member wrote it
	staff     string // WeCom staff userid taking part
	customer  int    // WeCom: the customer (person index) taking part
	text      string
	thread    *item // root post or video of a comment or repost
	reply     *item // earlier comment or repost of the same thread it answers
	room      string
	msgtype   string // WeCom message type; "switch" for a switch record
	change    string // WeCom customer-event change type
	likes     int64
	comments  int64
	reposts   int64
}

// role is what a slot of a batch will hold before its details are drawn.
type role struct {
	at     time.Time
	crisis int // index+1, or 0
}

// kindMix is the platform and kind mix of ordinary traffic.
var kindMix = []struct {
	platform event.Platform
	kind     event.Kind
	weight   float64
}{
	{event.Weibo, event.Post, 0.20}, {event.Weibo, event.Repost, 0.10}, {event.Weibo, event.Comment, 0.22},
	{event.Douyin, event.Post, 0.06}, {event.Douyin, event.Comment, 0.24},
	{event.WeCom, event.Chat, 0.14}, {event.WeCom, event.CustomerEvent, 0.04},
}

// crisisMix is the platform and kind mix of crisis traffic.
var crisisMix = []struct {
	platform event.Platform
	kind     event.Kind
	weight   float64
}{
	{event.Weibo, event.Repost, 0.35}, {event.Weibo, event.Comment, 0.30}, {event.Weibo, event.Post, 0.10},
	{event.Douyin, event.Comment, 0.15}, {event.WeCom, event.Chat, 0.10},
}

// planner generates one batch.
type planner struct {
	s     *Source
	r     *rand.Rand
	batch int64
	t0    time.Time
	items []*item
	hot   map[uint64]*item
}

// plan returns the items of batch idx in time order: ordinary and crisis mentions, and
// the hot posts and crisis roots whose time falls in the batch. It is a pure function of
// the Source's config and idx.
func (s *Source) plan(idx int64) []*item {
	p := &planner{s: s, r: stream(s.cfg.Seed, tagBatch, uint64(idx)), batch: idx,
		t0: s.cfg.Start.Add(time.Duration(idx) * s.cfg.Step), hot: map[uint64]*item{}}
	for seq, rl := range p.roles() {
		p.items = append(p.items, p.regular(seq, rl))
	}
	out := append([]*item(nil), p.items...)
	out = append(out, p.roots()...)
	slices.SortStableFunc(out, func(a, b *item) int { return a.at.Compare(b.at) })
	return out
}

// roles draws how many mentions the batch holds, which belong to a crisis, and when.
func (p *planner) roles() []role {
	cfg := &p.s.cfg
	mid := p.t0.Add(cfg.Step / 2)
	base := cfg.RatePerHour * cfg.Step.Hours()
	rs := make([]role, 0, 16)
	for range poisson(p.r, base*season(mid)) {
		rs = append(rs, role{})
	}
	for ci, c := range cfg.Crises {
		start := cfg.Start.Add(c.Offset)
		x := float64(mid.Sub(start)) / float64(c.Duration)
		lambda := base * p.s.brandShare[brandIndex(cfg.Brands, c.Brand)] * (c.Multiplier - 1) * crisisShape(x)
		for range poisson(p.r, lambda) {
			rs = append(rs, role{crisis: ci + 1})
		}
	}
	if len(rs) > maxPerBatch {
		rs = rs[:maxPerBatch]
	}
	for i := range rs {
		rs[i].at = p.t0.Add(time.Duration(p.r.Int64N(int64(cfg.Step))))
		if c := rs[i].crisis; c > 0 {
			if root := p.s.crisisStart(c - 1).Add(time.Second); rs[i].at.Before(root) {
				rs[i].at = root
			}
		}
	}
	slices.SortStableFunc(rs, func(a, b role) int { return a.at.Compare(b.at) })
	return rs
}

// regular draws the seq-th mention of the batch.
func (p *planner) regular(seq int, rl role) *item {
	it := &item{num: regularNum(p.batch, seq), at: rl.at.Truncate(time.Millisecond), crisis: rl.crisis, author: -1}
	if rl.crisis > 0 {
		c := &p.s.cfg.Crises[rl.crisis-1]
		it.brand = brandIndex(p.s.cfg.Brands, c.Brand)
		m := crisisMix[weighted(p.r, len(crisisMix), func(i int) float64 { return crisisMix[i].weight })]
		it.platform, it.kind = m.platform, m.kind
		if it.platform == event.Douyin && it.at.Before(p.s.crisisRoot(rl.crisis-1, 1).at) {
			it.platform = event.Weibo // the crisis video is not out yet
		}
		it.sentiment = crisisSentiment(p.r, c.NegativeShare)
	} else {
		it.brand = weighted(p.r, len(p.s.brandShare), func(i int) float64 { return p.s.brandShare[i] })
		m := kindMix[weighted(p.r, len(kindMix), func(i int) float64 { return p.kindWeight(i, it.at) })]
		it.platform, it.kind = m.platform, m.kind
		it.sentiment = baselineSentiment(p.r)
	}
	switch it.platform {
	case event.Weibo:
		p.weibo(it)
	case event.Douyin:
		p.douyin(it)
	default:
		p.wecom(it)
	}
	return it
}

// kindWeight halves WeCom traffic at weekends, when customer service is thinly staffed.
func (p *planner) kindWeight(i int, at time.Time) float64 {
	if kindMix[i].platform == event.WeCom && weekend(at) {
		return kindMix[i].weight / 2
	}
	return kindMix[i].weight
}

func (p *planner) writer(it *item) writer {
	w := writer{r: p.r, brand: &p.s.cfg.Brands[it.brand]}
	if it.crisis > 0 {
		w.crisis = &p.s.cfg.Crises[it.crisis-1]
	}
	return w
}

// threadFor is the post a comment or repost at it.at on it.platform hangs under: the
// crisis root for crisis traffic, otherwise the brand's hot post of the hour (or of the
// hour before, when this hour's is not written yet).
func (p *planner) threadFor(it *item) *item {
	plat := platBit(it.platform)
	if it.crisis > 0 {
		return p.s.crisisRoot(it.crisis-1, plat)
	}
	hour := it.at.Unix() / 3600
	h := p.hotPost(hour, it.brand, plat)
	if h.at.After(it.at) {
		h = p.hotPost(hour-1, it.brand, plat)
	}
	return h
}

func (p *planner) hotPost(hour int64, brand, plat int) *item {
	n := hotNum(hour, brand, plat)
	if h, ok := p.hot[n]; ok {
		return h
	}
	h := p.s.hotPost(hour, brand, plat)
	p.hot[n] = h
	return h
}

// earlier returns a recent item of the batch with the same platform, kind and thread.
func (p *planner) earlier(it *item) *item {
	for i := len(p.items) - 1; i >= max(0, len(p.items)-30); i-- {
		o := p.items[i]
		if o.platform == it.platform && o.kind == it.kind && o.thread == it.thread {
			return o
		}
	}
	return nil
}

// roots returns the hot posts and crisis roots written during the batch.
func (p *planner) roots() []*item {
	cfg := &p.s.cfg
	end := p.t0.Add(cfg.Step)
	in := func(t time.Time) bool { return !t.Before(p.t0) && t.Before(end) }
	var out []*item
	for hour := p.t0.Unix()/3600 - 1; hour <= end.Unix()/3600; hour++ {
		for b := range cfg.Brands {
			for plat := 0; plat < 2; plat++ {
				if in(p.s.hotPostAt(hour, b, plat)) {
					out = append(out, p.hotPost(hour, b, plat))
				}
			}
		}
	}
	for ci := range cfg.Crises {
		for plat := 0; plat < 2; plat++ {
			if c := p.s.crisisRoot(ci, plat); in(c.at) {
				out = append(out, c)
			}
		}
	}
	return out
}

func platBit(p event.Platform) int {
	if p == event.Douyin {
		return 1
	}
	return 0
}

func baselineSentiment(r *rand.Rand) string {
	switch x := r.Float64(); {
	case x < 0.35:
		return event.Positive
	case x < 0.57:
		return event.Negative
	}
	return event.Neutral
}

func crisisSentiment(r *rand.Rand, negShare float64) string {
	x := r.Float64()
	switch {
	case x < negShare:
		return event.Negative
	case x < negShare+(1-negShare)*2/3:
		return event.Neutral
	}
	return event.Positive
}

// weighted draws an index in [0, n) with probability proportional to w(i).
func weighted(r *rand.Rand, n int, w func(int) float64) int {
	total := 0.0
	for i := range n {
		total += w(i)
	}
	x := r.Float64() * total
	for i := range n {
		if x -= w(i); x < 0 {
			return i
		}
	}
	return n - 1
}
