package enrich

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"

	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/topic"
	"github.com/lingting/lingting/event"
)

// seg and idf are shared by every test of this binary: gse's dictionary takes about 2 s
// and 130 MB, its IDF table 0.5 s.
var (
	seg *segment.Segmenter
	idf *topic.IDF
)

func TestMain(m *testing.M) {
	var err error
	if seg, err = segment.Load(segment.DAG); err != nil {
		panic(err)
	}
	if idf, err = topic.LoadIDF(); err != nil {
		panic(err)
	}
	goleak.VerifyTestMain(m)
}

var testBrands = []Brand{
	{Name: "Xiaomi", Keywords: []string{"小米", "雷军"}},
	{Name: "Huawei", Keywords: []string{"华为", "Mate60"}},
	{Name: "Oppo", Keywords: []string{"oppo"}},
	{Name: "霸王茶姬", Keywords: []string{"伯牙绝弦"}},
}

func newPipeline(t testing.TB, reg prometheus.Registerer) *Pipeline {
	t.Helper()
	p, err := New(Config{Segmenter: seg, IDF: idf, Brands: testBrands}, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mention(text string) event.Mention {
	return event.Mention{
		Schema: event.SchemaVersion, ID: event.ID(event.Weibo, "1"), Platform: event.Weibo, Kind: event.Post,
		NativeID: "1", CreatedAt: time.Date(2026, 5, 31, 9, 46, 55, 0, time.UTC), Text: text,
	}
}

func TestBrandMatching(t *testing.T) {
	p := newPipeline(t, nil)
	tests := []struct {
		text string
		want []string
	}{
		{"小米的新手机", []string{"Xiaomi"}},
		{"XIAOMI and huawei", []string{"Huawei", "Xiaomi"}},
		{"ＭＡＴＥ６０ 真香", []string{"Huawei"}},
		{"#霸王茶姬# 好喝", []string{"霸王茶姬"}},
		{"@雷军 你好", []string{"Xiaomi"}},
		{"the opposite view", nil},
		{"OPPO Find X", []string{"Oppo"}},
		{"看 http://huawei.com/p", nil},
		{"今天的伯牙绝弦和小米粥", []string{"Xiaomi", "霸王茶姬"}},
		{"什么都没有", nil},
	}
	for _, tt := range tests {
		m := mention(tt.text)
		p.Enrich(&m)
		if !slices.Equal(m.Brands, tt.want) {
			t.Errorf("Brands(%q) = %q, want %q", tt.text, m.Brands, tt.want)
		}
	}
}

func TestSegmentationKeepsBrandsWhole(t *testing.T) {
	p := newPipeline(t, nil)
	tests := []struct {
		text string
		want []string
	}{
		{"我在霸王茶姬点了伯牙绝弦", []string{"霸王茶姬", "伯牙绝弦"}},
		{"华为Mate60发布了", []string{"mate60"}},
		{"雷军发布会", []string{"雷军"}},
	}
	for _, tt := range tests {
		m := mention(tt.text)
		p.Enrich(&m)
		for _, w := range tt.want {
			if !slices.Contains(m.Tokens, w) {
				t.Errorf("Tokens(%q) = %q, want %q among them", tt.text, m.Tokens, w)
			}
		}
	}
}

func TestEnrich(t *testing.T) {
	p := newPipeline(t, nil)
	m := mention("＃小米SU7＃ 提车了，太喜欢了[哈哈]😍 @雷军 http://t.cn/A6x//@车友甲:恭喜//@车友乙:真不错👍")
	p.Enrich(&m)
	check := func(field string, got, want []string) {
		if !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	check("Hashtags", m.Hashtags, []string{"小米SU7"})
	check("Mentions", m.Mentions, []string{"雷军", "车友甲", "车友乙"})
	check("URLs", m.URLs, []string{"http://t.cn/A6x"})
	check("Emoticons", m.Emoticons, []string{"哈哈"})
	check("Emoji", m.Emoji, []string{"😍", "👍"})
	check("Brands", m.Brands, []string{"Xiaomi"})
	if m.Lang != LangZh {
		t.Errorf("Lang = %q, want zh", m.Lang)
	}
	if !slices.Contains(m.Tokens, "喜欢") || !slices.Contains(m.Tokens, "恭喜") {
		t.Errorf("Tokens = %q: want own and chain words", m.Tokens)
	}
	for _, tok := range m.Tokens {
		if !segment.IsWord(tok) {
			t.Errorf("Tokens hold %q, not a word", tok)
		}
	}
	if m.Sentiment.Label != event.Positive || m.Sentiment.Score <= 0 || m.Sentiment.Score > 1 {
		t.Errorf("Sentiment = %+v, want positive in (0, 1]", m.Sentiment)
	}
	if !m.EnrichedAt.Equal(m.CreatedAt) {
		t.Errorf("EnrichedAt = %v, want CreatedAt %v when Config.Now is nil", m.EnrichedAt, m.CreatedAt)
	}
}

func TestEnrichSentiment(t *testing.T) {
	p := newPipeline(t, nil)
	tests := []struct {
		text string
		want string
	}{
		{"不好吃", event.Negative},
		{"不错", event.Positive},
		{"太失望了，再也不买了[怒]", event.Negative},
		{"转发微博//@甲:质量太差了，退货", event.Negative}, // nothing of the author's own: the chain counts
		{"好评！//@甲:质量太差了，退货", event.Positive},  // the author's own words weigh more
		{"", event.Neutral},
		{"[哈哈]", event.Positive},
	}
	for _, tt := range tests {
		m := mention(tt.text)
		p.Enrich(&m)
		if m.Sentiment.Label != tt.want {
			t.Errorf("Sentiment(%q) = %+v, want %s", tt.text, m.Sentiment, tt.want)
		}
	}
}

// TestEnrichDeterministicAndConcurrent enriches the same texts from several goroutines
// and compares every record with a sequential run only after all of them finished: a
// record must not share memory that a later Enrich (pooled buffers) writes over.
func TestEnrichDeterministicAndConcurrent(t *testing.T) {
	p := newPipeline(t, nil)
	texts := []string{"#话题# 小米不错", "华为的服务太差了😡", "//@a:转发", "這個很好用", "plain english",
		"价格便宜，质量太差了，物流很快，但是客服态度不好，包装也破了[怒]",
		"真是好极了，等了两个小时才送到，饭都凉了，呵呵 @小米客服 #外卖# 手机13800138000",
		"屏幕很清晰，电池续航一般，不过拍照效果非常好，总体来说还是值得购买的👍"}
	want := make([][]byte, len(texts))
	for i, s := range texts {
		m := mention(s)
		p.Enrich(&m)
		want[i], _ = event.Encode(m)
	}
	const workers, rounds = 4, 5
	got := make([][]event.Mention, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range rounds {
				for _, s := range texts {
					m := mention(s)
					p.Enrich(&m)
					p.Enrich(&m) // re-enriching replaces, never appends
					got[w] = append(got[w], m)
				}
			}
		})
	}
	wg.Wait()
	for w := range got {
		for j, m := range got[w] {
			i := j % len(texts)
			if b, _ := event.Encode(m); string(b) != string(want[i]) {
				t.Errorf("worker %d, Enrich(%q) differs from the sequential run:\n%s\n%s", w, texts[i], b, want[i])
			}
		}
	}
}

func TestEnrichedAtClock(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	p, err := New(Config{Segmenter: seg, IDF: idf, Now: func() time.Time { return at }}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := mention("好")
	p.Enrich(&m)
	if !m.EnrichedAt.Equal(at) {
		t.Errorf("EnrichedAt = %v, want %v", m.EnrichedAt, at)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no segmenter", Config{}},
		{"empty brand name", Config{Segmenter: seg, Brands: []Brand{{Name: " "}}}},
		{"repeated brand", Config{Segmenter: seg, Brands: []Brand{{Name: "A"}, {Name: "a"}}}},
		{"empty keyword", Config{Segmenter: seg, Brands: []Brand{{Name: "A", Keywords: []string{""}}}}},
		{"chain weight", Config{Segmenter: seg, ChainWeight: 2}},
		{"workers", Config{Segmenter: seg, Workers: -1}},
	}
	for _, tt := range tests {
		if _, err := New(tt.cfg, nil, nil); err == nil {
			t.Errorf("%s: New() = nil error, want one", tt.name)
		}
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	p := newPipeline(t, reg)
	newPipeline(t, reg) // a second pipeline shares the series
	for _, s := range []string{"很好", "很差"} {
		m := mention(s)
		p.Enrich(&m)
	}
	if got := testutil.ToFloat64(p.metrics.enriched); got != 2 {
		t.Errorf("mentions_enriched_total = %v, want 2", got)
	}
	if got := testutil.ToFloat64(p.metrics.sentiment.WithLabelValues(event.Negative)); got != 1 {
		t.Errorf("sentiment_total{label=negative} = %v, want 1", got)
	}
}

func BenchmarkEnrich(b *testing.B) {
	p := newPipeline(b, nil)
	texts := []string{
		"#小米SU7# 提车一周，续航比想象的好，就是车机偶尔卡顿[doge] @小米汽车 http://t.cn/A6xYz",
		"华为的售后太让人失望了，等了三天都没人回复😡😡",
		"今天喝了霸王茶姬的伯牙绝弦，味道一般般吧//@奶茶控:强烈推荐！",
		"这个价格还要什么自行车，性价比很高👍",
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m := mention(texts[i%len(texts)])
		p.Enrich(&m)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
}
