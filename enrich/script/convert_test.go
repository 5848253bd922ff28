package script

import "testing"

func TestSimplified(t *testing.T) {
	c := NewConverter()
	tests := []struct{ in, want string }{
		{"這個產品質量很好，物流也很快", "这个产品质量很好，物流也很快"},
		{"華為手機，價格太貴了", "华为手机，价格太贵了"},
		{"客服態度極差，再也不會買了", "客服态度极差，再也不会买了"},
		{"已经是简体 abc", "已经是简体 abc"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := c.Simplified(tt.in); got != tt.want {
			t.Errorf("Simplified(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
