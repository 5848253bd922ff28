package simulate

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/lingting/lingting/event"
)

// person is one simulated human; an empty native id means no account on that platform.
type person struct {
	id        string
	weiboUID  string
	weiboNick string
	// oldNick, when set, is the Weibo nickname used before nickChange.
	oldNick    string
	nickChange time.Time
	douyinOpen string
	douyinUnn  string
	douyinNick string
	wecomExt   string
	wecomName  string
	wecomUnn   string
	followers  int64
	verified   bool
	// Identity evidence (identity.go).
	related     bool   // nicknames on its platforms share one core
	evidence    uint8  // evPhone | evEmail | evHandle
	handleByUID bool   // declares its Weibo account by uid
	phone       string // mainland mobile number, 11 digits
	email       string
}

// population is the fixed set of persons, with per-platform index lists.
type population struct {
	persons                []person
	weibo, douyin, wecom   []int // indexes of persons with an account there
	influencers            []int // Weibo accounts with many followers
	douyinCreators         []int
	namesakes, nickChanges int
}

var (
	nickHeads = []string{"小鹿", "阿杰", "橙子", "大白", "Momo", "Kiki", "老王", "甜甜", "木子", "七七",
		"柠檬", "阿飞", "小胖", "糖糖", "Leo", "Amy", "豆豆", "晴天", "西瓜", "阿May", "奶盖", "小熊"}
	nickTails = []string{"爱喝茶", "不吃香菜", "在路上", "的日常", "今天也要加油", "酱", "同学", "想暴富",
		"吃不胖", "是个吃货", "在上海", "的小号", "2019", "_", "呀", "很忙", "爱旅行", "数码控"}
	douyinDeco = []string{"", "🌸", "✨", "_", "🍵", "·", "呀", "ya"}
)

// newPopulation builds n persons from seed. Persons have a Weibo account with probability
// 0.75, Douyin 0.55, WeCom (as a brand's customer) 0.2, and at least one. Traps: about 1%
// of Weibo nicknames are taken over by a different person (namesakes), and about 0.5% of
// Weibo users change nickname during the first simulated day.
func newPopulation(seed uint64, n int, start time.Time) *population {
	r := stream(seed, tagPopulation, 0)
	p := &population{persons: make([]person, n)}
	for i := range p.persons {
		p.persons[i] = newPerson(r, seed, i)
		p.index(i)
	}
	p.addTraps(r, start)
	return p
}

func newPerson(r *rand.Rand, seed uint64, i int) person {
	h := mix64(seed ^ uint64(i)*0x100000001b3)
	head, tail := pick(r, nickHeads), pick(r, nickTails)
	pr := person{id: fmt.Sprintf("P%05d", i)}
	pr.followers = int64(math.Floor(math.Pow(10, 1+3.5*math.Pow(r.Float64(), 3))))
	pr.verified = pr.followers > 20000 || r.Float64() < 0.02
	has := [3]bool{r.Float64() < 0.75, r.Float64() < 0.55, r.Float64() < 0.2}
	if !has[0] && !has[1] && !has[2] {
		has[r.IntN(2)] = true
	}
	if has[0] {
		pr.weiboUID = fmt.Sprint(1000000000 + h%6999999999)
	}
	deco, generic, wecomChoice := "", "", 0
	if has[1] {
		pr.douyinOpen = uuidFrom(h, 1)
		pr.douyinUnn = uuidFrom(h, 2)
		deco = pick(r, douyinDeco)
	}
	if has[2] {
		pr.wecomExt = "wm" + idText(h, 3, 30)
		pr.wecomUnn = "o" + idText(h, 4, 27)
		generic, wecomChoice = pick(r, nickHeads), r.IntN(4)
	}
	pr.identityFacts(seed, i, head, tail, deco, generic, wecomChoice)
	return pr
}

func (p *population) index(i int) {
	pr := &p.persons[i]
	if pr.weiboUID != "" {
		p.weibo = append(p.weibo, i)
		if pr.followers > 5000 {
			p.influencers = append(p.influencers, i)
		}
	}
	if pr.douyinOpen != "" {
		p.douyin = append(p.douyin, i)
		if pr.followers > 1000 {
			p.douyinCreators = append(p.douyinCreators, i)
		}
	}
	if pr.wecomExt != "" {
		p.wecom = append(p.wecom, i)
	}
}

// addTraps copies some Weibo nicknames to other persons and schedules nickname changes.
func (p *population) addTraps(r *rand.Rand, start time.Time) {
	w := p.weibo
	for k := 0; k < max(1, len(w)/100); k++ {
		a, b := w[r.IntN(len(w))], w[r.IntN(len(w))]
		if a != b {
			p.persons[b].weiboNick = p.persons[a].weiboNick
			p.namesakes++
		}
	}
	for k := 0; k < max(1, len(w)/200); k++ {
		pr := &p.persons[w[r.IntN(len(w))]]
		if pr.oldNick != "" {
			continue
		}
		pr.oldNick = pr.weiboNick
		h := mix64(uint64(k) ^ 0x6e69636b)
		pr.weiboNick = nickPrefixes[h%uint64(len(nickPrefixes))] + pick(r, nickHeads) + pick(r, nickTails) + "_" + fmt.Sprint(h%10000)
		pr.nickChange = start.Add(time.Duration(r.Int64N(int64(24 * time.Hour))))
		p.nickChanges++
	}
	if len(p.influencers) == 0 {
		p.influencers = w[:min(len(w), 10)]
	}
	if len(p.douyinCreators) == 0 {
		p.douyinCreators = p.douyin[:min(len(p.douyin), 10)]
	}
}

// weiboNickAt is the nickname person pr used on Weibo at t.
func (pr *person) weiboNickAt(t time.Time) string {
	if pr.oldNick != "" && t.Before(pr.nickChange) {
		return pr.oldNick
	}
	return pr.weiboNick
}

// Truth is the ground truth of the simulated population, for evaluating identity
// resolution.
type Truth struct {
	// Persons maps a person id ("P00042") to the ids (event.ID) of its accounts, in
	// platform order weibo, douyin, wecom.
	Persons map[string][]string
	// Namesakes is how many Weibo accounts took a nickname that another person uses.
	Namesakes int
	// NicknameChanges is how many Weibo users change nickname during the simulation.
	NicknameChanges int
	// Evidence counts the multi-platform persons by the identity evidence they carry.
	Evidence Evidence
}

func (p *population) truth() Truth {
	t := Truth{Persons: make(map[string][]string, len(p.persons)), Namesakes: p.namesakes, NicknameChanges: p.nickChanges,
		Evidence: p.evidenceSummary()}
	for _, pr := range p.persons {
		var ids []string
		if pr.weiboUID != "" {
			ids = append(ids, event.ID(event.Weibo, pr.weiboUID))
		}
		if pr.douyinOpen != "" {
			ids = append(ids, event.ID(event.Douyin, pr.douyinOpen))
		}
		if pr.wecomExt != "" {
			ids = append(ids, event.ID(event.WeCom, pr.wecomExt))
		}
		t.Persons[pr.id] = ids
	}
	return t
}

// uuidFrom formats a UUID-shaped id derived from h and a salt.
func uuidFrom(h, salt uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], mix64(h+salt))
	binary.BigEndian.PutUint64(b[8:], mix64(h^salt<<32))
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// idText is an n-character base64url-alphabet id derived from h and a salt.
func idText(h, salt uint64, n int) string {
	var b [24]byte
	for i := 0; i < 3; i++ {
		binary.BigEndian.PutUint64(b[i*8:], mix64(h+salt*uint64(i+7)))
	}
	s := base64.RawURLEncoding.EncodeToString(b[:])
	return s[:n]
}
