package sentiment

import "slices"

// sortBuckets sorts a, whose values are below 2^bits, in increasing order (the order
// slices.Sort gives: integers have only one), using tmp (grown as needed) and returning
// it for reuse. For the 100 to 2,000 buckets of a review it distributes them by their top
// 8 bits and finishes with an insertion sort over the nearly sorted result, about twice
// as fast as slices.Sort there; otherwise it calls slices.Sort.
func sortBuckets(a, tmp []uint32, bits int) []uint32 {
	if len(a) < 100 || len(a) > 2000 || bits < 8 {
		slices.Sort(a)
		return tmp
	}
	if cap(tmp) < len(a) {
		tmp = make([]uint32, len(a), 2*len(a))
	}
	tmp = tmp[:len(a)]
	shift := bits - 8
	var start [257]uint32
	for _, v := range a {
		start[int(uint8(v>>shift))+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	for _, v := range a {
		d := uint8(v >> shift)
		tmp[start[d]] = v
		start[d]++
	}
	copy(a, tmp)
	for i := 1; i < len(a); i++ {
		v := a[i]
		j := i
		for ; j > 0 && a[j-1] > v; j-- {
			a[j] = a[j-1]
		}
		a[j] = v
	}
	return tmp
}
