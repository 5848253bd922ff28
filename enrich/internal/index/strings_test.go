package index

import (
	"slices"
	"strconv"
	"testing"
)

func TestStrings(t *testing.T) {
	tests := []struct {
		name  string
		reset int
		in    []string
	}{
		{"empty", 0, nil},
		{"repeats", 4, []string{"好", "吃", "好", "", "吃", ""}},
		{"grows past its room", 2, numbers(1000, 3)},
	}
	var x Strings // reused across the cases, as the pipeline reuses one
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x.Reset(tt.reset)
			want := map[string]int{}
			var order []string
			for _, s := range tt.in {
				i, added := x.Add(s)
				j, seen := want[s]
				if !seen {
					j = len(order)
					want[s] = j
					order = append(order, s)
				}
				if i != j || added == seen {
					t.Fatalf("Add(%q) = %d, %v; want %d, %v", s, i, added, j, !seen)
				}
			}
			if !slices.Equal(x.Keys(), order) || x.Len() != len(order) {
				t.Errorf("Keys() = %q, want %q", x.Keys(), order)
			}
		})
	}
}

// numbers is "0" … "n-1", each repeated times times in a row.
func numbers(n, times int) []string {
	var out []string
	for i := range n {
		for range times {
			out = append(out, strconv.Itoa(i))
		}
	}
	return out
}
