package identity

import (
	"fmt"
	"slices"
)

// Split detaches an account from its person: every edge touching it is revoked (and stays
// revoked when its evidence recurs), it is pinned apart from each account it was joined
// with, and the rest of its former person is re-clustered (keeping the person id where
// the founding account stays). It returns the account's new person id.
func (r *Resolver) Split(accountID, note string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	x, err := r.lookup(accountID)
	if err != nil {
		return "", err
	}
	members := slices.Clone(r.g.view(r.g.find(x)).members)
	why := "split by operator"
	if note != "" {
		why += ": " + note
	}
	for _, ei := range r.g.at(x).edges {
		if e := &r.g.edges[ei]; e.state != Revoked && e.rule != RuleApart {
			e.state, e.reason = Revoked, why
			r.touchEdge(ei)
		}
	}
	for _, m := range members {
		if m != x {
			r.pinLocked(x, m, why)
		}
	}
	r.recluster(members, accountID)
	r.dirty.changes = append(r.dirty.changes, Change{At: r.now().UTC(), Kind: ChangeDetach,
		PersonID: r.g.person(x), AccountID: accountID, Rule: "operator", Detail: why})
	return r.g.person(x), nil
}

// Pin orders that accounts a and b are different persons. When they are one person now,
// that person is re-clustered without the edges the pin forbids.
func (r *Resolver) Pin(a, b, note string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	x, err := r.lookup(a)
	if err != nil {
		return err
	}
	y, err := r.lookup(b)
	if err != nil {
		return err
	}
	if x == y {
		return fmt.Errorf("pinning %q apart from itself", a)
	}
	why := "pinned apart by operator"
	if note != "" {
		why += ": " + note
	}
	r.pinLocked(x, y, why)
	r.dirty.changes = append(r.dirty.changes, Change{At: r.now().UTC(), Kind: ChangePin,
		PersonID: r.g.person(x), OtherID: r.g.person(y), AccountID: a, Rule: "operator", Detail: why + " (" + b + ")"})
	if rx := r.g.find(x); rx == r.g.find(y) {
		r.recluster(r.g.view(rx).members, "")
	}
	return nil
}

// pinLocked records the pin edge and the pin in both accounts and their groups.
func (r *Resolver) pinLocked(x, y int32, why string) {
	k := newEdgeKey(x, y, RuleApart)
	if _, ok := r.g.ekeys[k]; !ok {
		ei := int32(len(r.g.edges))
		r.g.edges = append(r.g.edges, edge{a: k.a, b: k.b, rule: RuleApart, score: 1, evidence: why,
			at: r.now().UTC(), state: Active})
		r.g.ekeys[k] = ei
		r.g.at(x).edges = append(r.g.at(x).edges, ei)
		r.g.at(y).edges = append(r.g.at(y).edges, ei)
		r.touchEdge(ei)
	}
	r.addPin(x, y)
}

func (r *Resolver) addPin(x, y int32) {
	for _, p := range [2][2]int32{{x, y}, {y, x}} {
		a := r.g.at(p[0])
		if !slices.Contains(a.x().apart, p[1]) {
			a.more().apart = append(a.more().apart, p[1])
		}
	}
}

// Explanation is why a person is what it is.
type Explanation struct {
	PersonID string
	Accounts []AccountInfo
	// Edges are every edge touching the person's accounts: the active ones that join it,
	// and blocked, revoked and operator edges, with their reasons.
	Edges []Edge
}

// AccountInfo describes one account of a person, without personal data.
type AccountInfo struct {
	ID        string
	Nicknames []string
	UnionID   bool // whether a cross-app id is known
	PIIKinds  []string
	Mentions  uint64
	Founder   bool // the person id derives from this account
}

// Explain returns the person of an account, its accounts and the edges and evidence that
// joined (or were kept from joining) it.
func (r *Resolver) Explain(accountID string) (Explanation, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	x, err := r.lookup(accountID)
	if err != nil {
		return Explanation{}, err
	}
	gr := r.g.view(r.g.find(x))
	ex := Explanation{PersonID: PersonID(r.g.at(gr.founder).id)}
	seen := map[int32]bool{}
	for _, m := range gr.members {
		a := r.g.at(m)
		info := AccountInfo{ID: a.id, Nicknames: slices.Clone(a.nicks), UnionID: a.x().unionID != "",
			Mentions: uint64(a.mentions), Founder: m == gr.founder}
		for _, p := range a.x().pii {
			info.PIIKinds = append(info.PIIKinds, p[:slices.Index([]byte(p), ':')])
		}
		ex.Accounts = append(ex.Accounts, info)
		for _, ei := range a.edges {
			if !seen[ei] {
				seen[ei] = true
				ex.Edges = append(ex.Edges, r.exportEdge(ei))
			}
		}
	}
	slices.SortFunc(ex.Accounts, func(a, b AccountInfo) int { return cmpString(a.ID, b.ID) })
	return ex, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
