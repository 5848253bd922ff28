package dashboards_test

import (
	"fmt"
	"time"

	"github.com/lingting/lingting/event"
)

// The simulated traffic the panel queries run over: four brands (one with a quote in
// its name, to exercise Grafana's quoting) on three platforms for four hours, a burst of
// strongly negative mentions about one brand, a replay of some mentions, mentions outside
// the time range that would top every list if the time filter failed, and dead letters.
var (
	testBrands = []string{"L'Oréal", "华为", "小米", "蔚来"} // sorted, as the brand variable lists them
	burstBrand = "蔚来"
	rangeFrom  = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	rangeTo    = rangeFrom.Add(6 * time.Hour)
	burstFrom  = rangeFrom.Add(3 * time.Hour)
	burstTo    = burstFrom.Add(10 * time.Minute)
	outOfRange = "范围外" // hashtag of mentions outside the time range
	burstTag   = "蔚来刹车失灵"
	ordinaryN  = 480
	burstN     = 40
	replayN    = 30
	commonTags = []string{"新品发布", "售后服务", "性价比", "双十一", "门店体验"}
)

// simulated returns the distinct mentions (ground truth) and the batches to write,
// which repeat some of them with a later enriched_at as a replay would.
func simulated() (truth []event.Mention, batches [][]event.Mention) {
	for i := range ordinaryN {
		truth = append(truth, ordinary(i))
	}
	for j := range burstN {
		truth = append(truth, burst(j))
	}
	outside := []event.Mention{}
	for k := range 10 {
		at := rangeFrom.Add(-2 * time.Hour)
		if k%2 == 1 {
			at = rangeTo.Add(time.Hour)
		}
		m := build(event.Weibo, fmt.Sprintf("out-%d", k), at, []string{"华为"}, event.Negative, -1, outOfRange)
		m.Author.Followers = 90_000_000
		outside = append(outside, m)
	}
	replay := make([]event.Mention, replayN)
	copy(replay, truth[:replayN])
	for i := range replay {
		if !replay[i].EnrichedAt.IsZero() {
			replay[i].EnrichedAt = replay[i].EnrichedAt.Add(time.Hour)
		}
	}
	events := append(customerEvents(), wecomChats()...)
	truth = append(truth, events...)
	return truth, [][]event.Mention{truth[:300], truth[300 : ordinaryN+burstN], outside, replay, events}
}

// Aspects of the ordinary mentions, by i % 4 (none for 3).
var testAspects = []string{"price", "quality", "service"}

// customerEvents are WeCom customer events: customers c-0 … c-19 add a staff member as an
// external contact during the first hour, and c-0 … c-4 delete them two hours later.
func customerEvents() []event.Mention {
	var out []event.Mention
	ev := func(native, typ string, at time.Time, customer int) event.Mention {
		m := build(event.WeCom, native, at, nil, "", 0, "none")
		m.Kind, m.EventType, m.Hashtags, m.Sentiment, m.EnrichedAt = event.CustomerEvent, typ, nil, event.Sentiment{}, time.Time{}
		m.Author = account(event.WeCom, fmt.Sprintf("c-%d", customer), 0)
		m.Text = ""
		return m
	}
	for c := range 20 {
		out = append(out, ev(fmt.Sprintf("add-%d", c), "add_external_contact", rangeFrom.Add(time.Duration(c)*time.Minute), c))
	}
	for c := range 5 {
		out = append(out, ev(fmt.Sprintf("del-%d", c), "del_external_contact", rangeFrom.Add(2*time.Hour+time.Duration(c)*time.Minute), c))
	}
	return out
}

// ordinary is the i-th mention of everyday chatter, every 30 s from rangeFrom.
func ordinary(i int) event.Mention {
	p := event.Platforms[i%3]
	var brands []string
	switch {
	case i%11 == 0: // matched no brand
	case i%7 == 0:
		brands = []string{testBrands[(i/3)%4], testBrands[(i/3+1)%4]}
	default:
		brands = []string{testBrands[(i/3)%4]}
	}
	label, score := event.Positive, float32(0.3+0.1*float64(i%6))
	switch i % 5 {
	case 2, 3:
		label, score = event.Neutral, float32(i%3-1)*0.05
	case 4:
		label, score = event.Negative, float32(-0.3-0.05*float64(i%10))
	}
	tags := []string{commonTags[i%5]}
	if i%13 == 0 {
		tags = append(tags, tags[0]) // the same hashtag twice counts once
	}
	at := rangeFrom.Add(time.Duration(i)*30*time.Second + 7*time.Second)
	m := build(p, fmt.Sprintf("o-%d", i), at, brands, label, score, tags...)
	a := i % 37
	m.Author = account(p, fmt.Sprintf("a-%d", a), int64(a*a*1000+a))
	if i%4 < 3 {
		aspectScore := float32(i%3-1) * 0.6
		aspectLabel := map[float32]string{-0.6: event.Negative, 0: event.Neutral, 0.6: event.Positive}[aspectScore]
		m.Aspects = []event.Aspect{{Name: testAspects[i%4], Score: aspectScore, Label: aspectLabel}}
	}
	m.Keywords = []string{"体验", fmt.Sprintf("关键词%d", i%7)}
	if i%19 == 0 { // not enriched yet
		m.Sentiment, m.EnrichedAt = event.Sentiment{}, time.Time{}
	}
	return m
}

// burst is the j-th mention of the crisis: strongly negative, about burstBrand.
func burst(j int) event.Mention {
	p := []event.Platform{event.Weibo, event.Douyin}[j%2]
	at := burstFrom.Add(time.Duration(j) * 15 * time.Second)
	m := build(p, fmt.Sprintf("b-%d", j), at, []string{burstBrand}, event.Negative,
		float32(-0.95-0.001*float64(j)), burstTag)
	m.Author = account(p, fmt.Sprintf("crisis-%d", j%5), int64(10_000+j%5))
	if j%4 == 0 {
		m.Author = account(p, "kol", 5_000_000)
	}
	return m
}

func build(p event.Platform, native string, at time.Time, brands []string, label string, score float32, tags ...string) event.Mention {
	return event.Mention{
		Schema: event.SchemaVersion, ID: event.ID(p, native), Platform: p, Kind: event.Post,
		NativeID: native, CreatedAt: at,
		Text:       fmt.Sprintf("%v 用了一周，说说感受 #%s# (%s)", brands, tags[0], native),
		Author:     account(p, "anon", 1),
		URL:        fmt.Sprintf("https://example.com/%s/%s", p, native),
		Engage:     event.Engagement{Likes: int64(len(native)), Comments: 2, Reposts: 1},
		Lang:       "zh",
		Hashtags:   tags,
		Brands:     brands,
		Sentiment:  event.Sentiment{Score: score, Label: label},
		EnrichedAt: at.Add(time.Second),
	}
}

func account(p event.Platform, native string, followers int64) event.Account {
	return event.Account{
		ID: event.ID(p, native), Platform: p, NativeID: native,
		Nickname: fmt.Sprintf("%s用户%s", p, native), Followers: followers,
		Verified: followers >= 100_000,
	}
}

// deadLetters returns three dead letters inside the time range and one outside.
func deadLetters() []event.DeadLetter {
	dl := func(id, stage, reason string, at time.Time) event.DeadLetter {
		return event.DeadLetter{Schema: event.SchemaVersion, ID: id, Stage: stage, Source: "weibo",
			Reason: reason, Payload: []byte(`{"broken":`), At: at}
	}
	return []event.DeadLetter{
		dl("dl-1", "collect", "parsing weibo status: unexpected end of JSON input", rangeFrom.Add(time.Hour)),
		dl("dl-2", "collect", "parsing weibo status: unexpected end of JSON input", rangeFrom.Add(2*time.Hour)),
		dl("dl-3", "enrich", "decoding mention: unknown schema 99", rangeFrom.Add(3*time.Hour)),
		dl("dl-4", "collect", "outside the range", rangeFrom.Add(-time.Hour)),
	}
}

// chatMsg is one WeCom chat message of the test: thread, offset from rangeFrom, sender.
type chatMsg struct {
	thread   string
	at       time.Duration
	customer bool
}

// testChats are three chats: t1 answered after 120 s (two customer messages, one
// answer) and again after 60 s; t2 never answered; t3 opened by staff, then a customer
// question answered after 180 s.
var testChats = []chatMsg{
	{"t1", 30 * time.Minute, true}, {"t1", 30*time.Minute + 30*time.Second, true}, {"t1", 32 * time.Minute, false},
	{"t1", 40 * time.Minute, true}, {"t1", 41 * time.Minute, false},
	{"t2", 50 * time.Minute, true},
	{"t3", 60 * time.Minute, false}, {"t3", 61 * time.Minute, true}, {"t3", 64 * time.Minute, false},
}

func wecomChats() []event.Mention {
	var out []event.Mention
	for i, c := range testChats {
		native, from := fmt.Sprintf("msg-%d", i), "zhangsan"
		if c.customer {
			from = "wmcustomer-" + c.thread
		}
		m := build(event.WeCom, native, rangeFrom.Add(c.at), nil, "", 0, "none")
		m.Kind, m.Hashtags, m.Sentiment, m.EnrichedAt = event.Chat, nil, event.Sentiment{}, time.Time{}
		m.Author = account(event.WeCom, from, 0)
		m.ThreadID = event.ID(event.WeCom, c.thread)
		out = append(out, m)
	}
	return out
}
