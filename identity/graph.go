package identity

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"io"
	"slices"
	"strings"

	"github.com/lingting/lingting/event"
)

// acct is one account in the graph.
type acct struct {
	id       string
	plat     byte // platformCode
	hour0    byte // hour of day of the first mention, until hours is allocated
	mentions uint32
	recent   [4]uint32 // hashes of the account's last mention ids (0 = none): see seen
	nicks    []string  // raw nicknames seen, oldest first
	keys     []string  // their normalised forms, distinct
	extra    *acctExtra
	hours    *[24]uint16 // mentions per hour of day (Beijing), saturating; nil before the second mention
	first    int64       // unix ms of the earliest mention
	last     int64       // unix ms of the latest mention
	edges    []int32     // indexes into graph.edges
	parent   int32
	size     int32 // union by size, valid on roots
}

// acctExtra holds the account fields most accounts lack.
type acctExtra struct {
	unionID string
	pii     []string // "phone:<hash>", "email:<hash>"
	apart   []int32  // accounts an operator pinned apart from this one
}

var noExtra acctExtra

// x returns the account's extra fields for reading (never nil; do not modify).
func (a *acct) x() *acctExtra {
	if a.extra == nil {
		return &noExtra
	}
	return a.extra
}

// more returns the account's extra fields for writing, allocating them.
func (a *acct) more() *acctExtra {
	if a.extra == nil {
		a.extra = &acctExtra{}
	}
	return a.extra
}

var platformOf = [4]event.Platform{"", event.Weibo, event.Douyin, event.WeCom}

func (a *acct) platform() event.Platform { return platformOf[a.plat] }

// seen reports whether the mention id is one of the account's last four observed
// mentions, and remembers it when not. A batch the bus delivers again after a failed
// write holds the same mentions, so their counts do not grow twice; a mention older than
// the account's last four counts again. The hashes are stored with the account
// (person_accounts.recent_mentions), so a batch redelivered after a restart is recognised
// too. An empty id is never seen.
func (a *acct) seen(id string) bool {
	if id == "" {
		return false
	}
	f := fnv.New32a()
	io.WriteString(f, id)
	h := f.Sum32() | 1 // 0 marks an empty slot
	for _, r := range a.recent {
		if r == h {
			return true
		}
	}
	copy(a.recent[1:], a.recent[:3])
	a.recent[0] = h
	return false
}

// recentHashes returns the remembered mention hashes, newest first, for storing.
func (a *acct) recentHashes() []uint32 {
	var hs []uint32
	for _, h := range a.recent {
		if h != 0 {
			hs = append(hs, h)
		}
	}
	return hs
}

// restoreRecent puts back hashes from recentHashes (beyond four, the oldest are dropped).
func (a *acct) restoreRecent(hs []uint32) {
	a.recent = [4]uint32{}
	copy(a.recent[:], hs)
}

// observeHour counts a mention at hour h; call it before counting the mention.
func (a *acct) observeHour(h int) {
	if a.hours == nil {
		if a.mentions == 0 {
			a.hour0 = byte(h)
			return
		}
		a.hours = new([24]uint16)
		a.hours[a.hour0] = 1
	}
	if a.hours[h] < 1<<16-1 {
		a.hours[h]++
	}
}

// histogram returns the hour-of-day histogram.
func (a *acct) histogram() (h [24]uint16) {
	switch {
	case a.hours != nil:
		h = *a.hours
	case a.mentions > 0:
		h[a.hour0] = 1
	}
	return h
}

// group is what a root knows about its cluster once it has more than one account; a
// singleton without one is described by its account alone. Conflict checks read the
// members' accounts (clusters are small), so a group holds nothing else.
type group struct {
	founder int32
	members []int32
}

// graph is the union–find over accounts with the edges between them. Not safe for
// concurrent use; Resolver serialises access.
type graph struct {
	chunks [][]acct // accounts by index, in fixed-size chunks (growing never copies them)
	n      int32
	byID   map[string]int32
	groups map[int32]*group // by root; absent for plain singletons
	edges  []edge
	ekeys  map[edgeKey]int32
}

func newGraph() *graph {
	return &graph{byID: map[string]int32{}, groups: map[int32]*group{}, ekeys: map[edgeKey]int32{}}
}

// PersonID is the person id founded by an account: "P" and 16 hex digits of its SHA-256.
func PersonID(accountID string) string {
	h := sha256.Sum256([]byte(accountID))
	return "P" + hex.EncodeToString(h[:8])
}

func (g *graph) add(id string, p event.Platform) (int32, bool) {
	if i, ok := g.byID[id]; ok {
		return i, false
	}
	i := g.n
	if int(i>>chunkBits) == len(g.chunks) {
		g.chunks = append(g.chunks, make([]acct, 1<<chunkBits))
	}
	g.n++
	*g.at(i) = acct{id: id, plat: platformCode(p), parent: i, size: 1}
	g.byID[id] = i
	return i, true
}

// chunkBits sets the accounts per chunk (64Ki).
const chunkBits = 16

// at returns account x.
func (g *graph) at(x int32) *acct { return &g.chunks[x>>chunkBits][x&(1<<chunkBits-1)] }

// len returns the number of accounts.
func (g *graph) len() int { return int(g.n) }

func (g *graph) find(x int32) int32 {
	for g.at(x).parent != x {
		p := g.at(x).parent
		g.at(x).parent = g.at(p).parent
		x = p
	}
	return x
}

// view returns root's group, materialised for singletons without storing it.
func (g *graph) view(root int32) *group {
	if gr, ok := g.groups[root]; ok {
		return gr
	}
	return &group{founder: root, members: []int32{root}}
}

// person is the person id of x's cluster.
func (g *graph) person(x int32) string {
	return PersonID(g.at(g.view(g.find(x)).founder).id)
}

// older reports whether account x was seen before y (ties by id).
func (g *graph) older(x, y int32) bool {
	a, b := g.at(x), g.at(y)
	if a.first != b.first {
		return a.first < b.first
	}
	return a.id < b.id
}

// conflict says why the clusters of roots ra and rb may not merge, or "".
func (g *graph) conflict(ra, rb int32, blockPhones bool) string {
	ga, gb := g.view(ra), g.view(rb)
	for _, x := range ga.members {
		a := g.at(x)
		if a.x().unionID == "" {
			continue
		}
		fam := family(a.platform())
		for _, y := range gb.members {
			if b := g.at(y); b.x().unionID != "" && family(b.platform()) == fam && b.x().unionID != a.x().unionID {
				return "conflict: two different " + fam + " unionids"
			}
		}
	}
	if blockPhones {
		pa, pb := g.phones(ga), g.phones(gb)
		if len(pa) > 0 && len(pb) > 0 && !shareAny(pa, pb) {
			return "conflict: two different phone hashes"
		}
	}
	for _, x := range ga.members {
		for _, p := range g.at(x).x().apart {
			if g.find(p) == rb {
				return "pinned apart by an operator"
			}
		}
	}
	return ""
}

// phones returns the phone hashes of a cluster's accounts.
func (g *graph) phones(gr *group) []string {
	var out []string
	for _, m := range gr.members {
		for _, p := range g.at(m).x().pii {
			if strings.HasPrefix(p, event.PIIPhone+":") {
				out = append(out, p)
			}
		}
	}
	return out
}

// union joins the clusters of roots ra and rb, which must not conflict, and returns the
// new root and the founders of the surviving and the absorbed person.
func (g *graph) union(ra, rb int32) (root, kept, absorbed int32) {
	ga, gb := g.view(ra), g.view(rb)
	kept, absorbed = ga.founder, gb.founder
	if g.older(gb.founder, ga.founder) {
		kept, absorbed = absorbed, kept
	}
	if g.at(ra).size < g.at(rb).size {
		ra, rb, ga, gb = rb, ra, gb, ga
	}
	g.at(rb).parent = ra
	g.at(ra).size += g.at(rb).size
	ga.founder = kept
	ga.members = append(ga.members, gb.members...)
	delete(g.groups, rb)
	g.groups[ra] = ga
	return ra, kept, absorbed
}

// reset makes every account of members a singleton again (their edges untouched).
func (g *graph) reset(members []int32) {
	for _, m := range members {
		delete(g.groups, g.find(m))
	}
	for _, m := range members {
		g.at(m).parent, g.at(m).size = m, 1
	}
}

// setFounder records founder f for the cluster of root, materialising its group.
func (g *graph) setFounder(root, f int32) {
	gr := g.view(root)
	gr.founder = f
	g.groups[root] = gr
}

func unionKey(p event.Platform, id string) string { return family(p) + ":" + id }

// family names the id space of a platform's cross-app ids.
func family(p event.Platform) string {
	switch p {
	case event.WeCom:
		return "wechat" // WeCom's unionid is the WeChat open-platform unionid
	case event.Douyin:
		return "bytedance"
	}
	return string(p)
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
