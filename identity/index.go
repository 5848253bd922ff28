package identity

// postings maps a key to the accounts that have it. Most keys have one account, so that
// case is stored inline; lists live in many.
type postings[K comparable] struct {
	one  map[K]int32 // key → account, or −1−i for many[i]
	many [][]int32
}

func newPostings[K comparable]() postings[K] { return postings[K]{one: map[K]int32{}} }

func (p *postings[K]) add(k K, x int32) {
	v, ok := p.one[k]
	switch {
	case !ok:
		p.one[k] = x
	case v >= 0:
		p.many = append(p.many, []int32{v, x})
		p.one[k] = -int32(len(p.many))
	default:
		p.many[-v-1] = append(p.many[-v-1], x)
	}
}

// get returns the accounts of k; the caller must not modify the slice.
func (p *postings[K]) get(k K) []int32 {
	v, ok := p.one[k]
	switch {
	case !ok:
		return nil
	case v >= 0:
		return []int32{v}
	}
	return p.many[-v-1]
}

// count returns how many accounts have k.
func (p *postings[K]) count(k K) int {
	v, ok := p.one[k]
	switch {
	case !ok:
		return 0
	case v >= 0:
		return 1
	}
	return len(p.many[-v-1])
}
