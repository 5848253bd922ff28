package simulate

import "time"

// DefaultBrands returns the fictional brands of the default simulation: a milk-tea chain,
// a phone maker, a skincare brand, a car maker and a grocery-delivery app.
func DefaultBrands() []Brand {
	return []Brand{
		{Name: "茶小满", Keywords: []string{"茶小满", "小满奶茶", "chaxiaoman", "CXM"}, Weight: 1.5,
			Products: []string{"桃桃乌龙", "杨枝甘露", "芝士葡萄", "珍珠奶茶", "柠檬水"}},
		{Name: "星曜手机", Keywords: []string{"星曜手机", "星曜", "xingyao", "Xingyao Mobile"}, Weight: 1.2,
			Products: []string{"星曜X9 Pro", "星曜Note 12", "星曜Fold 3", "星曜手表", "120W快充"}},
		{Name: "澜肌", Keywords: []string{"澜肌", "lanji", "Lanskin"}, Weight: 1,
			Products: []string{"玻尿酸精华", "修护面霜", "防晒乳", "洁面慕斯", "眼霜"}},
		{Name: "驰远汽车", Keywords: []string{"驰远汽车", "驰远", "chiyuan", "Chiyuan Auto"}, Weight: 0.8,
			Products: []string{"驰远E7", "驰远S5", "智驾系统", "家用充电桩", "车机系统"}},
		{Name: "优鲜到家", Keywords: []string{"优鲜到家", "优鲜", "youxian", "FreshGo"}, Weight: 1,
			Products: []string{"水果礼盒", "次日达", "会员卡", "冷链生鲜", "社区团购"}},
	}
}

// DefaultCrises returns the default scripted crises: a food-safety scare for 茶小满 two
// hours after Start (45 minutes, peak 15× its baseline, 85% negative; 10:00 Beijing time
// with the default Start) and a battery overheating story for 星曜手机 30 hours after
// Start (30 minutes, peak 8×, 80% negative; 14:00 the next day).
func DefaultCrises() []Crisis {
	return []Crisis{
		{Brand: "茶小满", Topic: "茶小满食品安全", Offset: 2 * time.Hour, Duration: 45 * time.Minute,
			Multiplier: 15, NegativeShare: 0.85,
			Headline:   "曝光！茶小满某门店后厨使用过期原料，操作台上还有老鼠爬过，视频里看得清清楚楚，这样的奶茶谁还敢喝？",
			Complaints: []string{"用过期原料", "后厨有老鼠", "喝出异物", "喝完拉肚子", "卫生太差", "回应敷衍"}},
		{Brand: "星曜手机", Topic: "星曜X9电池发烫", Offset: 30 * time.Hour, Duration: 30 * time.Minute,
			Multiplier: 8, NegativeShare: 0.8,
			Headline:   "星曜X9 Pro充电时烫到不敢拿，已经好几个人反映电池鼓包了，官方到现在都没有说法",
			Complaints: []string{"充电发烫", "电池鼓包", "突然关机", "售后推脱", "不给换机"}},
	}
}
