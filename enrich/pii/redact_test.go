package pii

import (
	"slices"
	"strings"
	"testing"

	"github.com/lingting/lingting/event"
)

func TestRedact(t *testing.T) {
	r := New([]byte("test-key"))
	tests := []struct {
		name  string
		text  string
		want  string
		kinds []string
	}{
		{"mobile", "电话13812345678有事找我", "电话<phone>有事找我", []string{event.PIIPhone}},
		{"mobile with spaces", "打 138 1234 5678 谢谢", "打 <phone> 谢谢", []string{event.PIIPhone}},
		{"mobile with country code", "call 86-13812345678", "call <phone>", []string{event.PIIPhone}},
		{"mobile prefix 12 is not one", "编号12812345678", "编号12812345678", nil},
		{"mobile inside a longer number", "订单2023111513812345678已发", "订单2023111513812345678已发", nil},
		{"mobile between letters (a product code)", "sku13812345678a", "sku13812345678a", nil},
		{"mobile after a letter", "加V13812345678", "加V<phone>", []string{event.PIIPhone}},
		{"mobile after tel", "tel13912345678", "tel<phone>", []string{event.PIIPhone}},
		{"mobile in a URL query", "https://a.cn/?u=13812345678", "https://a.cn/?u=13812345678", nil},
		{"id card with X", "身份证11010519491231002X请核对", "身份证<id_card>请核对", []string{event.PIIIDCard}},
		{"id card lower x", "身份证11010519491231002x", "身份证<id_card>", []string{event.PIIIDCard}},
		{"id card digits", "号码440304199001011233。", "号码<id_card>。", []string{event.PIIIDCard}},
		{"id card bad checksum", "身份证110105194912310021", "身份证110105194912310021", nil},
		{"id card bad date", "身份证110105194913310028", "身份证110105194913310028", nil},
		{"bank card", "卡号6222021234567894转账", "卡号<bank_card>转账", []string{event.PIIBankCard}},
		{"bank card grouped", "卡号 6222 0212 3456 7894", "卡号 <bank_card>", []string{event.PIIBankCard}},
		{"bank card 19 digits", "6217000012345678915", "<bank_card>", []string{event.PIIBankCard}},
		{"bank card bad luhn", "卡号6222021234567895转账", "卡号6222021234567895转账", nil},
		{"email", "联系 Zhang.San@Example.com 或", "联系 <email> 或", []string{event.PIIEmail}},
		{"weibo handle is not email", "@小米手机 好用", "@小米手机 好用", nil},
		{"wechat labelled", "加微信：abc_12345 领券", "加微信：<wechat> 领券", []string{event.PIIWeChat}},
		{"wechat vx", "vx abcdef99", "vx <wechat>", []string{event.PIIWeChat}},
		{"wechat too short", "微信：abc12", "微信：abc12", nil},
		{"wechat unlabelled", "我的号 abc_12345", "我的号 abc_12345", nil},
		{"wechat that is a phone", "微信13812345678", "微信<phone>", []string{event.PIIPhone}},
		{"several", "手机13812345678，邮箱a@b.cn，再发一次13812345678", "手机<phone>，邮箱<email>，再发一次<phone>", []string{event.PIIPhone, event.PIIEmail}},
		{"nothing", "这个手机真好用", "这个手机真好用", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hashes := r.Redact(tt.text)
			if got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.text, got, tt.want)
			}
			var kinds []string
			for _, h := range hashes {
				kinds = append(kinds, h.Kind)
				if len(h.Hash) != 64 || strings.Contains(tt.text, h.Hash) {
					t.Errorf("hash %q is not a 64-hex HMAC", h.Hash)
				}
			}
			if !slices.Equal(kinds, tt.kinds) {
				t.Errorf("kinds %v, want %v", kinds, tt.kinds)
			}
		})
	}
}

func TestHashNormalisesAndIsKeyed(t *testing.T) {
	a, b := New([]byte("k1")), New([]byte("k2"))
	_, h1 := a.Redact("138 1234 5678")
	_, h2 := a.Redact("+86 13812345678")
	_, h3 := b.Redact("13812345678")
	if len(h1) != 1 || len(h2) != 1 || len(h3) != 1 {
		t.Fatalf("hashes %v %v %v", h1, h2, h3)
	}
	if h1[0] != h2[0] {
		t.Errorf("the same number written two ways hashes differently: %v %v", h1, h2)
	}
	if h1[0] == h3[0] {
		t.Errorf("two keys give the same hash")
	}
	if got := a.Hash(event.PIIPhone, "13812345678"); got != h1[0].Hash {
		t.Errorf("Hash = %s, Redact gave %s", got, h1[0].Hash)
	}
}

func TestNoKeyRedactsWithoutHashes(t *testing.T) {
	got, hashes := New(nil).Redact("13812345678")
	if got != "<phone>" || hashes != nil {
		t.Errorf("Redact = %q, %v; want <phone>, nil", got, hashes)
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"13812345678", "11010519491231002X", "a@b.cn 微信:abcdef1", "6222 0212 3456 7894"} {
		f.Add(s)
	}
	r := New([]byte("k"))
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := r.Redact(s)
		again, hashes := r.Redact(out)
		if again != out || hashes != nil {
			t.Errorf("redacting %q twice changed it: %q then %q %v", s, out, again, hashes)
		}
	})
}

func TestBlank(t *testing.T) {
	if got := Blank("打<phone>或<email>，<b>"); got != "打 或 ，<b>" {
		t.Errorf("Blank = %q", got)
	}
}

func TestHasPlaceholder(t *testing.T) {
	for s, want := range map[string]bool{
		"打<phone>": true, "<wechat>联系": true, "<b>粗体</b>": false, "a < b": false, "": false,
	} {
		if got := HasPlaceholder(s); got != want {
			t.Errorf("HasPlaceholder(%q) = %v, want %v", s, got, want)
		}
	}
}
