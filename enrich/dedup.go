package enrich

import (
	"math/bits"
	"strconv"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/lingting/lingting/enrich/topic"
	"github.com/lingting/lingting/event"

	"github.com/lingting/lingting/enrich/internal/fold"
	"github.com/lingting/lingting/enrich/internal/phrase"
)

// minClusterRunes is the shortest canonical text that gets a cluster id: "好评" from
// a thousand buyers is not a campaign.
const minClusterRunes = 6

// clusterID is shared by mentions whose own words are the same once @handles, links,
// hashtag marks, emoticons, emoji, digits, punctuation and space are gone (copy-paste
// campaigns), and by reposts without words of their own of the same parent (repost
// storms). "" when neither applies.
func clusterID(m *event.Mention, ownRest string) string {
	var small [256]byte // the letters of a short text need no allocation
	buf := small[:0]
	n := 0
	for _, r := range fold.Lower(ownRest) {
		if isLetter(r) {
			buf = utf8.AppendRune(buf, r)
			n++
		}
	}
	canon := unsafe.String(unsafe.SliceData(buf), len(buf)) // only read during the call
	if repostDefaults[canon] || n == 0 {
		if m.ParentID != "" {
			return "p" + strconv.FormatUint(topic.Fingerprint("parent\x00"+m.ParentID), 16)
		}
		return ""
	}
	if n < minClusterRunes {
		return ""
	}
	return "t" + strconv.FormatUint(topic.Fingerprint(canon), 16)
}

// isLetter is unicode.IsLetter with a fast path for CJK ideographs.
func isLetter(r rune) bool {
	return fold.IsHan(r) || unicode.IsLetter(r)
}

// spamBaits are phrases of contact baiting, paid-posting and giveaway spam.
var spamBaits = []string{"加微信", "加v", "加vx", "vx", "私信", "私聊", "扫码", "二维码", "兼职", "刷单", "日结",
	"代购", "免费领", "领取", "点击链接", "返利", "优惠券", "加群", "qq群", "日赚", "躺赚", "招代理", "回复1"}

// spamBaitSet finds spamBaits (at most 64) in one scan.
var spamBaitSet = phrase.New(spamBaits...)

// spamScore is a spam/bot signal in [0, 1] from one mention alone: contact baits,
// contact data, hashtag, mention and link stuffing, long runs of one character.
// Same-text-from-many-accounts is read in the store by counting authors per cluster_id.
func spamScore(m *event.Mention, text string) float32 {
	var s float32
	var seen uint64 // bit i: spamBaits[i] occurs
	spamBaitSet.Each(fold.Lower(text), func(i int) { seen |= 1 << i })
	s += 0.3 * float32(min(bits.OnesCount64(seen), 3))
	for _, p := range m.PII {
		if p.Kind == event.PIIPhone || p.Kind == event.PIIWeChat {
			s += 0.2
			break
		}
	}
	if len(m.Hashtags) >= 5 {
		s += 0.2
	}
	if len(m.Mentions) >= 5 {
		s += 0.2
	}
	if len(m.URLs) >= 2 {
		s += 0.15
	}
	if longRun(text, 8) {
		s += 0.1
	}
	return min(s, 1)
}

// longRun reports whether some non-space character repeats n times in a row.
func longRun(text string, n int) bool {
	var prev rune
	run := 0
	for _, r := range text {
		if r == prev && !unicode.IsSpace(r) {
			if run++; run >= n {
				return true
			}
			continue
		}
		prev, run = r, 1
	}
	return false
}
