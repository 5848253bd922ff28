package sentiment

// sortBuckets sorts a, whose values are below 2^bits, in increasing order with an LSD
// radix sort over bytes (faster than a comparison sort for the few hundred buckets of a
// text), using tmp (grown as needed) as the second buffer; it returns tmp for reuse.
// The order is the one slices.Sort gives: integers have only one.
func sortBuckets(a, tmp []uint32, bits int) []uint32 {
	if len(a) < 32 {
		insertionSort(a)
		return tmp
	}
	if cap(tmp) < len(a) {
		tmp = make([]uint32, len(a), 2*len(a))
	}
	src, dst := a, tmp[:len(a)]
	for shift := 0; shift < bits; shift += 8 {
		var count [256]int
		for _, v := range src {
			count[v>>shift&0xff]++
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, v := range src {
			d := v >> shift & 0xff
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
	return tmp
}

func insertionSort(a []uint32) {
	for i := 1; i < len(a); i++ {
		v := a[i]
		j := i
		for ; j > 0 && a[j-1] > v; j-- {
			a[j] = a[j-1]
		}
		a[j] = v
	}
}
