package simulate

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/lingting/lingting/event"
)

// Identity evidence: what lets a resolver tell that accounts on different platforms belong
// to one person. Every fact below is drawn once per person, from the person's own random
// stream (tagIdentity, person index), so it does not depend on the traffic; whether one
// mention carries a fact is decided from a hash of the mention's number (evidenceHit), so
// the batch streams draw exactly what they drew before evidence existed.
//
// A multi-platform person keeps recognisably related nicknames (one core; on Douyin often
// decorated with an emoji, "·", "_", "呀" or "ya"; on WeCom the core, "我是"+core or the
// decorated core) with probability relatedNickRate, and otherwise uses unrelated
// nicknames (on WeCom half of them a generic WeChat name such as "Momo" or "小鹿"). Persons with unrelated nicknames, who otherwise could not be recognised,
// carry the other evidence more often (the rates below, "related / unrelated").
const (
	relatedNickRate = 0.88
	// Phone number written in chats and comments (asking for after-sales help).
	phoneRateRelated, phoneRateUnrelated = 0.35, 0.8
	// E-mail written in chats and comments (an invoice, a warranty form).
	emailRateRelated, emailRateUnrelated = 0.05, 0.25
	// Weibo handle or Douyin nickname declared in WeCom chats, or the other one's in a
	// Weibo or Douyin comment.
	handleRateRelated, handleRateUnrelated = 0.3, 0.7
	// handleByUIDRate: share of Weibo declarations giving the numeric uid ("微博ID：…")
	// instead of the screen name.
	handleByUIDRate = 0.2
	// Per mention of a person carrying the fact: the chance that one of their WeCom chat
	// texts, or one of their Weibo/Douyin comments, carries it.
	chatEvidenceRate, commentEvidenceRate = 0.25, 0.15
)

// Nickname parts drawn from the identity stream, on top of nickHeads × nickTails: with a
// prefix and, for most persons, a number, unrelated persons rarely share a nickname by
// chance; the namesake trap (addTraps) makes the deliberate collisions.
var (
	nickPrefixes = []string{"快乐的", "爱笑的", "安静的", "追风", "元气", "佛系", "懒懒", "温柔", "奶凶", "社恐",
		"摸鱼", "熬夜", "早睡", "干饭", "努力", "躺平", "晚风", "海边", "山里", "月亮", "星星", "橘子味", "薄荷",
		"可乐", "芒果", "桃子", "云朵", "微风", "北方", "南方", "江南", "深夜", "清晨", "周末", "九月", "十一月",
		"一只", "两只", "大大的", "小小的", "笨笨", "呆呆", "酷酷", "乖乖", "悠悠", "慢慢", "超甜", "不二", "三岁",
		"隔壁"}
	mailNames   = []string{"xiaolu", "ajie", "chengzi", "dabai", "momo", "kiki", "laowang", "tiantian", "muzi", "qiqi", "lemon", "afei", "tangtang", "leo", "amy", "doudou", "qingtian", "xigua", "naigai", "xiaoxiong"}
	mailDomains = []string{"163.com", "qq.com", "126.com", "gmail.com", "foxmail.com", "sina.com"}
	// mobilePrefixes are mainland mobile number prefixes of the three carriers.
	mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
		"153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185",
		"186", "187", "188", "189", "191", "198", "199"}
)

// evidence kinds a person may carry, as bits of person.evidence.
const (
	evPhone uint8 = 1 << iota
	evEmail
	evHandle
)

// nickSuffix is the number most nicknames end in ("0923", "1998", "66"), or "".
func nickSuffix(r *rand.Rand) string {
	switch x := r.Float64(); {
	case x < 0.2:
		return ""
	case x < 0.45:
		return fmt.Sprint(1985 + r.IntN(24))
	case x < 0.75:
		return fmt.Sprintf("%02d%02d", 1+r.IntN(12), 1+r.IntN(28))
	default:
		return fmt.Sprint(r.IntN(1000))
	}
}

// freshNick is a nickname drawn wholly from r.
func freshNick(r *rand.Rand) string {
	return pick(r, nickPrefixes) + pick(r, nickHeads) + pick(r, nickTails) + nickSuffix(r)
}

// identityFacts draws person i's nicknames (from the head and tail its population draw
// gave) and evidence. It always makes the same draws, whatever the person's platforms.
func (pr *person) identityFacts(seed uint64, i int, head, tail, deco, generic string, wecomChoice int) {
	r := stream(seed, tagIdentity, uint64(i))
	core := pick(r, nickPrefixes) + head + tail + nickSuffix(r)
	douyinOther, wecomOther := freshNick(r), freshNick(r)
	pr.related = r.Float64() < relatedNickRate
	rate := func(related, unrelated float64) bool {
		if pr.related {
			return r.Float64() < related
		}
		return r.Float64() < unrelated
	}
	if rate(phoneRateRelated, phoneRateUnrelated) {
		pr.evidence |= evPhone
	}
	if rate(emailRateRelated, emailRateUnrelated) {
		pr.evidence |= evEmail
	}
	if rate(handleRateRelated, handleRateUnrelated) {
		pr.evidence |= evHandle
	}
	pr.handleByUID = r.Float64() < handleByUIDRate
	pr.phone = pick(r, mobilePrefixes) + fmt.Sprintf("%08d", r.IntN(100000000))
	pr.email = pick(r, mailNames) + fmt.Sprint(r.IntN(10000)) + "@" + pick(r, mailDomains)
	if pr.weiboUID != "" {
		pr.weiboNick = core
	}
	if pr.douyinOpen != "" {
		pr.douyinNick = core + deco
		if !pr.related {
			pr.douyinNick = douyinOther
		}
	}
	if pr.wecomExt != "" {
		switch {
		case !pr.related && wecomChoice < 2:
			pr.wecomName = wecomOther
		case !pr.related:
			pr.wecomName = generic // a generic WeChat name ("Momo", "小鹿")
		case wecomChoice == 2:
			pr.wecomName = core + deco
		case wecomChoice == 3:
			pr.wecomName = "我是" + core
		default:
			pr.wecomName = core
		}
	}
}

// platforms is how many platforms pr has an account on.
func (pr *person) platforms() int {
	n := 0
	for _, id := range []string{pr.weiboUID, pr.douyinOpen, pr.wecomExt} {
		if id != "" {
			n++
		}
	}
	return n
}

// evidenceHit reports whether the mention numbered num carries one of its author's
// evidence facts, with probability rate; pure in num.
func evidenceHit(num uint64, rate float64) bool {
	return float64(mix64(num^0x1d3a7c)>>11)/(1<<53) < rate
}

// evidence is the evidence text item it carries, if any: with probability rate, when its
// author has evidence to give on its platform.
func (s *Source) evidence(it *item, rate float64) string {
	if it.author < 0 || !evidenceHit(it.num, rate) {
		return ""
	}
	return s.evidenceText(it.author, it.platform, it.num, it.at)
}

// phoneText writes a phone number as people do: plain, in groups, or with +86.
func phoneText(phone string, h uint64) string {
	switch h % 6 {
	case 1:
		return phone[:3] + " " + phone[3:7] + " " + phone[7:]
	case 2:
		return phone[:3] + "-" + phone[3:7] + "-" + phone[7:]
	case 3:
		return "+86 " + phone
	case 4:
		return "+86 " + phone[:3] + " " + phone[3:7] + " " + phone[7:]
	}
	return phone
}

// evidenceText is what a person adds to a chat text or comment to give away an identity
// fact: a phone number, an e-mail address, or (from WeCom and Douyin) their handle on
// another platform. It returns "" when the person has nothing to give there.
func (s *Source) evidenceText(author int, on event.Platform, num uint64, at time.Time) string {
	pr := &s.pop.persons[author]
	if pr.platforms() < 2 || pr.evidence == 0 {
		return ""
	}
	var opts []string
	h := mix64(num + 0x5bd1e995)
	if pr.evidence&evPhone != 0 {
		ph := phoneText(pr.phone, h>>8)
		opts = append(opts, pick2(h>>16, "，我手机号"+ph+"，麻烦联系我", "，电话"+ph+"，售后尽快回电", " 我的手机："+ph+" 在线等"))
	}
	if pr.evidence&evEmail != 0 {
		opts = append(opts, pick2(h>>16, "，发票麻烦发我邮箱 "+pr.email+" ", "，资料发到 "+pr.email+" 就行"))
	}
	if pr.evidence&evHandle != 0 {
		if d := pr.declaration(on, at, h>>24); d != "" {
			opts = append(opts, d)
		}
	}
	if len(opts) == 0 {
		return ""
	}
	return opts[h%uint64(len(opts))]
}

// declaration is a sentence declaring pr's handle on another platform than on (WeCom
// chats name Weibo or Douyin, Douyin comments Weibo, Weibo comments Douyin), or "".
func (pr *person) declaration(on event.Platform, at time.Time, h uint64) string {
	weibo := func() string {
		if pr.handleByUID {
			return "，我微博ID：" + pr.weiboUID + " 之前私信过"
		}
		return pick2(h, "，我微博叫@"+pr.weiboNickAt(at)+" ，之前私信过", "，微博是@"+pr.weiboNickAt(at)+" 可以看我发的图")
	}
	douyin := func() string {
		return pick2(h>>1, "，我抖音号："+pr.douyinNick+" ，视频里那个就是我", "，我抖音叫"+pr.douyinNick+" ，评论过你们")
	}
	switch {
	case on == event.WeCom && pr.weiboUID != "" && (pr.douyinOpen == "" || h%2 == 0):
		return weibo()
	case on == event.WeCom && pr.douyinOpen != "":
		return douyin()
	case on == event.Douyin && pr.weiboUID != "":
		return weibo()
	case on == event.Weibo && pr.douyinOpen != "":
		return douyin()
	}
	return ""
}

func pick2(h uint64, a string, more ...string) string {
	all := append([]string{a}, more...)
	return all[h%uint64(len(all))]
}

// evidenceSummary counts the persons on two or more platforms by the evidence they carry.
func (p *population) evidenceSummary() Evidence {
	var e Evidence
	for i := range p.persons {
		pr := &p.persons[i]
		if pr.platforms() < 2 {
			continue
		}
		e.MultiPlatform++
		if pr.related {
			e.RelatedNicknames++
		}
		if pr.evidence&evPhone != 0 {
			e.Phone++
		}
		if pr.evidence&evEmail != 0 {
			e.Email++
		}
		if pr.evidence&evHandle != 0 {
			e.Handle++
		}
		if !pr.related && pr.evidence == 0 {
			e.None++
		}
	}
	return e
}

// Evidence counts the persons with accounts on two or more platforms by the identity
// evidence they carry (a person may carry several kinds).
type Evidence struct {
	MultiPlatform    int // persons on two or three platforms
	RelatedNicknames int // with recognisably related nicknames across platforms
	Phone            int // who write their phone number in chats and comments
	Email            int // who write their e-mail address
	Handle           int // who declare their handle on another platform
	None             int // with unrelated nicknames and no other evidence
}

func (e Evidence) String() string {
	return fmt.Sprintf("%d multi-platform persons: %d related nicknames, %d phone, %d e-mail, %d declared handle, %d none",
		e.MultiPlatform, e.RelatedNicknames, e.Phone, e.Email, e.Handle, e.None)
}
