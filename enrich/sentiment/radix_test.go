package sentiment

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortBuckets: the radix sort gives slices.Sort's order for short and long inputs
// and any number of bits.
func TestSortBuckets(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var tmp []uint32
	for _, bits := range []int{1, 8, 12, 20, 22, 32} {
		for _, n := range []int{0, 1, 2, 31, 32, 33, 200, 1500} {
			a := make([]uint32, n)
			for i := range a {
				a[i] = uint32(r.Uint64() & (1<<bits - 1))
			}
			want := slices.Sorted(slices.Values(a))
			tmp = sortBuckets(a, tmp, bits)
			if !slices.Equal(a, want) {
				t.Fatalf("bits %d, n %d: sortBuckets = %v, want %v", bits, n, a, want)
			}
		}
	}
}
