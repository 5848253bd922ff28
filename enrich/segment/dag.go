package segment

import (
	"math"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// dagCutter is gse's Cut(s, false) (dictionary DAG, maximum-probability route, no HMM)
// over a copy of gse's dictionary as a rune trie. It gives the same tokens as gse, byte
// for byte (TestDAGMatchesGse, FuzzDAGMatchesGse), for text without control characters,
// which the pipeline's normaliser removes (gse glues some of them to the word before:
// "生\x00" is one token there, two here), about ten times faster and without
// gse's per-call maps and per-prefix strings: gse looks every prefix of every suffix up
// from the trie's root and converts it to a string first.
//
// It is not safe for concurrent writes: Segmenter calls add under its write lock and cut
// under its read lock.
type dagCutter struct {
	// root is the root node's child for each BMP character (child 0: none); the root's
	// other children and every deeper edge are in edges.
	root []dagChild
	// edges is an open-addressing hash table of edges by key parent<<21 | rune. Key 0 is
	// an empty slot (the root's BMP children are never stored there). An edge holds what
	// a cut needs of its child, so that a step down the trie reads one cache line.
	edges []dagEdge
	used  int
	// kids is a Bloom filter of the edges (one bit per edge, at edgeBit of its key,
	// 2^kidsBits bits): a cut stops without a hash look-up that would miss when the bit
	// is clear. It rejects about 95% of the look-ups a cut would make for edges the trie lacks
	// (a filter of eight bits per node could not: the nodes most text passes, the common
	// characters, have children by nearly every bit, and most of those look-ups missed).
	// 2 MB, against the 16 MB edge table. A removed edge keeps its bit.
	kids  []uint64
	nodes uint32 // the number of nodes, the root included
	// logs are the distinct log frequencies edges refer to: math.Log of a node's
	// frequency as gse's Dictionary.Find reports it, -Inf (logs[0]) for a node that is
	// only the prefix of a word (Find's frequency 0).
	logs     []float64
	logIndex map[uint64]uint32 // by math.Float64bits, for building
	logTotal float64           // math.Log of the dictionary's total frequency
	scratch  sync.Pool
}

// dagEdge is one edge of the trie, with its child's data.
type dagEdge struct {
	key uint64 // parent<<21 | rune; 0: an empty slot
	dagChild
}

// dagChild is the node an edge leads to and what a cut needs of it.
type dagChild struct {
	child uint32 // 0: no child (the edge was removed)
	log   uint32 // index in logs of the child's log frequency
}

// dagScratch holds one cut's buffers.
type dagScratch struct {
	runes  []rune
	starts []int32 // byte offset of each rune, and the text's length
	routes []dagRoute
}

type dagRoute struct {
	logP  float64
	index int32 // last rune of the best first word
}

const edgeRuneBits = 21 // a rune fits in 21 bits

// newDAGCutter copies dict: every token's text (the key gse's trie holds) as a path, with
// the frequency gse's Find gives it.
func newDAGCutter(dict *gse.Dictionary) *dagCutter {
	d := &dagCutter{root: make([]dagChild, 1<<16), kids: make([]uint64, 1<<kidsBits/64), nodes: 1, logIndex: map[uint64]uint32{}}
	d.logOf(math.Inf(-1)) // logs[0]
	d.grow(1 << 20)
	for i := range dict.Tokens {
		d.add(dict, dict.Tokens[i].Text())
	}
	d.logTotal = math.Log(dict.TotalFreq())
	return d
}

// add puts key's path into the trie with the frequency gse's Find gives its end. A key
// whose path gse's trie does not hold whole is mirrored prefix by prefix.
func (d *dagCutter) add(dict *gse.Dictionary, key string) {
	freq, _, ok := dict.Find([]byte(key))
	if !ok || !utf8.ValidString(key) || key == "" {
		d.mirror(dict, key)
		return
	}
	node := uint32(0)
	var last *dagChild
	for _, r := range key {
		last = d.edge(node, r, true)
		if last.child == 0 {
			last.child = d.newNode()
		}
		node = last.child
	}
	last.log = d.logOf(math.Log(freq))
}

// mirror makes every prefix of key hold what gse's Find says of it: a node with its
// frequency while Find finds the prefix, and no edge from the first prefix it does not
// find (gse's trie can lose words: adding "送餐" drops "送餐费"). Cut looks up valid
// UTF-8 only (gse converts every fragment from runes), so mirror stops at an invalid
// byte.
func (d *dagCutter) mirror(dict *gse.Dictionary, key string) {
	node := uint32(0)
	for i, r := range key {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			if _, size = utf8.DecodeRuneInString(key[i:]); size == 1 {
				return
			}
		}
		freq, _, ok := dict.Find([]byte(key[:i+size]))
		if !ok {
			if e := d.edge(node, r, false); e != nil {
				e.child = 0
			}
			return
		}
		e := d.edge(node, r, true)
		if e.child == 0 {
			e.child = d.newNode()
		}
		e.log = d.logOf(math.Log(freq))
		node = e.child
	}
}

// addUser puts the user words keys (as gse's trie holds them, after gse added them) into
// the cutter with the frequency gse gives them, and takes gse's new total frequency. It
// removes nothing: the dictionary words gse's trie loses when a user word that is their
// prefix is added (adding "送餐" drops "送餐费") stay whole here.
func (d *dagCutter) addUser(dict *gse.Dictionary, keys []string) {
	for _, k := range keys {
		d.add(dict, k)
	}
	d.logTotal = math.Log(dict.TotalFreq())
}

func (d *dagCutter) newNode() uint32 {
	d.nodes++
	return d.nodes - 1
}

// mayHave reports whether node may have a child by r: false means it has none.
func (d *dagCutter) mayHave(node uint32, r rune) bool {
	b := edgeBit(edgeKey(node, r))
	return d.kids[b/64]&(1<<(b%64)) != 0
}

// kidsBits is the base-2 logarithm of the size of the edge filter in bits.
const kidsBits = 24

// edgeBit is the bit of the edge filter for an edge key: the top bits of its hash (the
// edge table uses the bottom ones).
func edgeBit(k uint64) uint64 { return hashEdge(k) >> (64 - kidsBits) }

// edgeKey is the key of node's edge by r.
func edgeKey(node uint32, r rune) uint64 { return uint64(node)<<edgeRuneBits | uint64(r) }

// logOf returns the index of l in logs, adding it when new.
func (d *dagCutter) logOf(l float64) uint32 {
	b := math.Float64bits(l)
	if i, ok := d.logIndex[b]; ok {
		return i
	}
	d.logs = append(d.logs, l)
	d.logIndex[b] = uint32(len(d.logs) - 1)
	return uint32(len(d.logs) - 1)
}

// step returns node's edge by r: its child (0 when there is none) and the child's log
// frequency index.
func (d *dagCutter) step(node uint32, r rune) (uint32, uint32) {
	if node == 0 && r < 1<<16 {
		e := d.root[r]
		return e.child, e.log
	}
	k := edgeKey(node, r)
	mask := uint64(len(d.edges) - 1)
	for i := hashEdge(k) & mask; ; i = (i + 1) & mask {
		switch e := &d.edges[i]; e.key {
		case k:
			return e.child, e.log
		case 0:
			return 0, 0
		}
	}
}

// edge returns node's edge by r for writing, making an empty one (child 0) when there is
// none and create is set; nil when there is none and create is not set. The pointer is
// valid until the next call.
func (d *dagCutter) edge(node uint32, r rune, create bool) *dagChild {
	if create {
		b := edgeBit(edgeKey(node, r))
		d.kids[b/64] |= 1 << (b % 64)
	}
	if node == 0 && r < 1<<16 {
		return &d.root[r]
	}
	if create && 2*(d.used+1) > len(d.edges) {
		d.grow(2 * len(d.edges))
	}
	k := edgeKey(node, r)
	mask := uint64(len(d.edges) - 1)
	i := hashEdge(k) & mask
	for d.edges[i].key != 0 && d.edges[i].key != k {
		i = (i + 1) & mask
	}
	e := &d.edges[i]
	if e.key == 0 {
		if !create {
			return nil
		}
		e.key = k
		d.used++
	}
	return &e.dagChild
}

func (d *dagCutter) grow(n int) {
	old := d.edges
	d.edges = make([]dagEdge, n)
	mask := uint64(n - 1)
	for _, e := range old {
		if e.key != 0 {
			i := hashEdge(e.key) & mask
			for d.edges[i].key != 0 {
				i = (i + 1) & mask
			}
			d.edges[i] = e
		}
	}
}

func hashEdge(k uint64) uint64 {
	k *= 0x9e3779b97f4a7c15
	return k ^ k>>29
}

// cut appends to dst the tokens of text as gse's Cut(text, false) gives them.
func (d *dagCutter) cut(dst []string, text string) []string {
	if gse.ToLower {
		text = fold.Lower(text) // strings.ToLower, which also makes the text valid UTF-8
	}
	if !utf8.ValidString(text) {
		text = string([]rune(text)) // gse cuts []rune(text): invalid bytes become U+FFFD
	}
	sc, _ := d.scratch.Get().(*dagScratch)
	if sc == nil {
		sc = &dagScratch{}
	}
	defer d.scratch.Put(sc)
	sc.runes, sc.starts = sc.runes[:0], sc.starts[:0]
	for i, r := range text {
		sc.runes = append(sc.runes, r)
		sc.starts = append(sc.starts, int32(i))
	}
	sc.starts = append(sc.starts, int32(len(text)))
	d.routes(sc)
	return d.tokens(dst, text, sc)
}

// routes fills sc.routes with gse's calc: for each rune from the end, the most probable
// segmentation of the rest, ties going to the longer first word.
func (d *dagCutter) routes(sc *dagScratch) {
	runes := sc.runes
	n := len(runes)
	if cap(sc.routes) < n+1 {
		sc.routes = make([]dagRoute, n+1)
	}
	rs := sc.routes[:n+1]
	rs[n] = dagRoute{}
	negInf := math.Inf(-1)
	for idx := n - 1; idx >= 0; idx-- {
		var best dagRoute
		found := false
		node := uint32(0)
		for i := idx; i < n; i++ {
			var li uint32
			if node, li = d.step(node, runes[i]); node == 0 {
				break
			}
			if lf := d.logs[li]; lf > negInf { // gse: only words of frequency > 0 are DAG edges
				r := dagRoute{logP: lf - d.logTotal + rs[i+1].logP, index: int32(i)}
				if !found || best.logP < r.logP || best.logP == r.logP && best.index < r.index {
					best, found = r, true
				}
			}
			// The filter is asked here, ahead of the next step, rather than inside step:
			// that hashes each key once more but measured 5-10% faster (BenchmarkCutReviews).
			if i+1 < n && !d.mayHave(node, runes[i+1]) {
				break
			}
		}
		if !found {
			// gse's DAG falls back to the single character, scored as Find reports it.
			lf := math.Log(1.0)
			if node, li := d.step(0, runes[idx]); node != 0 {
				lf = d.logs[li]
			}
			best = dagRoute{logP: lf - d.logTotal + rs[idx+1].logP, index: int32(idx)}
		}
		rs[idx] = best
	}
}

// tokens walks the routes from the start; runs of single ASCII letters or digits are
// joined into one token, as gse does.
func (d *dagCutter) tokens(dst []string, text string, sc *dagScratch) []string {
	count := 0
	d.walk(sc, func(int, int) { count++ })
	out := slices.Grow(dst, count)
	d.walk(sc, func(from, to int) { out = append(out, text[sc.starts[from]:sc.starts[to]]) })
	return out
}

// walk calls emit with the rune range of each token.
func (d *dagCutter) walk(sc *dagScratch, emit func(from, to int)) {
	n := len(sc.runes)
	buf := -1 // start of a run of single ASCII letters and digits
	for x := 0; x < n; {
		y := int(sc.routes[x].index) + 1
		if y-x == 1 && isASCIIAlnum(sc.runes[x]) {
			if buf < 0 {
				buf = x
			}
			x = y
			continue
		}
		if buf >= 0 {
			emit(buf, x)
			buf = -1
		}
		emit(x, y)
		x = y
	}
	if buf >= 0 {
		emit(buf, n)
	}
}

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}
