package enrich

import (
	"testing"

	"github.com/lingting/lingting/enrich/aspect"
	"github.com/lingting/lingting/event"
)

func TestAspects(t *testing.T) {
	p := newPipeline(t, nil)
	tests := []struct {
		name string
		text string
		want map[string]string // aspect → label
	}{
		{"three aspects", "价格便宜，质量太差了，物流很快", map[string]string{"price": event.Positive, "quality": event.Negative, "delivery": event.Positive}},
		{"contrast in one sentence", "包装很精美但是味道很难吃", map[string]string{"packaging": event.Positive, "taste": event.Negative}},
		{"service negative", "客服态度恶劣，一直不回复", map[string]string{"service": event.Negative}},
		{"none", "今天天气不错", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mention(tt.text)
			p.Enrich(&m)
			got := map[string]string{}
			for _, a := range m.Aspects {
				got[a.Name] = a.Label
			}
			if len(got) != len(tt.want) {
				t.Fatalf("aspects %+v, want %v", m.Aspects, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("aspect %s = %s, want %s (all %+v)", k, got[k], v, m.Aspects)
				}
			}
		})
	}
}

func TestAspectsConfigurable(t *testing.T) {
	p, err := New(Config{Segmenter: seg, IDF: idf, Aspects: []aspect.Aspect{{Name: "battery", Terms: []string{"电池", "续航"}}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := mention("续航太差，价格便宜")
	p.Enrich(&m)
	if len(m.Aspects) != 1 || m.Aspects[0].Name != "battery" || m.Aspects[0].Label != event.Negative {
		t.Errorf("aspects %+v, want battery negative only", m.Aspects)
	}
	if err := (Config{Segmenter: seg, Aspects: []aspect.Aspect{{Name: "x"}}}).Validate(); err == nil {
		t.Error("an aspect without terms passed Validate")
	}
}
