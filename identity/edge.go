package identity

import "time"

// Rule names the match rule behind an edge.
type Rule string

// The rules. Deterministic rules carry score 1; nickname is probabilistic.
const (
	RuleUnionID  Rule = "unionid"         // same cross-app id within one platform family
	RulePhone    Rule = "pii_phone"       // same keyed phone hash in both accounts' mentions
	RuleEmail    Rule = "pii_email"       // same keyed e-mail hash
	RuleHandle   Rule = "declared_handle" // one account declares the other as its own
	RuleNickname Rule = "nickname"        // normalised nickname (+ active hours) score over the threshold
	// RuleApart is an operator's order that two accounts are different persons.
	RuleApart Rule = "operator_apart"
)

// Rules lists the match rules in priority order: when the resolver replays edges (on
// start-up, after a split) it applies them in this order, so deterministic evidence wins a
// conflict against a nickname guess.
var Rules = []Rule{RuleUnionID, RulePhone, RuleEmail, RuleHandle, RuleNickname}

func (r Rule) priority() int {
	for i, x := range Rules {
		if x == r {
			return i
		}
	}
	return len(Rules)
}

// EdgeState is whether an edge joins its accounts.
type EdgeState string

// Edge states.
const (
	Active  EdgeState = "active"  // joins the two accounts into one person
	Blocked EdgeState = "blocked" // kept out by a conflict or an operator pin; re-tried when clusters change
	Revoked EdgeState = "revoked" // withdrawn (the match became ambiguous, or an operator split it); never re-applied
)

// Edge is one piece of evidence between two accounts.
type Edge struct {
	A, B     string // account ids, A < B
	Rule     Rule
	Score    float64   // in [0, 1]; 1 for deterministic rules
	Evidence string    // what matched, never personal data
	At       time.Time // when the evidence was first observed
	State    EdgeState
	Reason   string // why blocked or revoked
	Version  uint64 // write version, set when the edge last changed
}

type edgeKey struct {
	a, b int32
	rule Rule
}

func newEdgeKey(a, b int32, rule Rule) edgeKey {
	if a > b {
		a, b = b, a
	}
	return edgeKey{a, b, rule}
}

// edge is the resolver's in-memory edge: accounts by index.
type edge struct {
	a, b     int32
	rule     Rule
	score    float64
	evidence string
	at       time.Time
	state    EdgeState
	reason   string
	version  uint64
}

func (e *edge) other(x int32) int32 {
	if e.a == x {
		return e.b
	}
	return e.a
}
