package dashboards_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

func init() {
	panelChecks["Active authors"] = checkActiveAuthors
	panelChecks["Verified authors"] = checkVerifiedAuthors
	panelChecks["Influencers (100k+ followers)"] = checkInfluencers
	panelChecks["Influencers by reach"] = checkInfluencersByReach
	panelChecks["Authors by negative impact"] = checkNegativeImpact
	panelChecks["Mentions by author reach tier"] = checkTiers
	panelChecks["Verified accounts"] = checkVerifiedAccounts
}

// authorTruth is one author's ground truth over a selection.
type authorTruth struct {
	id, nick           string
	followers          int64
	verified           bool
	mentions, negative int
}

func authorsOf(e env) map[string]*authorTruth {
	out := map[string]*authorTruth{}
	for _, m := range e.sel {
		a := out[m.Author.ID]
		if a == nil {
			a = &authorTruth{id: m.Author.ID, nick: m.Author.Nickname, followers: m.Author.Followers, verified: m.Author.Verified}
			out[m.Author.ID] = a
		}
		a.mentions++
		if m.Sentiment.Label == event.Negative {
			a.negative++
		}
	}
	return out
}

func countAuthors(e env, pred func(*authorTruth) bool) int {
	n := 0
	for _, a := range authorsOf(e) {
		if pred(a) {
			n++
		}
	}
	return n
}

func checkActiveAuthors(t *testing.T, r result, e env) {
	if got, want := num(t, one(t, r)), countAuthors(e, func(*authorTruth) bool { return true }); got != float64(want) {
		t.Errorf("active authors = %v, want %d", got, want)
	}
}

func checkVerifiedAuthors(t *testing.T, r result, e env) {
	want := countAuthors(e, func(a *authorTruth) bool { return a.verified })
	if got := num(t, one(t, r)); got != float64(want) || want == 0 {
		t.Errorf("verified authors = %v, want %d (> 0)", got, want)
	}
}

func checkInfluencers(t *testing.T, r result, e env) {
	want := countAuthors(e, func(a *authorTruth) bool { return a.followers >= 100_000 })
	if got := num(t, one(t, r)); got != float64(want) || want == 0 {
		t.Errorf("influencers = %v, want %d (> 0)", got, want)
	}
}

// checkAuthorRows checks a table of authors against the truth: the rows are the first
// limit authors that keep, in the order of less, with matching numbers.
func checkAuthorRows(t *testing.T, r result, e env, limit int, keep func(*authorTruth) bool, less func(a, b *authorTruth) int) {
	t.Helper()
	var want []*authorTruth
	for _, a := range authorsOf(e) {
		if keep(a) {
			want = append(want, a)
		}
	}
	slices.SortFunc(want, less)
	want = want[:min(limit, len(want))]
	if len(r.rows) != len(want) || len(want) == 0 {
		t.Fatalf("%d rows, want %d (> 0)", len(r.rows), len(want))
	}
	for i, row := range r.rows {
		w := want[i]
		if str(t, row["author"]) != w.nick || num(t, row["followers"]) != float64(w.followers) ||
			num(t, row["mentions"]) != float64(w.mentions) || num(t, row["negative"]) != float64(w.negative) {
			t.Errorf("row %d = %v, want %+v", i, row, *w)
		}
	}
}

func checkInfluencersByReach(t *testing.T, r result, e env) {
	checkAuthorRows(t, r, e, 20, func(*authorTruth) bool { return true }, func(a, b *authorTruth) int {
		return cmp.Or(cmp.Compare(b.followers, a.followers), cmp.Compare(b.mentions, a.mentions), cmp.Compare(a.nick, b.nick))
	})
}

func checkNegativeImpact(t *testing.T, r result, e env) {
	impact := func(a *authorTruth) int64 { return int64(a.negative) * a.followers }
	checkAuthorRows(t, r, e, 20, func(a *authorTruth) bool { return a.negative > 0 }, func(a, b *authorTruth) int {
		return cmp.Or(cmp.Compare(impact(b), impact(a)), cmp.Compare(b.negative, a.negative), cmp.Compare(a.nick, b.nick))
	})
	for _, row := range r.rows {
		if num(t, row["impact"]) != num(t, row["negative"])*num(t, row["followers"]) {
			t.Errorf("row %v: impact is not negative × followers", row)
		}
	}
}

func checkVerifiedAccounts(t *testing.T, r result, e env) {
	checkAuthorRows(t, r, e, 50, func(a *authorTruth) bool { return a.verified }, func(a, b *authorTruth) int {
		return cmp.Or(cmp.Compare(b.mentions, a.mentions), cmp.Compare(b.followers, a.followers), cmp.Compare(a.nick, b.nick))
	})
}

func checkTiers(t *testing.T, r result, e env) {
	tier := func(f int64) string {
		switch {
		case f >= 1_000_000:
			return "1M+"
		case f >= 100_000:
			return "100k-1M"
		case f >= 10_000:
			return "10k-100k"
		}
		return "under 10k"
	}
	type key struct {
		at   time.Time
		tier string
	}
	want := map[key]int{}
	for _, m := range e.sel {
		want[key{m.CreatedAt.Truncate(time.Hour), tier(m.Author.Followers)}]++
	}
	got := map[key]int{}
	for _, row := range r.rows {
		got[key{tm(t, row["time"]).UTC(), str(t, row["tier"])}] = int(num(t, row["mentions"]))
	}
	if len(got) != len(want) {
		t.Errorf("%d (hour, tier) buckets, want %d", len(got), len(want))
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%v %s: %d mentions, want %d", k.at, k.tier, got[k], n)
		}
	}
}
