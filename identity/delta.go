package identity

import (
	"slices"
	"time"

	"github.com/lingting/lingting/event"
)

// Kinds of Change.
const (
	ChangeMerge  = "merge"     // OtherID was absorbed into PersonID
	ChangeSplit  = "split"     // OtherID was split off PersonID
	ChangeDetach = "detach"    // an operator split AccountID off PersonID's cluster
	ChangePin    = "pin_apart" // an operator pinned two accounts apart
)

// Change is one entry of the identity audit log.
type Change struct {
	At        time.Time
	Kind      string
	PersonID  string
	OtherID   string
	AccountID string
	Rule      Rule
	Detail    string
	Version   uint64
}

// Person states.
const (
	PersonActive = "active"
	PersonMerged = "merged"
)

// PersonRow is one row of lingting.persons.
type PersonRow struct {
	PersonID   string
	State      string
	MergedInto string
	Founder    string
	Accounts   []string
	Platforms  []string
	FirstSeen  time.Time
	LastSeen   time.Time
	Version    uint64
}

// AccountRow is one row of lingting.person_accounts: an account, its person and the
// features the rules match on.
type AccountRow struct {
	AccountID string
	PersonID  string
	Platform  event.Platform
	Nicknames []string
	UnionID   string
	PII       []string // "kind:hash"
	Hours     [24]uint32
	Mentions  uint64
	Recent    []uint32 // hashes of the last mention ids, newest first (see acct.seen)
	FirstSeen time.Time
	LastSeen  time.Time
	Version   uint64
}

// Delta is everything that changed since the last TakeDelta.
type Delta struct {
	Accounts []AccountRow
	Edges    []Edge
	Persons  []PersonRow
	Changes  []Change
}

// Empty reports whether d holds nothing to write.
func (d Delta) Empty() bool {
	return len(d.Accounts)+len(d.Edges)+len(d.Persons)+len(d.Changes) == 0
}

type dirtySet struct {
	accts   map[int32]struct{}
	edges   map[int32]struct{}
	persons map[int32]struct{} // founders of live persons
	retired []PersonRow
	changes []Change
}

func (d *dirtySet) reset() {
	d.accts, d.edges, d.persons = map[int32]struct{}{}, map[int32]struct{}{}, map[int32]struct{}{}
	d.retired, d.changes = nil, nil
}

// TakeDelta returns the rows that changed since the last call, each stamped with a new
// version, and forgets them. When writing them fails, hand them back with Requeue.
func (r *Resolver) TakeDelta() Delta {
	r.mu.Lock()
	defer r.mu.Unlock()
	v := r.nextVersion()
	var d Delta
	for _, x := range sortedKeys(r.dirty.accts) {
		d.Accounts = append(d.Accounts, r.accountRow(x, v))
	}
	for _, ei := range sortedKeys(r.dirty.edges) {
		r.g.edges[ei].version = v
		d.Edges = append(d.Edges, r.exportEdge(ei))
	}
	for _, f := range sortedKeys(r.dirty.persons) {
		if gr := r.g.view(r.g.find(f)); gr.founder == f {
			d.Persons = append(d.Persons, r.personRow(gr, v))
		}
	}
	for _, p := range r.dirty.retired {
		p.Version = v
		d.Persons = append(d.Persons, p)
	}
	for _, c := range r.dirty.changes {
		c.Version = v
		d.Changes = append(d.Changes, c)
	}
	r.dirty.reset()
	return d
}

// Requeue marks the rows of a delta that could not be written as changed again, so the
// next TakeDelta returns them (with their current values).
func (r *Resolver) Requeue(d Delta) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range d.Accounts {
		if x, ok := r.g.byID[a.AccountID]; ok {
			r.dirty.accts[x] = struct{}{}
		}
	}
	for _, e := range d.Edges {
		x, y := r.g.byID[e.A], r.g.byID[e.B]
		if ei, ok := r.g.ekeys[newEdgeKey(x, y, e.Rule)]; ok {
			r.dirty.edges[ei] = struct{}{}
		}
	}
	for _, p := range d.Persons {
		if p.State != PersonActive {
			r.dirty.retired = append(r.dirty.retired, p)
		} else if f, ok := r.g.byID[p.Founder]; ok {
			r.dirty.persons[f] = struct{}{}
		}
	}
	r.dirty.changes = append(d.Changes, r.dirty.changes...)
}

func (r *Resolver) accountRow(x int32, v uint64) AccountRow {
	a := r.g.at(x)
	return AccountRow{AccountID: a.id, PersonID: r.g.person(x), Platform: a.platform(),
		Nicknames: slices.Clone(a.nicks), UnionID: a.x().unionID, PII: slices.Clone(a.x().pii), Hours: widen(a.histogram()),
		Mentions: uint64(a.mentions), Recent: a.recentHashes(), FirstSeen: ms(a.first), LastSeen: ms(a.last), Version: v}
}

func (r *Resolver) personRow(gr *group, v uint64) PersonRow {
	p := PersonRow{PersonID: PersonID(r.g.at(gr.founder).id), State: PersonActive,
		Founder: r.g.at(gr.founder).id, Version: v}
	for _, m := range gr.members {
		a := r.g.at(m)
		p.Accounts = append(p.Accounts, a.id)
		if !slices.Contains(p.Platforms, string(a.platform())) {
			p.Platforms = append(p.Platforms, string(a.platform()))
		}
		if first := ms(a.first); p.FirstSeen.IsZero() || first.Before(p.FirstSeen) {
			p.FirstSeen = first
		}
		if last := ms(a.last); last.After(p.LastSeen) {
			p.LastSeen = last
		}
	}
	slices.Sort(p.Accounts)
	slices.Sort(p.Platforms)
	return p
}

func sortedKeys(m map[int32]struct{}) []int32 {
	out := make([]int32, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func ms(t int64) time.Time { return time.UnixMilli(t).UTC() }

func widen(h [24]uint16) (out [24]uint32) {
	for i, v := range h {
		out[i] = uint32(v)
	}
	return out
}
