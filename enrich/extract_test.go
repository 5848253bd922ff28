package enrich

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lingting/lingting/enrich/segment"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		text string
		want extraction
	}{
		{"plain", "今天天气不错", extraction{Rest: "今天天气不错"}},
		{"hashtags", "#华为Mate60# 真香 #开箱#", extraction{Hashtags: []string{"华为Mate60", "开箱"}, Rest: "  真香  "}},
		{"spaced or empty pairs are not hashtags", "# 新品 # 和 ## 空", extraction{Rest: "# 新品 # 和 ## 空"}},
		{"a topic with a space is cut at it", "#iPhone 15# 发布", extraction{Hashtags: []string{"iPhone"}, Rest: "  15# 发布"}},
		{"douyin open hashtags", "周末探店 #美食 #成都探店 第#1 名", extraction{Hashtags: []string{"美食", "成都探店"}, Rest: "周末探店     第#1 名"}},
		{"mentions with weibo nick characters", "@小米公司 @Lei_Jun-2024 你好", extraction{Mentions: []string{"小米公司", "Lei_Jun-2024"}, Rest: "    你好"}},
		{"e-mail is not a mention", "写信给 kefu@xiaomi.com 吧", extraction{Rest: "写信给 kefu@xiaomi.com 吧"}},
		{"urls, trailing punctuation left", "看这里 http://t.cn/A6xYz9Q. 和 https://weibo.com/u/123?a=1&b=2,好", extraction{URLs: []string{"http://t.cn/A6xYz9Q", "https://weibo.com/u/123?a=1&b=2"}, Rest: "看这里  . 和  ,好"}},
		{"url then hashtag", "http://t.cn/abc#话题#", extraction{URLs: []string{"http://t.cn/abc"}, Hashtags: []string{"话题"}, Rest: "  "}},
		{"emoticons", "太好笑了[哈哈][doge][哈哈]", extraction{Emoticons: []string{"哈哈", "doge"}, Rest: "太好笑了   "}},
		{"brackets that are not emoticons", "[ 空格 ] [很长很长很长的一句话啊]", extraction{Rest: "[ 空格 ] [很长很长很长的一句话啊]"}},
		{"emoji", "好吃😋👍", extraction{Emoji: []string{"😋", "👍"}, Rest: "好吃  "}},
		{"emoji ZWJ family as one", "全家👨‍👩‍👧‍👦出游", extraction{Emoji: []string{"👨‍👩‍👧‍👦"}, Rest: "全家 出游"}},
		{"skin tone and variation selector", "👍🏽赞❤️", extraction{Emoji: []string{"👍🏽", "❤️"}, Rest: " 赞 "}},
		{"flag and keycap", "🇨🇳加油1️⃣号", extraction{Emoji: []string{"🇨🇳", "1️⃣"}, Rest: " 加油 号"}},
		{"ZWJ profession", "👩‍💻加班", extraction{Emoji: []string{"👩‍💻"}, Rest: " 加班"}},
		{"digits are not keycaps", "买了3个", extraction{Rest: "买了3个"}},
		{"repost chain mentions", "同意//@数码君:确实好用[赞]", extraction{Mentions: []string{"数码君"}, Emoticons: []string{"赞"}, Rest: "同意// :确实好用 "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract(tt.text)
			check := func(field string, got, want []string) {
				if !slices.Equal(got, want) {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("Hashtags", got.Hashtags, tt.want.Hashtags)
			check("Mentions", got.Mentions, tt.want.Mentions)
			check("URLs", got.URLs, tt.want.URLs)
			check("Emoticons", got.Emoticons, tt.want.Emoticons)
			check("Emoji", got.Emoji, tt.want.Emoji)
			if got.Rest != tt.want.Rest {
				t.Errorf("Rest = %q, want %q", got.Rest, tt.want.Rest)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＡＢＣ１２３！", "ABC123!"},
		{"＃话题＃　＠小米", "#话题# @小米"},
		{"好\u200b吃\ufeff", "好吃"},
		{"第一行\n第二行\t完", "第一行 第二行 完"},
		{"\x00控制\x07字符\x1b", "控制字符"},
		{"👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"}, // ZWJ kept
		{"❤\ufe0f", "❤\ufe0f"},                 // variation selector kept
		{"ｶﾀｶﾅ", "カタカナ"},
		{"  两边空格  ", "两边空格"},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"这个手机真的很好用", LangZh},
		{"這個手機真的很好用", LangZhHant},
		{"iPhone 15 Pro 真香", LangZh},
		{"This phone is great", LangOther},
		{"この電話はとても良いです", LangOther},
		{"😂😂😂", LangOther},
		{"", LangOther},
	}
	for _, tt := range tests {
		if got := language(tt.text); got != tt.want {
			t.Errorf("language(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestSplitRepost(t *testing.T) {
	tests := []struct{ text, own, chain string }{
		{"好用", "好用", ""},
		{"赞同//@甲:不错//@乙:一般", "赞同", "//@甲:不错//@乙:一般"},
		{"//@甲:转发", "", "//@甲:转发"},
	}
	for _, tt := range tests {
		own, chain := splitRepost(tt.text)
		if own != tt.own || chain != tt.chain {
			t.Errorf("splitRepost(%q) = %q, %q; want %q, %q", tt.text, own, chain, tt.own, tt.chain)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"#话题# @小米 http://t.cn/x [哈哈] 👨‍👩‍👧‍👦 🇨🇳 1️⃣", "//@a:b", "[[[]]]", "##", "@@", "\u200d👍", "🇨", "#️⃣",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x := extract(s)
		for _, list := range [][]string{x.Hashtags, x.Mentions, x.URLs, x.Emoticons, x.Emoji} {
			for _, item := range list {
				// Parts, not whole items: a URL inside a hashtag is taken out first.
				if strings.TrimSpace(item) == "" {
					t.Errorf("extract(%q): empty item", s)
				}
				for _, part := range strings.Fields(item) {
					if !strings.Contains(s, part) {
						t.Errorf("extract(%q): item %q is not in the text", s, item)
					}
				}
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(x.Rest) {
			t.Errorf("extract(%q): Rest %q is not valid UTF-8", s, x.Rest)
		}
		var again []string
		extractEmoji(x.Rest, &again)
		if len(again) > 0 {
			t.Errorf("extract(%q): Rest %q still holds emoji %q", s, x.Rest, again)
		}
	})
}

// TestMerged: both ways of merging (a search per item, a set for many) keep the first of
// each repeat in order.
func TestMerged(t *testing.T) {
	var long []string
	for i := range 50 {
		long = append(long, string(rune('a'+i%20)))
	}
	tests := []struct{ a, b, want []string }{
		{nil, nil, nil},
		{[]string{"x", "y", "x"}, []string{"z", "y"}, []string{"x", "y", "z"}},
		{long, []string{"好", "a"}, append([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"}, "好")},
	}
	for _, tt := range tests {
		if got := merged(tt.a, tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("merged(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMergedWords(t *testing.T) {
	var long []string
	for i := range 80 {
		long = append(long, string(rune('a'+i%40)), "，", " ")
	}
	tests := [][2][]string{{nil, nil}, {{"，"}, {" "}}, {{"好", "，", "好", "a"}, {"a", "！", "b"}}, {long, {"好"}}}
	for _, tt := range tests {
		if got, want := mergedWords(tt[0], tt[1]), merged(segment.Words(tt[0]), segment.Words(tt[1])); !slices.Equal(got, want) {
			t.Errorf("mergedWords(%q, %q) = %q, want %q", tt[0], tt[1], got, want)
		}
	}
}

func TestScriptBits(t *testing.T) {
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if scriptBits.trad.has(r) != traditionalOnly[r] || scriptBits.simp.has(r) != simplifiedOnly[r] {
			t.Fatalf("%U: bitmaps disagree with the maps", r)
		}
	}
}
