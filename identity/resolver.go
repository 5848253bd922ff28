package identity

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/event"
)

// ErrUnknownAccount is returned for an account id the resolver has never observed.
var ErrUnknownAccount = errors.New("account not known to the identity resolver")

// Options configure a Resolver.
type Options struct {
	Config     Config
	Now        func() time.Time      // clock for versions and change times; nil means time.Now
	Registerer prometheus.Registerer // nil registers no metrics
	Logger     *slog.Logger          // nil discards
}

// Resolver clusters accounts into persons. It is safe for concurrent use; every method
// takes one lock, so calls are serialised.
//
// Changes accumulate as a Delta (TakeDelta) for the store to persist; nothing is written
// by the Resolver itself.
type Resolver struct {
	mu      sync.Mutex
	cfg     Config
	now     func() time.Time
	log     *slog.Logger
	met     *metrics
	g       *graph
	keys    postings[string]   // unionid and PII keys → accounts
	common  map[string]bool    // PII keys seen on too many accounts
	nicks   postings[nickKey]  // nickname index → accounts
	pending map[string][]int32 // declared handle not yet seen → declarers
	// shared counts, per platform code, nickname keys indexed and those belonging to an
	// account whose key another account of the platform also has (the namesake rate).
	nickKeys, nickShared [4]int
	version              uint64
	dirty                dirtySet
	// restoring is set while Load re-creates accounts: index features, run no rules.
	restoring bool
}

// New returns an empty resolver, or an error naming the invalid Config field.
func New(opts Options) (*Resolver, error) {
	if err := opts.Config.Validate(); err != nil {
		return nil, err
	}
	r := &Resolver{cfg: opts.Config.Defaults(), now: opts.Now, log: opts.Logger,
		met: newMetrics(opts.Registerer), g: newGraph(), keys: newPostings[string](),
		common: map[string]bool{}, nicks: newPostings[nickKey](), pending: map[string][]int32{}}
	if r.now == nil {
		r.now = time.Now
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.dirty.reset()
	return r, nil
}

// nextVersion returns a write version greater than every earlier one.
func (r *Resolver) nextVersion() uint64 {
	r.version = max(r.version+1, uint64(r.now().UnixNano()))
	return r.version
}

// ObserveMention observes the author of m; it reports false when m has no identifiable
// author.
func (r *Resolver) ObserveMention(m event.Mention) bool {
	o, ok := Observe(m)
	if ok {
		r.Observe(o)
	}
	return ok
}

// Observe updates the resolver with one observation: the account's features, then every
// enabled rule, merging persons where an edge allows.
func (r *Resolver) Observe(o Observation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.met.observations.Inc()
	x, isNew := r.g.add(o.Account.ID, o.Account.Platform)
	a := r.g.at(x)
	at := o.At.UnixMilli()
	if isNew || at < a.first {
		a.first = at
	}
	if isNew || at > a.last {
		a.last = at
	}
	if !a.seen(o.Mention) {
		a.observeHour(beijingHour(o.At))
		if a.mentions < 1<<32-1 {
			a.mentions++
		}
	}
	r.dirty.accts[x] = struct{}{}
	if isNew {
		r.dirty.persons[x] = struct{}{}
	}
	if o.Account.Nickname != "" {
		r.observeNickname(x, o.Account.Nickname, o.At)
	}
	if *r.cfg.UnionID && o.Account.UnionID != "" && a.x().unionID == "" {
		r.observeUnionID(x, o.Account.UnionID, o.At)
	}
	if *r.cfg.PII {
		for _, p := range o.PII {
			if p.Kind == event.PIIPhone || p.Kind == event.PIIEmail {
				r.observePII(x, p, o.At)
			}
		}
	}
	if *r.cfg.Handles {
		for _, h := range o.Handles {
			r.observeHandle(x, h, o.At)
		}
	}
}

var beijing = time.FixedZone("CST", 8*3600)

func beijingHour(t time.Time) int { return t.In(beijing).Hour() }

// PersonOf returns the person id of an account.
func (r *Resolver) PersonOf(accountID string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	x, ok := r.g.byID[accountID]
	if !ok {
		return "", false
	}
	return r.g.person(x), true
}

// Clusters returns every person with its accounts.
func (r *Resolver) Clusters() map[string][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string][]string{}
	for i := range r.g.len() {
		p := r.g.person(int32(i))
		out[p] = append(out[p], r.g.at(int32(i)).id)
	}
	return out
}

// Size returns the number of accounts and of persons.
func (r *Resolver) Size() (accounts, persons int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.g.len() {
		if r.g.find(int32(i)) == int32(i) {
			persons++
		}
	}
	return r.g.len(), persons
}

// Edges returns a copy of every edge, in creation order.
func (r *Resolver) Edges() []Edge {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Edge, len(r.g.edges))
	for i := range r.g.edges {
		out[i] = r.exportEdge(int32(i))
	}
	return out
}

func (r *Resolver) exportEdge(ei int32) Edge {
	e := &r.g.edges[ei]
	a, b := r.g.at(e.a).id, r.g.at(e.b).id
	if a > b {
		a, b = b, a
	}
	return Edge{A: a, B: b, Rule: e.rule, Score: e.score, Evidence: e.evidence, At: e.at,
		State: e.state, Reason: e.reason, Version: e.version}
}

// lookup returns the index of an account id or ErrUnknownAccount.
func (r *Resolver) lookup(id string) (int32, error) {
	x, ok := r.g.byID[id]
	if !ok {
		return 0, fmt.Errorf("looking up %q: %w", id, ErrUnknownAccount)
	}
	return x, nil
}
