package identity

import (
	"cmp"
	"slices"
	"time"
)

// addEdge records evidence between x and y and applies it. An edge already known keeps
// its state (a revoked edge stays revoked however often its evidence recurs).
func (r *Resolver) addEdge(x, y int32, rule Rule, score float64, evidence string, at time.Time) {
	if x == y {
		return
	}
	k := newEdgeKey(x, y, rule)
	if _, ok := r.g.ekeys[k]; ok {
		return
	}
	ei := int32(len(r.g.edges))
	r.g.edges = append(r.g.edges, edge{a: k.a, b: k.b, rule: rule, score: score, evidence: evidence, at: at})
	r.g.ekeys[k] = ei
	r.g.at(x).edges = append(r.g.at(x).edges, ei)
	r.g.at(y).edges = append(r.g.at(y).edges, ei)
	r.apply(ei, true)
	r.met.edges.WithLabelValues(string(rule), string(r.g.edges[ei].state)).Inc()
	r.touchEdge(ei)
}

// apply tries to join an edge's accounts: active when they are (or become) one person,
// blocked with the reason when a conflict or pin forbids it. With record set, a merge is
// logged and its accounts and persons marked for writing.
func (r *Resolver) apply(ei int32, record bool) {
	e := &r.g.edges[ei]
	ra, rb := r.g.find(e.a), r.g.find(e.b)
	if ra == rb {
		e.state, e.reason = Active, ""
		return
	}
	if why := r.g.conflict(ra, rb, *r.cfg.BlockPhoneConflict); why != "" {
		e.state, e.reason = Blocked, why
		r.met.blocked.Inc()
		return
	}
	e.state, e.reason = Active, ""
	root, kept, absorbed := r.g.union(ra, rb)
	if record {
		r.recordMerge(root, kept, absorbed, e.rule, e.evidence, r.g.at(e.a).id)
	}
}

func (r *Resolver) recordMerge(root, kept, absorbed int32, rule Rule, detail, account string) {
	r.met.merges.Inc()
	for _, m := range r.g.view(root).members {
		r.dirty.accts[m] = struct{}{}
	}
	r.dirty.persons[kept] = struct{}{}
	r.retire(absorbed, kept)
	r.dirty.changes = append(r.dirty.changes, Change{At: r.now().UTC(), Kind: ChangeMerge,
		PersonID: PersonID(r.g.at(kept).id), OtherID: PersonID(r.g.at(absorbed).id),
		AccountID: account, Rule: rule, Detail: detail})
}

// retire marks the person founded by f as merged into the one founded by into.
func (r *Resolver) retire(f, into int32) {
	delete(r.dirty.persons, f)
	r.dirty.retired = append(r.dirty.retired, PersonRow{PersonID: PersonID(r.g.at(f).id),
		State: PersonMerged, MergedInto: PersonID(r.g.at(into).id), Founder: r.g.at(f).id})
}

func (r *Resolver) touchEdge(ei int32) { r.dirty.edges[ei] = struct{}{} }

// revokeRule revokes x's edges of rule that match, and re-clusters x's person when one of
// them was active.
func (r *Resolver) revokeRule(x int32, rule Rule, match func(*edge) bool, why string) {
	hit := false
	for _, ei := range r.g.at(x).edges {
		e := &r.g.edges[ei]
		if e.rule != rule || e.state == Revoked || !match(e) {
			continue
		}
		hit = hit || e.state == Active
		e.state, e.reason = Revoked, why
		r.met.revoked.Inc()
		r.touchEdge(ei)
	}
	if hit {
		r.recluster(r.g.view(r.g.find(x)).members, "")
	}
}

// recluster rebuilds the clusters of members from their non-revoked edges, applied in rule
// priority order, and gives every resulting cluster its person id: the cluster holding a
// former founder keeps that founder's id (the oldest founder when it holds several, the
// others being merged into it); any other cluster is split off under a new id founded by
// its oldest account. account names the account an operator split, for the log.
func (r *Resolver) recluster(members []int32, account string) {
	members = slices.Clone(members)
	founders := map[int32]bool{} // former founders
	former := map[int32]string{} // member → its former person id
	for _, m := range members {
		f := r.g.view(r.g.find(m)).founder
		founders[f] = true
		former[m] = PersonID(r.g.at(f).id)
	}
	before := map[int32]EdgeState{}
	var eis []int32
	for _, m := range members {
		for _, ei := range r.g.at(m).edges {
			if _, seen := before[ei]; seen {
				continue
			}
			before[ei] = r.g.edges[ei].state
			if r.g.edges[ei].state != Revoked && r.g.edges[ei].rule != RuleApart {
				eis = append(eis, ei)
			}
		}
	}
	r.g.reset(members)
	r.sortEdges(eis)
	for _, ei := range eis {
		r.apply(ei, false)
	}
	for ei, st := range before {
		if r.g.edges[ei].state != st {
			r.touchEdge(ei)
		}
	}
	r.assignFounders(members, founders, former, account)
}

// sortEdges orders edges by rule priority, then observation time, then accounts.
func (r *Resolver) sortEdges(eis []int32) {
	slices.SortFunc(eis, func(x, y int32) int {
		a, b := &r.g.edges[x], &r.g.edges[y]
		return cmp.Or(cmp.Compare(a.rule.priority(), b.rule.priority()), a.at.Compare(b.at),
			cmp.Compare(r.g.at(a.a).id, r.g.at(b.a).id), cmp.Compare(r.g.at(a.b).id, r.g.at(b.b).id))
	})
}

func (r *Resolver) assignFounders(members []int32, founders map[int32]bool, former map[int32]string, account string) {
	byRoot := map[int32][]int32{}
	for _, m := range members {
		byRoot[r.g.find(m)] = append(byRoot[r.g.find(m)], m)
	}
	for root, ms := range byRoot {
		var held []int32
		for _, m := range ms {
			if founders[m] {
				held = append(held, m)
			}
			r.dirty.accts[m] = struct{}{}
		}
		slices.SortFunc(held, func(x, y int32) int { return r.cmpAge(x, y) })
		if len(held) == 0 {
			f := slices.MinFunc(ms, r.cmpAge)
			r.g.setFounder(root, f)
			r.dirty.persons[f] = struct{}{}
			r.met.splits.Inc()
			r.dirty.changes = append(r.dirty.changes, Change{At: r.now().UTC(), Kind: ChangeSplit,
				PersonID: former[f], OtherID: PersonID(r.g.at(f).id), AccountID: account})
			continue
		}
		r.g.setFounder(root, held[0])
		r.dirty.persons[held[0]] = struct{}{}
		for _, h := range held[1:] {
			r.recordMerge(root, held[0], h, "", "re-clustered", "")
		}
	}
}

func (r *Resolver) cmpAge(x, y int32) int {
	if r.g.older(x, y) {
		return -1
	}
	if r.g.older(y, x) {
		return 1
	}
	return 0
}
