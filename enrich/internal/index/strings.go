package index

import "hash/maphash"

// Strings numbers distinct strings 0, 1, 2, … in the order Add first sees them. It is an
// open-addressing table of numbers plus one (0: empty) by maphash, grown to keep at
// most half of it full. Reset empties it for reuse, in time proportional to the number
// of strings it will hold, not to what it held. The zero value is empty and ready. Not
// safe for concurrent use.
type Strings struct {
	keys  []string
	slots []int32
}

var seed = maphash.MakeSeed()

// Reset empties x, with room for n strings before it grows.
func (x *Strings) Reset(n int) {
	clear(x.keys) // the strings are the caller's
	x.keys = x.keys[:0]
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(x.slots) < size {
		x.slots = make([]int32, size)
	}
	x.slots = x.slots[:size]
	clear(x.slots)
}

// Add returns the number of s, numbering it next when it is new (added true).
func (x *Strings) Add(s string) (i int, added bool) {
	if len(x.slots) == 0 {
		x.Reset(0)
	}
	slot := x.find(s)
	if at := x.slots[slot]; at != 0 {
		return int(at) - 1, false
	}
	x.keys = append(x.keys, s)
	x.slots[slot] = int32(len(x.keys))
	if 2*len(x.keys) > len(x.slots) {
		x.grow()
	}
	return len(x.keys) - 1, true
}

// Keys returns the strings in the order of their numbers; valid until the next Reset.
func (x *Strings) Keys() []string { return x.keys }

// Len is the number of strings.
func (x *Strings) Len() int { return len(x.keys) }

// find returns s's slot, or the empty slot where it would go.
func (x *Strings) find(s string) uint64 {
	mask := uint64(len(x.slots) - 1)
	i := maphash.String(seed, s) & mask
	for at := x.slots[i]; at != 0 && x.keys[at-1] != s; at = x.slots[i] {
		i = (i + 1) & mask
	}
	return i
}

// grow doubles the table and puts the strings back.
func (x *Strings) grow() {
	x.slots = make([]int32, 2*len(x.slots))
	for k, s := range x.keys {
		x.slots[x.find(s)] = int32(k + 1)
	}
}
