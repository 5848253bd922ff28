package simulate

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/lingting/lingting/event"
)

// staffNames are WeCom userids of customer-service staff; brand b employs three of them.
var staffNames = []string{"ZhangWei", "LiNa", "WangFang", "LiuYang", "ChenJing", "YangLi", "ZhaoLei",
	"HuangMin", "ZhouJie", "WuXia", "XuTao", "SunLi", "MaChao", "ZhuHong", "HuJun"}

var changeTypes = []struct {
	name   string
	weight float64
}{
	{"add_external_contact", 0.6}, {"edit_external_contact", 0.15},
	{"del_follow_user", 0.15}, {"del_external_contact", 0.1},
}

func (s *Source) staff(r *rand.Rand, brand int) string {
	return staffNames[(brand*3+r.IntN(3))%len(staffNames)]
}

// room is the id of one of a brand's two customer group chats.
func (s *Source) room(r *rand.Rand, brand int) string {
	return "wr" + idText(s.cfg.Seed+uint64(brand)*2+uint64(r.IntN(2)), 9, 30)
}

// someone draws an author from a platform's list; active people (early in the list,
// which is in random order) write more.
func someone(r *rand.Rand, list []int) int {
	return list[int(float64(len(list))*math.Pow(r.Float64(), 1.6))]
}

func engage(r *rand.Rand, followers int64, it *item) {
	it.likes = r.Int64N(followers/20 + 5)
	it.comments = r.Int64N(it.likes/3 + 2)
	it.reposts = r.Int64N(it.likes/4 + 1)
}

func (p *planner) weibo(it *item) {
	pop, w := p.s.pop, p.writer(it)
	it.author = someone(p.r, pop.weibo)
	other := pop.persons[someone(p.r, pop.weibo)].weiboNickAt(it.at)
	switch it.kind {
	case event.Post:
		it.text = w.weiboText(it.sentiment, true, other)
		engage(p.r, pop.persons[it.author].followers, it)
	case event.Repost:
		it.thread = p.threadFor(it)
		it.reply = p.earlier(it)
		if p.r.Float64() < 0.25 && it.crisis == 0 {
			it.text, it.sentiment = "转发微博", event.Neutral
		} else {
			it.text = w.weiboText(it.sentiment, false, other)
		}
		if it.reply != nil && len(it.reply.text) < 240 {
			it.text += "//@" + pop.persons[it.reply.author].weiboNickAt(it.at) + ":" + it.reply.text
		}
		it.likes = p.r.Int64N(10)
	default:
		it.thread = p.threadFor(it)
		if p.r.Float64() < 0.25 {
			it.reply = p.earlier(it)
		}
		it.text = w.weiboText(it.sentiment, false, "")
		if it.reply != nil {
			it.text = "回复@" + pop.persons[it.reply.author].weiboNickAt(it.at) + ":" + it.text
		}
		it.text += p.s.evidence(it, commentEvidenceRate)
		it.likes = p.r.Int64N(30)
	}
}

func (p *planner) douyin(it *item) {
	pop, w := p.s.pop, p.writer(it)
	switch it.kind {
	case event.Post:
		it.author = someone(p.r, pop.douyinCreators)
		it.text = w.douyinTitle(it.sentiment)
		engage(p.r, pop.persons[it.author].followers*3, it)
	default:
		it.author = someone(p.r, pop.douyin)
		it.thread = p.threadFor(it)
		if p.r.Float64() < 0.2 {
			it.reply = p.earlier(it)
		}
		mention := ""
		if it.reply != nil {
			mention = pop.persons[it.reply.author].douyinNick
		}
		it.text = w.douyinComment(it.sentiment, mention) + p.s.evidence(it, commentEvidenceRate)
		it.likes, it.comments = p.r.Int64N(50), p.r.Int64N(4)
	}
}

func (p *planner) wecom(it *item) {
	pop := p.s.pop
	it.customer = someone(p.r, pop.wecom)
	it.author = it.customer
	it.staff = p.s.staff(p.r, it.brand)
	if it.kind == event.CustomerEvent {
		it.change = changeTypes[weighted(p.r, len(changeTypes), func(i int) float64 { return changeTypes[i].weight })].name
		it.at = it.at.Truncate(time.Second)
		it.sentiment, it.text = event.Neutral, ""
		return
	}
	if p.r.Float64() < 0.3 {
		it.room = p.s.room(p.r, it.brand)
	}
	it.msgtype = "text"
	switch x := p.r.Float64(); {
	case x < 0.08:
		it.msgtype = "image"
	case x < 0.11:
		it.msgtype = "file"
	case x < 0.13:
		if it.reply = p.earlierChat(); it.reply != nil {
			it.msgtype, it.author, it.customer = "revoke", it.reply.author, it.reply.customer
			it.staff, it.room = it.reply.staff, it.reply.room
		}
	case x < 0.15:
		it.msgtype = "switch"
	}
	staffSends := it.crisis == 0 && p.r.Float64() < 0.4
	switch {
	case it.msgtype != "text":
		it.sentiment = event.Neutral
	case staffSends:
		it.author, it.sentiment, it.text = -1, event.Neutral, pick(p.r, staffReplies)
	default:
		it.text = p.writer(it).chatText(it.sentiment) + p.s.evidence(it, chatEvidenceRate)
	}
}

// earlierChat returns the latest WeCom chat text message of the batch, for a revoke.
func (p *planner) earlierChat() *item {
	for i := len(p.items) - 1; i >= max(0, len(p.items)-30); i-- {
		if o := p.items[i]; o.platform == event.WeCom && o.kind == event.Chat && o.msgtype == "text" {
			return o
		}
	}
	return nil
}

// hotPost is brand's hot Weibo post (plat 0) or Douyin video (plat 1) of an hour: the
// thread that ordinary comments and reposts of that hour hang under.
func (s *Source) hotPost(hour int64, brand, plat int) *item {
	n := hotNum(hour, brand, plat)
	r := stream(s.cfg.Seed, tagHot, n)
	it := &item{num: n, kind: event.Post, brand: brand, author: -1, at: hotAt(r, hour)}
	switch x := r.Float64(); {
	case x < 0.45:
		it.sentiment = event.Positive
	case x < 0.65:
		it.sentiment = event.Negative
	default:
		it.sentiment = event.Neutral
	}
	w := writer{r: r, brand: &s.cfg.Brands[brand]}
	if plat == 0 {
		it.platform, it.author = event.Weibo, someone(r, s.pop.influencers)
		it.text = w.weiboText(it.sentiment, true, "")
	} else {
		it.platform, it.author = event.Douyin, someone(r, s.pop.douyinCreators)
		it.text = w.douyinTitle(it.sentiment)
	}
	engage(r, s.pop.persons[it.author].followers*5, it)
	return it
}

// hotAt draws a hot post's time within its hour; it is the first draw of the post's stream.
func hotAt(r *rand.Rand, hour int64) time.Time {
	return time.Unix(hour*3600, 0).Add(time.Duration(r.Int64N(int64(50 * time.Minute)))).Truncate(time.Second)
}

// hotPostAt is when hotPost(hour, brand, plat) is written, without generating it.
func (s *Source) hotPostAt(hour int64, brand, plat int) time.Time {
	return hotAt(stream(s.cfg.Seed, tagHot, hotNum(hour, brand, plat)), hour)
}

// crisisStart is when crisis ci's root Weibo post appears.
func (s *Source) crisisStart(ci int) time.Time {
	return s.cfg.Start.Add(s.cfg.Crises[ci].Offset).Truncate(time.Second)
}

// newCrisisRoot builds crisis ci's root Weibo post (plat 0) or Douyin video (plat 1, a
// tenth of the duration later).
func (s *Source) newCrisisRoot(ci, plat int) *item {
	c := &s.cfg.Crises[ci]
	r := stream(s.cfg.Seed, tagCrisis, uint64(ci*2+plat))
	it := &item{num: crisisNum(ci, plat), kind: event.Post, brand: brandIndex(s.cfg.Brands, c.Brand),
		crisis: ci + 1, sentiment: event.Negative, at: s.crisisStart(ci)}
	if plat == 0 {
		it.platform, it.author = event.Weibo, s.pop.influencers[r.IntN(len(s.pop.influencers))]
		it.text = "#" + c.Topic + "# " + c.Headline + "[怒]"
	} else {
		it.platform, it.author = event.Douyin, s.pop.douyinCreators[r.IntN(len(s.pop.douyinCreators))]
		it.text = c.Headline + " #" + c.Topic
		it.at = it.at.Add(c.Duration / 10).Truncate(time.Second)
	}
	it.likes, it.comments, it.reposts = 20000+r.Int64N(30000), 5000+r.Int64N(5000), 8000+r.Int64N(8000)
	return it
}

func (s *Source) crisisRoot(ci, plat int) *item { return s.roots[ci*2+plat] }
