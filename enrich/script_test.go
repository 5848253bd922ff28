package enrich

import (
	"slices"
	"testing"

	"github.com/lingting/lingting/event"
)

func TestScripts(t *testing.T) {
	p := newPipeline(t, nil)
	tests := []struct {
		name   string
		text   string
		lang   string
		label  string
		brands []string
	}{
		{"traditional negative", "華為客服態度極差，再也不會買了", LangZhHant, event.Negative, []string{"Huawei"}},
		{"traditional positive", "這個產品質量很好，物流也很快，非常滿意", LangZhHant, event.Positive, nil},
		{"traditional with a simplified brand keyword", "雷軍的發布會", LangZhHant, "", []string{"Xiaomi"}},
		{"english is not scored", "This phone is terrible, worst purchase ever", LangOther, event.Neutral, nil},
		{"japanese is not scored", "このスマホは最高です", LangOther, event.Neutral, nil},
		{"non-chinese with emoji keeps the emoji", "love it 😍😍", LangOther, event.Positive, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mention(tt.text)
			p.Enrich(&m)
			if m.Lang != tt.lang {
				t.Errorf("Lang = %s, want %s", m.Lang, tt.lang)
			}
			if tt.label != "" && m.Sentiment.Label != tt.label {
				t.Errorf("sentiment %+v, want %s", m.Sentiment, tt.label)
			}
			if !slices.Equal(m.Brands, tt.brands) {
				t.Errorf("brands %v, want %v", m.Brands, tt.brands)
			}
			if m.Text != tt.text {
				t.Errorf("Text changed to %q", m.Text)
			}
		})
	}
}
