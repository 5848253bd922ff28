package aspect

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/lingting/lingting/enrich/internal/phrase"
)

// Aspect is one entry of a taxonomy: a name stored with mentions and the terms that show
// a clause talks about it (matched as substrings, case-insensitively).
type Aspect struct {
	Name  string   `yaml:"name"`
	Terms []string `yaml:"terms"`
}

// Defaults is the taxonomy for consumer brands used when none is configured.
func Defaults() []Aspect {
	return []Aspect{
		{Name: "price", Terms: []string{"价格", "价钱", "价位", "性价比", "便宜", "贵", "划算", "优惠", "折扣", "降价", "涨价", "实惠", "原价", "定价", "值这个价"}},
		{Name: "quality", Terms: []string{"质量", "品质", "做工", "材质", "质感", "耐用", "瑕疵", "次品", "假货", "正品", "用料", "坏了", "异味"}},
		{Name: "delivery", Terms: []string{"物流", "快递", "发货", "送货", "配送", "到货", "派送", "送达", "骑手", "外卖小哥", "顺丰", "运费"}},
		{Name: "service", Terms: []string{"客服", "服务", "售后", "态度", "退款", "退货", "换货", "服务员", "店员", "导购", "回复", "维修"}},
		{Name: "packaging", Terms: []string{"包装", "盒子", "外盒", "破损", "封口", "礼盒", "快递盒"}},
		{Name: "efficacy", Terms: []string{"效果", "功效", "作用", "疗效", "美白", "保湿", "补水", "祛痘", "续航", "见效", "性能", "信号", "拍照"}},
		{Name: "safety", Terms: []string{"安全", "过敏", "副作用", "刺激", "有毒", "甲醛", "致癌", "变质", "过期", "食品安全", "爆炸", "起火", "自燃"}},
		{Name: "store", Terms: []string{"门店", "店面", "环境", "排队", "装修", "店里", "实体店", "专柜", "店铺", "卫生"}},
		{Name: "taste", Terms: []string{"味道", "口感", "口味", "好吃", "难吃", "好喝", "难喝", "分量", "新鲜"}},
	}
}

// Validate reports the first invalid entry of a taxonomy.
func Validate(aspects []Aspect) error {
	seen := map[string]bool{}
	for i, a := range aspects {
		switch {
		case strings.TrimSpace(a.Name) == "":
			return fmt.Errorf("aspects[%d].name is empty", i)
		case seen[a.Name]:
			return fmt.Errorf("aspects[%d].name %q repeats another aspect", i, a.Name)
		case len(a.Terms) == 0:
			return fmt.Errorf("aspects[%d] (%s) has no terms", i, a.Name)
		}
		seen[a.Name] = true
		for j, t := range a.Terms {
			if strings.TrimSpace(t) == "" {
				return fmt.Errorf("aspects[%d].terms[%d] is empty", i, j)
			}
		}
	}
	return nil
}

// Detector finds aspects in clauses. It is immutable and safe for concurrent use.
type Detector struct {
	names []string
	// terms are every aspect's terms (lowercased NFKC), found in one scan of a clause;
	// aspectOf gives each term's aspect.
	terms    *phrase.Set
	aspectOf []int
}

// ErrEmpty is returned by New for an empty taxonomy.
var ErrEmpty = errors.New("aspect taxonomy is empty")

// New compiles a taxonomy that Validate accepts; nil or empty uses Defaults.
func New(aspects []Aspect) (*Detector, error) {
	if len(aspects) == 0 {
		aspects = Defaults()
	}
	if err := Validate(aspects); err != nil {
		return nil, fmt.Errorf("compiling aspects: %w", err)
	}
	d := &Detector{}
	var terms []string
	for i, a := range aspects {
		d.names = append(d.names, a.Name)
		for _, t := range a.Terms {
			terms = append(terms, strings.ToLower(norm.NFKC.String(strings.TrimSpace(t))))
			d.aspectOf = append(d.aspectOf, i)
		}
	}
	d.terms = phrase.New(terms...)
	return d, nil
}

// Names returns the aspect names in taxonomy order.
func (d *Detector) Names() []string { return d.names }

// In calls f with the index (in taxonomy order) of every aspect clause (lowercased) talks
// about.
func (d *Detector) In(clause string, f func(i int)) {
	var small [64]bool // a taxonomy of up to 64 aspects needs no allocation
	found := small[:0]
	d.terms.Each(clause, func(t int) {
		if len(found) == 0 {
			if len(d.names) <= len(small) {
				found = small[:len(d.names)]
			} else {
				found = make([]bool, len(d.names))
			}
		}
		found[d.aspectOf[t]] = true
	})
	for i, ok := range found {
		if ok {
			f(i)
		}
	}
}
