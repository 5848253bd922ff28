package enrich

import (
	"strings"
	"testing"

	"github.com/lingting/lingting/enrich/pii"
	"github.com/lingting/lingting/event"
)

func TestEnrichRedactsPersonalData(t *testing.T) {
	p, err := New(Config{Segmenter: seg, IDF: idf, PIIKey: []byte("secret")}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := mention("退款找我 １３８１２３４５６７８，邮箱 a@b.cn")
	p.Enrich(&m)
	if want := "退款找我 <phone>,邮箱 <email>"; m.Text != want {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
	want := []event.PIIHash{
		{Kind: event.PIIPhone, Hash: pii.New([]byte("secret")).Hash(event.PIIPhone, "13812345678")},
		{Kind: event.PIIEmail, Hash: pii.New([]byte("secret")).Hash(event.PIIEmail, "a@b.cn")},
	}
	if len(m.PII) != 2 || m.PII[0] != want[0] || m.PII[1] != want[1] {
		t.Errorf("PII = %v, want %v", m.PII, want)
	}
	for _, tok := range m.Tokens {
		if strings.Contains(tok, "13812345678") || tok == "phone" || tok == "email" {
			t.Errorf("token %q holds the phone number or a placeholder", tok)
		}
	}
	nick := mention("找客服")
	nick.Author.Nickname = "王姐13812345678"
	p.Enrich(&nick)
	if nick.Author.Nickname != "王姐<phone>" || len(nick.PII) != 1 || nick.PII[0] != want[0] {
		t.Errorf("nickname %q, PII %v: want the phone redacted and hashed", nick.Author.Nickname, nick.PII)
	}
	clean := mention("没有个人信息 ｈｉ")
	p.Enrich(&clean)
	if clean.Text != "没有个人信息 ｈｉ" || clean.PII != nil {
		t.Errorf("clean text changed: %q %v", clean.Text, clean.PII)
	}
}

// TestEnrichAgainKeepsPII: a mention enriched a second time (replayed from a store or an
// export) comes out as it did the first time: placeholders are not tokens, and the hashes
// of the data they replaced, which cannot be computed again, are kept.
func TestEnrichAgainKeepsPII(t *testing.T) {
	p, err := New(Config{Segmenter: seg, IDF: idf, PIIKey: []byte("secret")}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := mention("饭都凉了，退款找我 13812345678，邮箱 a@b.cn")
	m.Author.Nickname = "王姐13912345678"
	p.Enrich(&m)
	once, _ := event.Encode(m)
	if len(m.PII) != 3 {
		t.Fatalf("PII after the first pass = %v, want three hashes", m.PII)
	}
	p.Enrich(&m)
	if twice, _ := event.Encode(m); string(twice) != string(once) {
		t.Errorf("enriched again:\n%s\nfirst time:\n%s", twice, once)
	}
	// New personal data in a text redacted before adds its hash after the kept ones.
	m.Text += " 另一个 13700137000"
	p.Enrich(&m)
	if len(m.PII) != 4 || m.PII[3].Kind != event.PIIPhone {
		t.Errorf("PII = %v, want the three earlier hashes and the new phone", m.PII)
	}
}
