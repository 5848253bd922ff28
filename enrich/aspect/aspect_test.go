package aspect

import (
	"slices"
	"testing"
)

func TestIn(t *testing.T) {
	d, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		clause string
		want   []string
	}{
		{"价格便宜质量好", []string{"price", "quality"}},
		{"快递员态度差", []string{"delivery", "service"}},
		{"性价比高", []string{"price"}},
		{"今天天气好", nil},
	}
	for _, tt := range tests {
		var got []string
		d.In(tt.clause, func(i int) { got = append(got, d.Names()[i]) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("In(%q) = %v, want %v", tt.clause, got, tt.want)
		}
	}
	if err := Validate([]Aspect{{Name: "a", Terms: []string{"x"}}, {Name: "a", Terms: []string{"y"}}}); err == nil {
		t.Error("a repeated name passed Validate")
	}
}
