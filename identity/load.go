package identity

import (
	"context"
	"fmt"

	"github.com/lingting/lingting/event"
)

// Load rebuilds a resolver from the store: every account with its features and stored
// person, then every edge with its stored state; active edges are re-applied in rule
// priority order and each cluster keeps the person id of a founder it holds (see
// recluster). Rules are not re-run: the stored edges are the evidence.
func (s *Store) Load(ctx context.Context, opts Options) (*Resolver, error) {
	r, err := New(opts)
	if err != nil {
		return nil, err
	}
	stored, err := s.loadAccounts(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := s.loadEdges(ctx, r); err != nil {
		return nil, err
	}
	r.rebuild(stored)
	return r, nil
}

func (s *Store) loadAccounts(ctx context.Context, r *Resolver) (map[int32]string, error) {
	rows, err := s.conn.Query(ctx, `SELECT account_id, person_id, platform, nicknames, union_id, pii, hours,
		mentions, recent_mentions, first_seen, last_seen, version FROM lingting.person_accounts FINAL ORDER BY first_seen, account_id`)
	if err != nil {
		return nil, fmt.Errorf("loading person_accounts: %w", err)
	}
	defer rows.Close()
	stored := map[int32]string{}
	for rows.Next() {
		var a AccountRow
		var platform string
		var hours []uint32
		if err := rows.Scan(&a.AccountID, &a.PersonID, &platform, &a.Nicknames, &a.UnionID, &a.PII, &hours,
			&a.Mentions, &a.Recent, &a.FirstSeen, &a.LastSeen, &a.Version); err != nil {
			return nil, fmt.Errorf("loading person_accounts: %w", err)
		}
		a.Platform = event.Platform(platform)
		copy(a.Hours[:], hours)
		x := r.restoreAccount(a)
		stored[x] = a.PersonID
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loading person_accounts: %w", err)
	}
	return stored, nil
}

func (s *Store) loadEdges(ctx context.Context, r *Resolver) error {
	rows, err := s.conn.Query(ctx, `SELECT a, b, rule, score, evidence, observed_at, state, reason, version
		FROM lingting.identity_edges FINAL ORDER BY observed_at, a, b, rule`)
	if err != nil {
		return fmt.Errorf("loading identity_edges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Edge
		var rule, state string
		var score float32
		if err := rows.Scan(&e.A, &e.B, &rule, &score, &e.Evidence, &e.At, &state, &e.Reason, &e.Version); err != nil {
			return fmt.Errorf("loading identity_edges: %w", err)
		}
		e.Rule, e.State, e.Score = Rule(rule), EdgeState(state), float64(score)
		r.restoreEdge(e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("loading identity_edges: %w", err)
	}
	return nil
}

// restoreAccount adds a stored account with its features and indexes (no rules run).
func (r *Resolver) restoreAccount(a AccountRow) int32 {
	x, _ := r.g.add(a.AccountID, a.Platform)
	ac := r.g.at(x)
	ac.first, ac.last, ac.mentions = a.FirstSeen.UnixMilli(), a.LastSeen.UnixMilli(), uint32(min(a.Mentions, 1<<32-1))
	ac.restoreRecent(a.Recent)
	ac.hours = new([24]uint16)
	for i, h := range a.Hours {
		ac.hours[i] = uint16(min(h, 1<<16-1))
	}
	r.version = max(r.version, a.Version)
	r.restoring = true
	for _, n := range a.Nicknames {
		r.observeNickname(x, n, a.LastSeen)
	}
	r.restoring = false
	if a.UnionID != "" {
		ac.more().unionID = a.UnionID
		k := "u:" + unionKey(a.Platform, a.UnionID)
		r.keys.add(k, x)
	}
	for _, p := range a.PII {
		ac.more().pii = append(ac.more().pii, p)
		r.keys.add(p, x)
		if r.keys.count(p) > r.cfg.PIIMaxAccounts {
			r.common[p] = true
		}
	}
	return x
}

// restoreEdge adds a stored edge with its state, without applying it.
func (r *Resolver) restoreEdge(e Edge) {
	x, okx := r.g.byID[e.A]
	y, oky := r.g.byID[e.B]
	if !okx || !oky {
		return // an account row not yet written when the process stopped: the edge returns with it
	}
	k := newEdgeKey(x, y, e.Rule)
	if _, ok := r.g.ekeys[k]; ok {
		return
	}
	ei := int32(len(r.g.edges))
	r.g.edges = append(r.g.edges, edge{a: k.a, b: k.b, rule: e.Rule, score: e.Score, evidence: e.Evidence,
		at: e.At, state: e.State, reason: e.Reason, version: e.Version})
	r.g.ekeys[k] = ei
	r.g.at(x).edges = append(r.g.at(x).edges, ei)
	r.g.at(y).edges = append(r.g.at(y).edges, ei)
	r.version = max(r.version, e.Version)
	if e.Rule == RuleApart && e.State == Active {
		r.addPin(x, y)
	}
}

// rebuild applies the restored active edges and gives each cluster the stored person id of
// a founder it holds, then forgets the resulting delta (the store already holds it).
func (r *Resolver) rebuild(stored map[int32]string) {
	var eis []int32
	for i := range r.g.edges {
		if e := &r.g.edges[i]; e.state == Active && e.rule != RuleApart {
			eis = append(eis, int32(i))
		}
	}
	r.sortEdges(eis)
	for _, ei := range eis {
		r.apply(ei, false)
	}
	founders := map[int32]bool{}
	for x, pid := range stored {
		if PersonID(r.g.at(x).id) == pid {
			founders[x] = true
		}
	}
	all := make([]int32, r.g.len())
	for i := range all {
		all[i] = int32(i)
	}
	former := map[int32]string{}
	for x, pid := range stored {
		former[x] = pid
	}
	r.assignFounders(all, founders, former, "")
	r.dirty.reset()
}
