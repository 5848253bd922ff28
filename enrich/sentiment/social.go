package sentiment

import (
	"github.com/lingting/lingting/enrich/internal/phrase"
)

// Social-media signals written by the project, applied on top of the learned model (see
// Analyze). The training reviews hold almost no emoticons, sarcasm or rhetorical
// questions, so these are rules, each a logit adjustment named in the explanation.

// emoticonPolarity gives Weibo [表情] names (lowercased, without brackets) a polarity in
// [-1, 1]. [微笑], [doge] and [允悲] are ironic on Weibo and lean negative.
var emoticonPolarity = map[string]float32{
	"哈哈": 1, "嘻嘻": 1, "爱你": 1, "馋嘴": 0.8, "可爱": 1, "害羞": 0.6, "偷笑": 0.6, "笑cry": 0.6,
	"酷": 0.8, "色": 0.8, "鼓掌": 1, "亲亲": 1, "太开心": 1, "挤眼": 0.5, "顶": 0.8, "心": 1,
	"握手": 0.6, "作揖": 0.6, "赞": 1, "耶": 1, "good": 1, "ok": 0.6, "威武": 1, "鲜花": 0.8,
	"给力": 1, "萌": 0.8, "礼物": 0.6, "喜": 0.8, "蛋糕": 0.5, "干杯": 0.8, "加油": 0.8,
	"好爱哦": 1, "羞嗒嗒": 0.6, "憧憬": 0.6, "喵喵": 0.5, "抱抱": 0.8, "赞啊": 1, "打call": 1,
	"晕": -0.8, "泪": -0.8, "抓狂": -1, "哼": -0.8, "怒": -1, "汗": -0.6, "衰": -1, "闭嘴": -0.8,
	"鄙视": -1, "悲伤": -1, "生病": -0.6, "怒骂": -1, "白眼": -1, "右哼哼": -0.8, "左哼哼": -0.8,
	"委屈": -0.8, "吐": -1, "可怜": -0.6, "失望": -1, "黑线": -0.8, "阴险": -0.6, "伤心": -1,
	"弱": -1, "no": -0.8, "浮云": -0.5, "草泥马": -1, "囧": -0.6, "生气": -1, "哭": -0.8,
	"费解": -0.6, "摊手": -0.5, "跪了": -0.5, "心碎": -1, "拜托": -0.3, "微笑": -0.4, "doge": -0.3,
	"允悲": -0.5, "傻眼": -0.6, "感冒": -0.5, "吃惊": -0.3, "裂开": -0.8, "污": -0.3,
}

// emojiPolarity gives Unicode emoji a polarity in [-1, 1]; 🙂 is ironic on Chinese
// social media.
var emojiPolarity = map[string]float32{
	"😀": 1, "😁": 1, "😂": 0.6, "🤣": 0.6, "😃": 1, "😄": 1, "😊": 1, "😍": 1, "🥰": 1, "😘": 1,
	"😗": 0.6, "😚": 0.8, "🤗": 0.8, "👍": 1, "👏": 1, "💯": 1, "🎉": 0.8, "❤": 1, "❤️": 1, "💕": 1,
	"💖": 1, "💗": 1, "🙏": 0.5, "✨": 0.5, "🌟": 0.6, "😋": 1, "😎": 0.8, "🤩": 1, "🥳": 1, "👌": 0.8,
	"💪": 0.8, "🌹": 0.6, "😇": 0.6, "🥹": 0.5, "🆗": 0.5,
	"😭": -0.8, "😢": -0.8, "😞": -1, "😔": -0.8, "😟": -0.8, "😕": -0.6, "🙁": -0.8, "☹": -0.8,
	"☹️": -0.8, "😣": -0.8, "😖": -0.8, "😫": -0.8, "😩": -0.8, "😤": -1, "😡": -1, "😠": -1,
	"🤬": -1, "👎": -1, "💔": -1, "🤮": -1, "🤢": -1, "😒": -0.8, "🙄": -0.8, "😓": -0.6, "😰": -0.6,
	"😨": -0.6, "😱": -0.6, "🤡": -0.8, "💩": -1, "🙂": -0.3, "😑": -0.5, "😐": -0.3,
}

// Rule weights, in logit units.
const (
	// symbolWeight is the logit one emoticon or emoji of polarity ±1 adds; symbolCap caps
	// their sum, so a row of 😭 does not outvote a long text by itself.
	symbolWeight = 0.9
	symbolCap    = 2.7
	// contrastAfter and contrastBefore weigh the clause after the last contrast word and
	// everything before it (their evidence beyond the bias).
	contrastAfter  = 1.2
	contrastBefore = 0.8
	// sarcasmShift is how far below zero a sarcastic positive phrase in a negative
	// context moves the logit.
	sarcasmShift = 1.2
	// dismissShift is the push of 呵呵: dismissive on Weibo, but in reviews often plain
	// laughter, so it is kept small (measured on dev: 1.2 flipped four right answers).
	dismissShift = 0.6
	// complaintShift is the push of a rhetorical complaint (凭什么, 有什么用 …).
	complaintShift = 1.0
)

// contrastWords open the clause that weighs more: "好看是好看，但是质量太差".
var contrastWords = set("但是", "但", "不过", "然而", "可是", "可惜")

// dismissive markers are negative on Chinese social media whatever follows.
var dismissive = []string{"呵呵哒", "呵呵", "嗬嗬", "无语"}

// sarcasmPhrases are positive on the surface but sarcastic when the rest of the post is
// negative: "等了三天还没发货，真是好极了".
var sarcasmPhrases = []string{"真是好极了", "好极了", "真是太好了", "真是谢谢", "谢谢你全家", "真行", "可真行",
	"真有你的", "好棒棒", "厉害了", "服了", "真是棒", "真棒啊", "太棒了呢", "佩服佩服", "不愧是"}

// complaints are rhetorical questions that complain: "凭什么不给退款".
var complaints = []string{"凭什么", "有什么用", "有啥用", "搞什么", "什么鬼", "怎么好意思", "谁买谁后悔"}

// phraseIndex finds which phrases of several lists occur in a text in one scan.
type phraseIndex struct {
	set  *phrase.Set
	refs []phraseRef // by phrase of set
}

type phraseRef struct {
	phrase string
	list   int // index of the list
	order  int // position in its list
}

// The lists a phraseIndex covers.
const (
	listSarcasm = iota
	listDismissive
	listComplaint
	numLists
)

// rulePhrases indexes sarcasmPhrases, dismissive and complaints.
var rulePhrases = newPhraseIndex(sarcasmPhrases, dismissive, complaints)

func newPhraseIndex(lists ...[]string) phraseIndex {
	var ix phraseIndex
	var all []string
	for l, list := range lists {
		for o, p := range list {
			all = append(all, p)
			ix.refs = append(ix.refs, phraseRef{phrase: p, list: l, order: o})
		}
	}
	ix.set = phrase.New(all...)
	return ix
}

// first returns, per list, the earliest-listed phrase that occurs in text ("" when none).
func (ix phraseIndex) first(text string) [numLists]string {
	var out [numLists]string
	best := [numLists]int{-1, -1, -1}
	ix.set.Each(text, func(i int) {
		ref := ix.refs[i]
		if best[ref.list] < 0 || ref.order < best[ref.list] {
			best[ref.list], out[ref.list] = ref.order, ref.phrase
		}
	})
	return out
}
