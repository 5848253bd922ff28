package identity

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/lingting/lingting/event"
)

// Nickname index kinds: the exact normalised key, and the key without its last one or two
// runes (so "小鹿爱喝茶呀" finds "小鹿爱喝茶").
const (
	nickExact = '0'
	nickTrim1 = '1'
	nickTrim2 = '2'
)

// nickKey indexes accounts by platform and (trimmed) normalised nickname.
type nickKey struct {
	p    byte // platformCode
	kind byte
	key  string
}

func nickIndexKey(p event.Platform, kind byte, key string) nickKey {
	return nickKey{platformCode(p), kind, key}
}

func platformCode(p event.Platform) byte {
	switch p {
	case event.Weibo:
		return 1
	case event.Douyin:
		return 2
	case event.WeCom:
		return 3
	}
	return 0
}

// observeNickname records a nickname of x and, when it is new, indexes it, resolves
// handles declared for it and runs the nickname rule.
func (r *Resolver) observeNickname(x int32, nick string, at time.Time) {
	a := r.g.at(x)
	if n := len(a.nicks); n > 0 && a.nicks[n-1] == nick {
		return
	}
	a.nicks = append(slices.DeleteFunc(a.nicks, func(s string) bool { return s == nick }), nick)
	key := NormalizeNickname(nick)
	if utf8.RuneCountInString(key) < r.cfg.NicknameMinRunes || slices.Contains(a.keys, key) {
		return
	}
	a.keys = append(a.keys, key)
	p := a.platform()
	switch r.nicks.count(nickIndexKey(p, nickExact, key)) {
	case 0:
	case 1:
		r.nickShared[platformCode(p)] += 2
	default:
		r.nickShared[platformCode(p)]++
	}
	r.nickKeys[platformCode(p)]++
	r.nicks.add(nickIndexKey(p, nickExact, key), x)
	if k1 := trimLast(key); utf8.RuneCountInString(k1) >= r.cfg.NicknameMinRunes {
		r.nicks.add(nickIndexKey(p, nickTrim1, k1), x)
		if k2 := trimLast(k1); utf8.RuneCountInString(k2) >= r.cfg.NicknameMinRunes {
			r.nicks.add(nickIndexKey(p, nickTrim2, k2), x)
		}
	}
	if r.restoring {
		return
	}
	r.resolvePending(x, key, at)
	if *r.cfg.Nickname {
		if r.nickKeys[platformCode(p)] == r.cfg.NamesakeMinNicknames {
			r.rematch(p, x, at)
		}
		r.nicknameRule(x, at)
	}
}

// rematch runs the nickname rule again for every account of p but x, once p's namesake
// rate has just become known: the rule was silent for them until now.
func (r *Resolver) rematch(p event.Platform, x int32, at time.Time) {
	for y := int32(0); y < int32(r.g.len()); y++ {
		if a := r.g.at(y); y != x && a.platform() == p && len(a.keys) > 0 {
			r.nicknameRule(y, at)
		}
	}
}

type cand struct {
	x        int32
	score    float64
	sim      float64
	mine, it string // the normalised nicknames that matched
}

func (c cand) why() string {
	return fmt.Sprintf("nickname %q ~ %q: similarity %.2f, score %.2f", c.mine, c.it, c.sim, c.score)
}

// nickCands returns the accounts on platform q whose nicknames match x's, each with its
// score (which may be below the threshold).
func (r *Resolver) nickCands(x int32, q event.Platform) []cand {
	var out []cand
	add := func(kind byte, key string, sim float64, mine string) {
		for _, y := range r.nicks.get(nickIndexKey(q, kind, key)) {
			s := r.nickScore(x, y, sim)
			i := slices.IndexFunc(out, func(c cand) bool { return c.x == y })
			switch {
			case i < 0:
				out = append(out, cand{y, s, sim, mine, key})
			case s > out[i].score:
				out[i] = cand{y, s, sim, mine, key}
			}
		}
	}
	for _, k := range r.g.at(x).keys {
		add(nickExact, k, 1, k)
		add(nickTrim1, k, simTrim1, k)
		add(nickTrim2, k, simTrim2, k)
		if k1 := trimLast(k); utf8.RuneCountInString(k1) >= r.cfg.NicknameMinRunes {
			add(nickExact, k1, simTrim1, k)
			if k2 := trimLast(k1); utf8.RuneCountInString(k2) >= r.cfg.NicknameMinRunes {
				add(nickExact, k2, simTrim2, k)
			}
		}
	}
	return out
}

// nickScore combines nickname similarity with active-hours similarity when both accounts
// have enough mentions for their hours to mean something.
func (r *Resolver) nickScore(x, y int32, sim float64) float64 {
	a, b := r.g.at(x), r.g.at(y)
	spec := 1 - max(r.namesakeRate(a.platform()), r.namesakeRate(b.platform()))
	n := uint32(r.cfg.HoursMinMentions)
	if a.mentions < n || b.mentions < n {
		return sim * spec
	}
	w := r.cfg.HoursWeight
	ha, hb := a.histogram(), b.histogram()
	return ((1-w)*sim + w*hoursSimilarity(&ha, &hb)) * spec
}

// namesakeRate estimates how likely a nickname on platform p is shared by different
// people: the share of indexed nicknames that another account of p also has. Until p has
// Config.NamesakeMinNicknames nicknames the rate is unknown and taken as 1, so the
// nickname rule does not fire on too little data.
func (r *Resolver) namesakeRate(p event.Platform) float64 {
	c := platformCode(p)
	if r.nickKeys[c] < r.cfg.NamesakeMinNicknames {
		return 1
	}
	return float64(r.nickShared[c]) / float64(r.nickKeys[c])
}

// nicknameRule links x to an account of another platform when each is the other's only
// candidate there (a mutual, unique match) and the score reaches the threshold; any
// ambiguity revokes nickname edges instead.
func (r *Resolver) nicknameRule(x int32, at time.Time) {
	p := r.g.at(x).platform()
	for _, q := range event.Platforms {
		if q == p {
			continue
		}
		cx := r.nickCands(x, q)
		for _, c := range cx {
			cy := r.nickCands(c.x, p)
			if len(cx) == 1 && len(cy) == 1 {
				if c.score >= r.cfg.NicknameThreshold {
					r.addEdge(x, c.x, RuleNickname, c.score, c.why(), at)
				}
				continue
			}
			why := "ambiguous nickname: " + strconv.Itoa(max(len(cx), len(cy))) + " candidates"
			r.revokeRule(c.x, RuleNickname, func(e *edge) bool { return r.g.at(e.other(c.x)).platform() == p }, why)
			r.revokeRule(x, RuleNickname, func(e *edge) bool { return r.g.at(e.other(x)).platform() == q }, why)
		}
	}
}

func (r *Resolver) observeUnionID(x int32, unionID string, at time.Time) {
	a := r.g.at(x)
	a.more().unionID = unionID
	k := "u:" + unionKey(a.platform(), unionID)
	for _, y := range r.keys.get(k) {
		r.addEdge(x, y, RuleUnionID, 1, "same "+unionKey(a.platform(), abbreviate(unionID)), at)
	}
	r.keys.add(k, x)
}

func (r *Resolver) observePII(x int32, p event.PIIHash, at time.Time) {
	a := r.g.at(x)
	k := p.Kind + ":" + p.Hash
	if slices.Contains(a.x().pii, k) {
		return
	}
	a.more().pii = append(a.more().pii, k)
	if r.common[k] {
		return
	}
	rule := RulePhone
	if p.Kind == event.PIIEmail {
		rule = RuleEmail
	}
	ev := p.Kind + " hash " + abbreviate(p.Hash)
	r.keys.add(k, x)
	list := r.keys.get(k)
	if len(list) > r.cfg.PIIMaxAccounts {
		r.common[k] = true
		why := fmt.Sprintf("shared: %s seen on more than %d accounts", ev, r.cfg.PIIMaxAccounts)
		for _, y := range list {
			r.revokeRule(y, rule, func(e *edge) bool { return e.evidence == ev }, why)
		}
		return
	}
	for _, y := range list[:len(list)-1] {
		r.addEdge(x, y, rule, 1, ev, at)
	}
}

// observeHandle links x to the account it declares, or remembers the declaration until an
// account with that name appears. Chinese text often runs on after a handle without a
// space ("我微博是@小鹿爱喝茶上次私信过"), so when the whole name matches nobody, the
// longest prefix that names exactly one account is taken.
func (r *Resolver) observeHandle(x int32, h Handle, at time.Time) {
	key := NormalizeNickname(h.Name)
	targets := r.handleTargets(h.Platform, h.Name, key)
	if len(targets) == 0 {
		if k, t := r.longestHandlePrefix(h.Platform, key); t >= 0 {
			targets, h.Name = []int32{t}, k
		}
	}
	switch len(targets) {
	case 0:
		pk := string(h.Platform) + "\x00" + key
		if !slices.Contains(r.pending[pk], x) {
			r.pending[pk] = append(r.pending[pk], x)
		}
	case 1:
		r.addEdge(x, targets[0], RuleHandle, 1, "declares "+string(h.Platform)+" @"+h.Name, at)
	}
}

func (r *Resolver) handleTargets(p event.Platform, name, key string) []int32 {
	out := slices.Clone(r.nicks.get(nickIndexKey(p, nickExact, key)))
	if y, ok := r.g.byID[event.ID(p, name)]; ok && !slices.Contains(out, y) {
		out = append(out, y)
	}
	return out
}

// resolvePending links declarers waiting for the nickname key x just got, when x is the
// only account of its platform with that key (otherwise the declaration is ambiguous and
// dropped).
func (r *Resolver) resolvePending(x int32, key string, at time.Time) {
	p := r.g.at(x).platform()
	pk := string(p) + "\x00" + key
	ds, ok := r.pending[pk]
	if !ok {
		return
	}
	delete(r.pending, pk)
	if r.nicks.count(nickIndexKey(p, nickExact, key)) != 1 {
		return
	}
	for _, d := range ds {
		r.addEdge(d, x, RuleHandle, 1, "declares "+string(p)+" @"+key, at)
	}
}

func abbreviate(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// longestHandlePrefix finds the longest proper prefix of key (at least NicknameMinRunes
// long) that is some account's nickname on p, and returns it with that account, or -1
// when there is none or the longest one is ambiguous.
func (r *Resolver) longestHandlePrefix(p event.Platform, key string) (string, int32) {
	for k := key; utf8.RuneCountInString(k) > r.cfg.NicknameMinRunes; {
		k = trimLast(k)
		switch t := r.nicks.get(nickIndexKey(p, nickExact, k)); len(t) {
		case 0:
			continue
		case 1:
			return k, t[0]
		default:
			return "", -1
		}
	}
	return "", -1
}
