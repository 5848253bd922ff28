package sentiment

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortBuckets: sortBuckets gives slices.Sort's order for short and long lists, wide and narrow values.
func TestSortBuckets(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var tmp []uint32
	for _, bits := range []int{4, 8, 12, 20, 22} {
		for _, n := range []int{0, 1, 15, 16, 17, 40, 99, 100, 150, 700, 2000, 2001, 70000} {
			a := make([]uint32, n)
			for i := range a {
				a[i] = uint32(r.Uint64() & (1<<bits - 1))
			}
			if n > 10 {
				a[3], a[7] = a[5], a[5] // repeats
			}
			want := slices.Sorted(slices.Values(a))
			tmp = sortBuckets(a, tmp, bits)
			if !slices.Equal(a, want) {
				t.Fatalf("bits %d, n %d: not sorted as slices.Sort sorts", bits, n)
			}
		}
	}
}
