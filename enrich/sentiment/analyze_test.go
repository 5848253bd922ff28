package sentiment

import (
	"path/filepath"
	"testing"
)

func TestAnalyzeSocialSignals(t *testing.T) {
	m := loadModel(t)
	tests := []struct {
		name      string
		text      string
		emoticons []string
		emoji     []string
		want      string
		term      string // a term the explanation must hold ("" none required)
	}{
		{name: "negation", text: "这家店的菜不好吃", want: LabelNegative},
		{name: "degree adverb keeps polarity", text: "非常好吃", want: LabelPositive},
		{name: "contrast positive then negative", text: "包装挺好看的，但是质量太差了", want: LabelNegative, term: "contrast:但是"},
		{name: "contrast negative then positive", text: "物流有点慢，不过东西很好，很满意", want: LabelPositive, term: "contrast:不过"},
		{name: "rhetorical question asserts", text: "这个价格难道不香吗？", want: LabelPositive},
		{name: "sarcasm in negative context", text: "等了五天还没发货，客服也不回，真是好极了", want: LabelNegative, term: "sarcasm:真是好极了"},
		{name: "dismissive 呵呵", text: "呵呵，这就是你们的售后", want: LabelNegative, term: "dismissive:呵呵"},
		{name: "rhetorical complaint", text: "凭什么不给退款", want: LabelNegative},
		{name: "positive emoticon", text: "今天收到了", emoticons: []string{"哈哈", "爱你"}, want: LabelPositive, term: "[爱你]"},
		{name: "negative emoji", text: "今天收到了", emoji: []string{"😡", "👎"}, want: LabelNegative, term: "😡"},
		{name: "praise stays positive", text: "真是好极了，下次还买", want: LabelPositive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := PrepareText(seg, tt.text)
			in.Emoticons, in.Emoji = tt.emoticons, tt.emoji
			a := m.Analyze(in)
			if got := LabelOf(ScoreOf(a.Logit)); got != tt.want {
				t.Errorf("Analyze(%q) = %s (logit %.3f, terms %v), want %s", tt.text, got, a.Logit, a.Terms, tt.want)
			}
			if tt.term != "" && !hasTerm(a.Terms, tt.term) {
				t.Errorf("terms %v lack %q", a.Terms, tt.term)
			}
		})
	}
}

func hasTerm(terms []Term, want string) bool {
	for _, t := range terms {
		if t.Term == want {
			return true
		}
	}
	return false
}

func TestAnalyzeDeterministic(t *testing.T) {
	m := loadModel(t)
	in := PrepareText(seg, "服务态度很好，但是价格有点贵，呵呵")
	a, b := m.Analyze(in), m.Analyze(in)
	if a.Logit != b.Logit || len(a.Terms) != len(b.Terms) {
		t.Fatalf("two runs differ: %+v vs %+v", a, b)
	}
	for i := range a.Terms {
		if a.Terms[i] != b.Terms[i] {
			t.Fatalf("two runs differ: %+v vs %+v", a, b)
		}
	}
}

// analyzedDevAccuracy is the dev accuracy with the social rules on (MODEL.md).
const analyzedDevAccuracy = 0.89

func TestAnalyzeDevAccuracy(t *testing.T) {
	m := loadModel(t)
	dev, err := ReadExamples(filepath.Join(dataDir(t), FileChnSentiCorpDev))
	if err != nil {
		t.Fatal(err)
	}
	right, plain := 0, 0
	for _, e := range dev {
		in := PrepareText(seg, e.Text)
		if (m.Analyze(in).Logit > 0) == e.Positive {
			right++
		}
		if (m.Logit(in) > 0) == e.Positive {
			plain++
		}
	}
	acc := float64(right) / float64(len(dev))
	t.Logf("dev accuracy with rules %.4f, model alone %.4f", acc, float64(plain)/float64(len(dev)))
	if acc < analyzedDevAccuracy-0.005 {
		t.Errorf("dev accuracy with rules %.4f, want at least %.4f", acc, analyzedDevAccuracy-0.005)
	}
}
