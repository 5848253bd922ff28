package simulate

// aspect is a facet people praise or criticise, with phrases of each polarity.
type aspect struct {
	name      string
	good, bad []string
}

var aspects = []aspect{
	{"价格", []string{"实惠", "划算", "亲民"}, []string{"贵", "离谱", "坑"}},
	{"质量", []string{"好", "扎实", "靠谱"}, []string{"差", "糟糕", "次"}},
	{"物流", []string{"快", "给力", "准时"}, []string{"慢", "拖拉", "磨蹭"}},
	{"客服", []string{"耐心", "热情", "专业"}, []string{"冷淡", "敷衍", "差劲"}},
	{"包装", []string{"精致", "用心", "严实"}, []string{"简陋", "粗糙", "随便"}},
	{"体验", []string{"舒服", "惊喜", "顺滑"}, []string{"差", "糟糕", "别扭"}},
}

var (
	goodDegrees = []string{"很", "非常", "超级", "特别", "真的很", "挺"}
	badDegrees  = []string{"太", "非常", "特别", "真的太", "有点", "超级"}

	positiveTemplates = []string{
		"{B}的{P}，{A}{D}{G}{E}",
		"第三次回购{P}了，{A}{D}{G}，爱了{E}",
		"安利一下{B}{P}，{A}{D}{G}，推荐给大家{E}",
		"本来没抱期待，但是{B}的{P}{A}{D}{G}{E}",
		"虽然{A2}一般，但是{A}{D}{G}，整体满意{E}",
		"给{B}打call！{P}真的{D}{G}{E}",
		"{B}{P}yyds，{A}{D}{G}，{A2}也{G2}{E}",
		"用了一周{B}{P}，完全不踩雷，{A}{D}{G}{E}",
	}
	negativeTemplates = []string{
		"{B}的{P}{A}{D}{N}，再也不买了{E}",
		"说实话{B}的{P}{A}不太行，{A2}也{D}{N2}{E}",
		"买了{B}{P}，{A}{D}{N}，太失望了{E}",
		"{A}{D}{N}，联系客服也没人管，{B}你们能不能上点心{E}",
		"本来挺喜欢{B}的，但是这次{P}{A}{D}{N}{E}",
		"不推荐{B}{P}，{A}{D}{N}，{A2}一点都不{G2}{E}",
		"{B}{P}{A}{D}{N}，退款还要等七天{E}",
		"避雷{B}！{P}{A}{D}{N}{E}",
	}
	neutralTemplates = []string{
		"{B}的{P}多少钱？有人买过吗{E}",
		"请问{B}{P}{A}怎么样？",
		"路过{B}门店，排队的人挺多",
		"{B}出新款{P}了，看看再说",
		"有没有人对比过{B}和别家的{P}？",
		"{B}{P}到货了，还没用，先放着",
		"今天{B}{P}打折吗",
		"{B}官方发布了{P}的新消息",
	}
	crisisNegative = []string{
		"#{T}# 太吓人了，{B}居然{C}，以后再也不买了{E}",
		"看完视频{D}恶心，{B}必须给个说法！{E}",
		"{B}{C}又上热搜了，家里孩子经常买，后怕{E}",
		"退钱！刚买的{B}{P}，{C}{E}",
		"这次{B}的回应{D}敷衍，不接受{E}",
		"监管部门查一下{B}吧，{C}不是第一次了 #{T}#",
		"原来{B}一直这样？{C}，良心不会痛吗{E}",
		"取关了，{B}{C}这件事必须严查{E}",
	}
	crisisNeutral = []string{
		"等官方调查结果吧，先别急着下结论 #{T}#",
		"{B}发声明了，说是个别门店的问题",
		"有没有人知道{B}这事后续怎么样了？",
	}
	crisisPositive = []string{
		"我家楼下那家{B}一直挺干净的，别一棒子打死",
		"相信{B}会好好整改，支持一下{E}",
	}
	staffReplies = []string{
		"您好，请问有什么可以帮您？",
		"非常抱歉给您带来不好的体验，我们马上为您处理",
		"已为您登记，24小时内会有专人联系您",
		"麻烦提供一下订单号，我帮您查询",
		"您反馈的问题已经转给相关部门，请耐心等待",
		"感谢您的支持，有问题随时联系我们",
	}
	customerOpeners = []string{"你好，", "在吗？", "您好，", "客服，", ""}

	positiveEmoji = []string{"😋", "👍", "❤️", "🥰", "✨", "😊", "🔥"}
	negativeEmoji = []string{"😡", "😤", "🙄", "😭", "💔", "🤮"}
	neutralEmoji  = []string{"🤔", "😂", "👀", ""}
	weiboPositive = []string{"[哈哈]", "[赞]", "[爱你]", "[好喜欢]", "[给力]"}
	weiboNegative = []string{"[怒]", "[泪]", "[抓狂]", "[失望]", "[吐]"}
	weiboNeutral  = []string{"[思考]", "[doge]", "[吃惊]", "[微笑]"}
	douyinFaces   = map[string][]string{
		"positive": {"[赞]", "[比心]", "[666]", "[呲牙]"},
		"negative": {"[生气]", "[流泪]", "[捂脸]", "[吐]"},
		"neutral":  {"[捂脸]", "[看]", "[思考]"},
	}
	shortLinks = []string{"http://t.cn/A6aBcD1x", "http://t.cn/A6Xyz9Qw", "https://m.weibo.cn/status/Nq8Zx", "http://t.cn/A6pQrStU"}
	fileNames  = []string{"订单截图.png", "维修报价单.pdf", "发票.pdf", "检测报告.pdf"}
)
