package enrich

import (
	"slices"
	"strings"
	"testing"

	"github.com/lingting/lingting/event"
)

func TestBrandQueries(t *testing.T) {
	brands := []Brand{
		{Name: "Xiaomi", Query: `(小米 OR xiaomi OR "redmi note") NOT 小米粥`},
		{Name: "Lei Jun", Query: `雷军 NEAR/3 发布会`},
		{Name: "Apple", Query: `iphone*`, Channels: []event.Platform{event.Douyin}},
		{Name: "Oppo", Keywords: []string{"oppo"}},
	}
	p, err := New(Config{Segmenter: seg, IDF: idf, Brands: brands}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		platform event.Platform
		text     string
		want     []string
	}{
		{"or and phrase", event.Weibo, "入手了Redmi Note 13，oppo也不错", []string{"Oppo", "Xiaomi"}},
		{"not excludes", event.Weibo, "早上喝小米粥", nil},
		{"near", event.Weibo, "雷军今天的发布会很精彩", []string{"Lei Jun"}},
		{"near too far", event.Weibo, "雷军说了很多很多话然后很久以后才有发布会", nil},
		{"channel filter excludes", event.Weibo, "iPhone15 真香", nil},
		{"channel filter includes", event.Douyin, "iPhone15 真香", []string{"Apple"}},
		{"hashtag", event.Weibo, "#小米汽车# 来了", []string{"Xiaomi"}},
		{"every brand", event.Douyin, "小米和iphone对比，雷军在发布会上说", []string{"Apple", "Lei Jun", "Xiaomi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mention(tt.text)
			m.Platform = tt.platform
			p.Enrich(&m)
			if !slices.Equal(m.Brands, tt.want) {
				t.Errorf("Brands(%q on %s) = %v, want %v (tokens %v)", tt.text, tt.platform, m.Brands, tt.want, m.Tokens)
			}
		})
	}
}

func TestBrandQueryConfigErrors(t *testing.T) {
	tests := []struct {
		brand Brand
		want  string
	}{
		{Brand{Name: "X", Query: "小米 AND"}, "brands[0].query: query: at position 7: expected a term, a phrase, '(' or NOT, found end of query"},
		{Brand{Name: "X", Query: "(a OR b"}, "brands[0].query: query: at position 8: expected ')' closing the '(' at position 1"},
		{Brand{Name: "X", Channels: []event.Platform{"tiktok"}}, `brands[0].channels[0] "tiktok" is not a known platform`},
	}
	for _, tt := range tests {
		err := Config{Segmenter: seg, Brands: []Brand{tt.brand}}.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate(%+v) = %v, want it to contain %q", tt.brand, err, tt.want)
		}
	}
}
