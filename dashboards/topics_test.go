package dashboards_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

func init() {
	panelChecks["Aspect net sentiment over time"] = checkAspectTrend
	panelChecks["Aspects by sentiment"] = checkAspectSplit
	panelChecks["Trending hashtags and keywords"] = checkTrendingTerms
	panelChecks["Emerging terms"] = checkEmergingTerms
}

// written returns every distinct mention the test wrote, in range or not.
func written() []event.Mention {
	_, batches := simulated()
	seen := map[string]bool{}
	var out []event.Mention
	for _, b := range batches {
		for _, m := range b {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m)
			}
		}
	}
	return out
}

type aspectKey struct {
	hour   time.Time
	aspect string
}

func checkAspectTrend(t *testing.T, r result, e env) {
	type tally struct{ pos, neg, all int }
	want := map[aspectKey]*tally{}
	for _, m := range e.sel {
		for _, a := range m.Aspects {
			k := aspectKey{m.CreatedAt.Truncate(time.Hour), a.Name}
			if want[k] == nil {
				want[k] = &tally{}
			}
			want[k].all++
			want[k].pos += btoi(a.Label == event.Positive)
			want[k].neg += btoi(a.Label == event.Negative)
		}
	}
	if len(r.rows) != len(want) || len(want) == 0 {
		t.Fatalf("%d (hour, aspect) rows, want %d (> 0)", len(r.rows), len(want))
	}
	for _, row := range r.rows {
		w := want[aspectKey{tm(t, row["time"]).UTC(), str(t, row["aspect"])}]
		if w == nil || !near(num(t, row["net_sentiment"]), float64(w.pos-w.neg)/float64(w.all)) {
			t.Errorf("row %v, want %+v", row, w)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func checkAspectSplit(t *testing.T, r result, e env) {
	want := map[string]map[string]int{}
	for _, m := range e.sel {
		for _, a := range m.Aspects {
			if want[a.Name] == nil {
				want[a.Name] = map[string]int{}
			}
			want[a.Name][a.Label]++
		}
	}
	if len(r.rows) != len(want) {
		t.Fatalf("%d aspects, want %d", len(r.rows), len(want))
	}
	prev := 1e9
	for _, row := range r.rows {
		w := want[str(t, row["aspect"])]
		for _, l := range []string{event.Positive, event.Neutral, event.Negative} {
			if num(t, row[l]) != float64(w[l]) {
				t.Errorf("aspect %v: %s = %v, want %d", row["aspect"], l, row[l], w[l])
			}
		}
		if n := num(t, row["negative"]); n > prev {
			t.Errorf("aspect %v ranks below one with fewer negative mentions", row["aspect"])
		} else {
			prev = n
		}
	}
}

type termKey struct{ term, source string }

// termCounts counts distinct mentions per term among ms whose hour passes keep.
func termCounts(ms []event.Mention, keep func(hour time.Time) bool) map[termKey]int {
	out := map[termKey]int{}
	for _, m := range ms {
		if !keep(m.CreatedAt.Truncate(time.Hour)) {
			continue
		}
		for _, h := range slices.Compact(slices.Sorted(slices.Values(m.Hashtags))) {
			out[termKey{h, "hashtag"}]++
		}
		for _, k := range slices.Compact(slices.Sorted(slices.Values(m.Keywords))) {
			out[termKey{k, "keyword"}]++
		}
	}
	return out
}

func checkTrendingTerms(t *testing.T, r result, _ env) {
	want := termCounts(written(), func(h time.Time) bool { return !h.Before(rangeFrom) && !h.After(rangeTo) })
	keys := slices.Collect(func(yield func(termKey) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	})
	slices.SortFunc(keys, func(a, b termKey) int { return cmp.Or(cmp.Compare(want[b], want[a]), cmp.Compare(a.term, b.term)) })
	keys = keys[:min(30, len(keys))]
	if len(r.rows) != len(keys) {
		t.Fatalf("%d terms, want %d", len(r.rows), len(keys))
	}
	for i, row := range r.rows {
		k := termKey{str(t, row["term"]), str(t, row["source"])}
		if num(t, row["mentions"]) != float64(want[k]) || want[k] != want[keys[i]] {
			t.Errorf("row %d %v: want %d mentions, rank of %v", i, row, want[k], keys[i])
		}
		if k.term == outOfRange {
			t.Errorf("term %q from outside the range is listed", k.term)
		}
	}
}

func checkEmergingTerms(t *testing.T, r result, _ env) {
	all := written()
	latest := time.Time{}
	for _, m := range all {
		if len(m.Hashtags)+len(m.Keywords) > 0 && m.CreatedAt.Truncate(time.Hour).After(latest) {
			latest = m.CreatedAt.Truncate(time.Hour)
		}
	}
	recent := termCounts(all, func(h time.Time) bool { return h.After(latest.Add(-6 * time.Hour)) })
	baseline := termCounts(all, func(h time.Time) bool {
		return !h.After(latest.Add(-6*time.Hour)) && h.After(latest.Add(-174*time.Hour))
	})
	want := 0
	for _, n := range recent {
		if n >= 5 {
			want++
		}
	}
	if len(r.rows) != min(20, want) || want == 0 {
		t.Fatalf("%d emerging terms, want %d (> 0)", len(r.rows), min(20, want))
	}
	prev := 1e9
	for _, row := range r.rows {
		k := termKey{str(t, row["term"]), str(t, row["source"])}
		score := float64(recent[k]) / 6 / (float64(baseline[k])/168 + 1)
		if num(t, row["recent"]) != float64(recent[k]) || num(t, row["baseline"]) != float64(baseline[k]) ||
			num(t, row["score"]) > prev || num(t, row["score"])-score > 0.006 || score-num(t, row["score"]) > 0.006 {
			t.Errorf("row %v: want recent %d baseline %d score %.2f, in descending score", row, recent[k], baseline[k], score)
		}
		prev = num(t, row["score"])
	}
	if !slices.ContainsFunc(r.rows, func(row map[string]any) bool { return row["term"] == burstTag }) {
		t.Errorf("the burst's hashtag %q is not among the emerging terms", burstTag)
	}
}
