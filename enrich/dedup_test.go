package enrich

import (
	"testing"

	"github.com/lingting/lingting/enrich/topic"
)

func TestNearDuplicatesAndSpam(t *testing.T) {
	p := newPipeline(t, nil)
	enrich := func(text, parent string) (uint64, string, float32, []string) {
		m := mention(text)
		m.ParentID = parent
		p.Enrich(&m)
		return m.SimHash, m.ClusterID, m.Spam, m.Keywords
	}
	campaign := "这款面霜真的太好用了，用了一周皮肤水润有光泽，强烈推荐给大家"
	h1, c1, s1, kw := enrich(campaign, "")
	h2, c2, _, _ := enrich("@小红 "+campaign+"！！ http://t.cn/abc [心]", "")
	h3, c3, _, _ := enrich("这款面霜真的太好用了，用了两周皮肤水润有光泽，强烈推荐给大家", "")
	_, c4, _, _ := enrich("物流太慢了，客服也不理人，再也不买了", "")
	if c1 == "" || c1 != c2 {
		t.Errorf("copy-paste with a handle, link and emoticon: clusters %q and %q, want the same", c1, c2)
	}
	if h1 != h2 {
		t.Errorf("simhash %x vs %x for the same words", h1, h2)
	}
	if d := topic.Distance(h1, h3); d > 10 {
		t.Errorf("one word changed: simhash distance %d", d)
	}
	if c3 == c1 || c4 == c1 {
		t.Errorf("different texts share cluster %q", c1)
	}
	if len(kw) == 0 || kw[0] == "的" {
		t.Errorf("keywords %v", kw)
	}
	_, r1, _, _ := enrich("转发微博", "weibo:42")
	_, r2, _, _ := enrich("", "weibo:42")
	_, r3, _, _ := enrich("转发微博", "weibo:43")
	if r1 == "" || r1 != r2 || r1 == r3 {
		t.Errorf("repost storm clusters %q %q %q: want the first two equal, the third apart", r1, r2, r3)
	}
	if _, c, _, _ := enrich("好评", ""); c != "" {
		t.Errorf("a two-character text got cluster %q", c)
	}
	_, _, spam, _ := enrich("兼职刷单日结，加微信 abc_12345 免费领优惠券 #a# #b# #c# #d# #e#", "")
	if spam < 0.8 || s1 > 0.2 {
		t.Errorf("spam signal %.2f for bait, %.2f for a review", spam, s1)
	}
}
