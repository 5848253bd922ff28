package identity

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/lingting/lingting/event"
)

// acct is one account in the graph.
type acct struct {
	id       string
	platform event.Platform
	nicks    []string // raw nicknames seen, oldest first
	keys     []string // their normalised forms, distinct
	unionID  string
	pii      []string   // "phone:<hash>", "email:<hash>"
	hours    [24]uint16 // mentions per hour of day, saturating
	mentions uint64
	first    int64   // unix ms of the earliest mention
	last     int64   // unix ms of the latest mention
	edges    []int32 // indexes into graph.edges
	apart    []int32 // accounts an operator pinned apart from this one
	parent   int32
	size     int32 // union by size, valid on roots
}

// group is what a root knows about its cluster once it has more than one account (or a
// pin); a singleton without one is described by its account alone.
type group struct {
	founder int32
	members []int32
	unions  []string // "<family>:<id>", distinct
	phones  []string
	pins    []int32 // accounts pinned apart from some member
}

// graph is the union–find over accounts with the edges between them. Not safe for
// concurrent use; Resolver serialises access.
type graph struct {
	accts  []acct
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
	i := int32(len(g.accts))
	g.accts = append(g.accts, acct{id: id, platform: p, parent: i, size: 1})
	g.byID[id] = i
	return i, true
}

func (g *graph) find(x int32) int32 {
	for g.accts[x].parent != x {
		p := g.accts[x].parent
		g.accts[x].parent = g.accts[p].parent
		x = p
	}
	return x
}

// view returns root's group, materialised for singletons without storing it.
func (g *graph) view(root int32) *group {
	if gr, ok := g.groups[root]; ok {
		return gr
	}
	a := &g.accts[root]
	gr := &group{founder: root, members: []int32{root}, pins: a.apart}
	if a.unionID != "" {
		gr.unions = []string{unionKey(a.platform, a.unionID)}
	}
	for _, p := range a.pii {
		if strings.HasPrefix(p, event.PIIPhone+":") {
			gr.phones = append(gr.phones, p)
		}
	}
	return gr
}

// person is the person id of x's cluster.
func (g *graph) person(x int32) string {
	return PersonID(g.accts[g.view(g.find(x)).founder].id)
}

// older reports whether account x was seen before y (ties by id).
func (g *graph) older(x, y int32) bool {
	a, b := &g.accts[x], &g.accts[y]
	if a.first != b.first {
		return a.first < b.first
	}
	return a.id < b.id
}

// conflict says why the clusters of roots ra and rb may not merge, or "".
func (g *graph) conflict(ra, rb int32, blockPhones bool) string {
	ga, gb := g.view(ra), g.view(rb)
	for _, u := range ga.unions {
		fam, _, _ := strings.Cut(u, ":")
		for _, v := range gb.unions {
			if strings.HasPrefix(v, fam+":") && u != v {
				return "conflict: two different " + fam + " unionids"
			}
		}
	}
	if blockPhones && len(ga.phones) > 0 && len(gb.phones) > 0 && !shareAny(ga.phones, gb.phones) {
		return "conflict: two different phone hashes"
	}
	for _, p := range ga.pins {
		if g.find(p) == rb {
			return "pinned apart by an operator"
		}
	}
	for _, p := range gb.pins {
		if g.find(p) == ra {
			return "pinned apart by an operator"
		}
	}
	return ""
}

// union joins the clusters of roots ra and rb, which must not conflict, and returns the
// new root and the founders of the surviving and the absorbed person.
func (g *graph) union(ra, rb int32) (root, kept, absorbed int32) {
	ga, gb := g.view(ra), g.view(rb)
	kept, absorbed = ga.founder, gb.founder
	if g.older(gb.founder, ga.founder) {
		kept, absorbed = absorbed, kept
	}
	if g.accts[ra].size < g.accts[rb].size {
		ra, rb, ga, gb = rb, ra, gb, ga
	}
	g.accts[rb].parent = ra
	g.accts[ra].size += g.accts[rb].size
	merged := &group{founder: kept,
		members: append(slices.Clip(ga.members), gb.members...),
		unions:  union(ga.unions, gb.unions),
		phones:  union(ga.phones, gb.phones),
		pins:    append(slices.Clip(ga.pins), gb.pins...)}
	delete(g.groups, rb)
	g.groups[ra] = merged
	return ra, kept, absorbed
}

// reset makes every account of members a singleton again (their edges untouched).
func (g *graph) reset(members []int32) {
	for _, m := range members {
		delete(g.groups, g.find(m))
	}
	for _, m := range members {
		g.accts[m].parent, g.accts[m].size = m, 1
	}
}

// setFounder records founder f for the cluster of root, materialising its group.
func (g *graph) setFounder(root, f int32) {
	gr := g.view(root)
	gr.founder = f
	g.groups[root] = gr
}

func unionKey(p event.Platform, id string) string {
	fam := string(p)
	switch p {
	case event.WeCom:
		fam = "wechat" // WeCom's unionid is the WeChat open-platform unionid
	case event.Douyin:
		fam = "bytedance"
	}
	return fam + ":" + id
}

func union(a, b []string) []string {
	out := slices.Clip(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
