package identity

import (
	"fmt"
	"io"
	"slices"
)

// Score is pairwise precision, recall and F1: a pair of accounts is predicted when both are
// in one cluster and true when the truth puts them in one person.
type Score struct {
	TruePairs, PredictedPairs, Correct int
	Precision, Recall, F1              float64
}

// Report is the evaluation of a resolver against the truth.
type Report struct {
	Accounts int             // accounts both observed and in the truth
	Overall  Score           // the resolver's persons
	PerRule  map[Rule]Score  // the clusters each rule's active edges form on their own
	Edges    map[Rule][3]int // edges per rule: active, blocked, revoked
}

// Evaluate scores clusters (person → accounts, as Resolver.Clusters returns) against truth
// (person → accounts) over the accounts present in both, overall and per rule (edges as
// Resolver.Edges returns).
func Evaluate(truth, clusters map[string][]string, edges []Edge) Report {
	who := map[string]string{}
	for p, ids := range truth {
		for _, id := range ids {
			who[id] = p
		}
	}
	rep := Report{PerRule: map[Rule]Score{}, Edges: map[Rule][3]int{}}
	seen := map[string]bool{}
	for _, ids := range clusters {
		for _, id := range ids {
			if _, ok := who[id]; ok {
				seen[id] = true
			}
		}
	}
	rep.Accounts = len(seen)
	truePairs := 0
	for _, ids := range truth {
		k := 0
		for _, id := range ids {
			if seen[id] {
				k++
			}
		}
		truePairs += k * (k - 1) / 2
	}
	rep.Overall = score(truePairs, clusters, who, seen)
	for _, rule := range Rules {
		rep.PerRule[rule] = score(truePairs, ruleClusters(edges, rule), who, seen)
	}
	for _, e := range edges {
		c := rep.Edges[e.Rule]
		switch e.State {
		case Active:
			c[0]++
		case Blocked:
			c[1]++
		default:
			c[2]++
		}
		rep.Edges[e.Rule] = c
	}
	return rep
}

func score(truePairs int, clusters map[string][]string, who map[string]string, seen map[string]bool) Score {
	s := Score{TruePairs: truePairs}
	for _, ids := range clusters {
		byTruth := map[string]int{}
		k := 0
		for _, id := range ids {
			if seen[id] {
				k++
				byTruth[who[id]]++
			}
		}
		s.PredictedPairs += k * (k - 1) / 2
		for _, n := range byTruth {
			s.Correct += n * (n - 1) / 2
		}
	}
	s.Precision, s.Recall = 1, 1
	if s.PredictedPairs > 0 {
		s.Precision = float64(s.Correct) / float64(s.PredictedPairs)
	}
	if s.TruePairs > 0 {
		s.Recall = float64(s.Correct) / float64(s.TruePairs)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// ruleClusters are the clusters the active edges of one rule form alone.
func ruleClusters(edges []Edge, rule Rule) map[string][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, e := range edges {
		if e.Rule != rule || e.State != Active {
			continue
		}
		for _, x := range []string{e.A, e.B} {
			if _, ok := parent[x]; !ok {
				parent[x] = x
			}
		}
		if a, b := find(e.A), find(e.B); a != b {
			parent[a] = b
		}
	}
	out := map[string][]string{}
	for x := range parent {
		out[find(x)] = append(out[find(x)], x)
	}
	return out
}

// Print writes the report as a table.
func (rep Report) Print(w io.Writer) {
	fmt.Fprintf(w, "accounts evaluated: %d, true same-person pairs: %d\n\n", rep.Accounts, rep.Overall.TruePairs)
	fmt.Fprintf(w, "%-16s %9s %9s %9s %9s %9s %22s\n", "rule", "pairs", "correct", "precision", "recall", "f1", "edges active/blk/rev")
	line := func(name string, s Score, e [3]int, withEdges bool) {
		es := ""
		if withEdges {
			es = fmt.Sprintf("%d/%d/%d", e[0], e[1], e[2])
		}
		fmt.Fprintf(w, "%-16s %9d %9d %9.4f %9.4f %9.4f %22s\n", name, s.PredictedPairs, s.Correct, s.Precision, s.Recall, s.F1, es)
	}
	rules := slices.Clone(Rules)
	for _, r := range rules {
		line(string(r), rep.PerRule[r], rep.Edges[r], true)
	}
	line("overall", rep.Overall, [3]int{}, false)
}
