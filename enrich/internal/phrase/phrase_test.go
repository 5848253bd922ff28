package phrase

import (
	"slices"
	"strings"
	"testing"
)

func TestEach(t *testing.T) {
	s := New("价格", "价", "vx", "", "😀好", "\uFFFD", "格外")
	tests := []struct {
		text string
		want []int
	}{
		{"", nil},
		{"价格很好", []int{0, 1}},
		{"价格格外价", []int{0, 1, 6, 1}},
		{"加vx", []int{2}},
		{"😀好😀", []int{4}},
		{"\xff\uFFFD", []int{5}},
	}
	for _, tt := range tests {
		var got []int
		s.Each(tt.text, func(i int) { got = append(got, i) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("Each(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// FuzzEach: a phrase is reported at least once exactly when strings.Contains finds it.
func FuzzEach(f *testing.F) {
	phrases := []string{"价格", "价", "vx", "😀好", "\uFFFD", "a", "格外"}
	s := New(phrases...)
	f.Add("价格格外vx😀好\xff")
	f.Fuzz(func(t *testing.T, text string) {
		found := make([]bool, len(phrases))
		s.Each(text, func(i int) { found[i] = true })
		some := false
		for i, p := range phrases {
			if found[i] != strings.Contains(text, p) {
				t.Errorf("Each(%q) found %q = %v", text, p, found[i])
			}
			some = some || found[i]
		}
		if s.Any(text) != some {
			t.Errorf("Any(%q) = %v", text, !some)
		}
	})
}

func TestWords(t *testing.T) {
	list := []string{"但是", "但", "不过", "the", "a", "转发微博", ""}
	s := NewWords(list...)
	for _, w := range append(list, "但是是", "不", "th", "The", "转发", "b") {
		if got, want := s.Has(w), w != "" && slices.Contains(list, w); got != want {
			t.Errorf("Has(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestTagged(t *testing.T) {
	s := NewTagged([]string{"不", "不是"}, []string{"很", "好"}, []string{"好", ""})
	for w, want := range map[string]uint8{"不": 1, "不是": 1, "很": 2, "好": 6, "": 0, "是": 0, "很好": 0} {
		if got := s.Tags(w); got != want {
			t.Errorf("Tags(%q) = %d, want %d", w, got, want)
		}
	}
}
