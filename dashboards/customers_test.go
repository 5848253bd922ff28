package dashboards_test

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func init() {
	panelChecks["Persons on several channels"] = checkCrossChannel
	panelChecks["Engagement tiers"] = checkSegments(func(p testProfile) string { return p.tier })
	panelChecks["Loyalty stages"] = checkSegments(func(p testProfile) string { return p.stage })
	panelChecks["New and lost WeCom customers"] = checkNewLost
	panelChecks["Top advocates"] = checkAdvocates
	panelChecks["Churn risk"] = checkChurn
}

type testProfile struct {
	id                string
	platforms, brands []string
	tier, stage       string
	advocate, churn   float64
	mentions          int
	lastSeen          time.Time
	version           int // a later version replaces an earlier one
}

// testProfiles are the profile rows the test writes: the newest version of P1 replaces
// an older one, P5 was last seen before the range.
func testProfiles() []testProfile {
	in := rangeFrom.Add(90 * time.Minute)
	return []testProfile{
		{"P1", []string{"weibo", "wecom"}, []string{"华为"}, "occasional_participant", "regular", 0.2, 0.1, 3, in, 1},
		{"P1", []string{"weibo", "wecom"}, []string{"华为", "小米"}, "deep_participant", "loyal", 0.9, 0.1, 12, in, 2},
		{"P2", []string{"douyin"}, []string{"小米"}, "silent_observer", "potential", 0.1, 0.8, 1, in, 1},
		{"P3", []string{"weibo", "douyin"}, []string{"蔚来"}, "deep_participant", "member", 0.6, 0.55, 30, in, 1},
		{"P4", []string{"wecom"}, []string{"L'Oréal"}, "occasional_participant", "regular", 0, 0.95, 2, in, 1},
		{"P5", []string{"weibo", "douyin"}, []string{"华为"}, "deep_participant", "loyal", 0.99, 0.9, 50, rangeFrom.Add(-time.Hour), 1},
	}
}

func profilesInsertSQL() string {
	arr := func(ss []string) string {
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
		}
		return "[" + strings.Join(q, ",") + "]"
	}
	var rows []string
	for _, p := range testProfiles() {
		signals := "[]"
		if p.churn >= 0.5 {
			signals = "['deleted','silent']"
		}
		rows = append(rows, fmt.Sprintf("('%s', %s, [], '%s', '%s', %d, %s, %s, '%s', '%s', %g, %g, %s, '%s')",
			p.id, arr(p.platforms), p.lastSeen.Add(-24*time.Hour).Format("2006-01-02 15:04:05"), p.lastSeen.Format("2006-01-02 15:04:05"),
			p.mentions, arr(p.brands), "0.3", p.tier, p.stage, p.advocate, p.churn, signals,
			rangeFrom.Add(time.Duration(p.version)*time.Minute).Format("2006-01-02 15:04:05")))
	}
	return `INSERT INTO lingting.profiles (person_id, platforms, accounts, first_seen, last_seen, mentions, brands,
		sentiment_avg, engagement_tier, loyalty_stage, advocate_score, churn_risk, churn_signals, computed_at) VALUES ` + strings.Join(rows, ",\n")
}

// selectedProfiles are the newest profile versions the panels' filter selects.
func selectedProfiles(e env) []testProfile {
	newest := map[string]testProfile{}
	for _, p := range testProfiles() {
		if p.version > newest[p.id].version {
			newest[p.id] = p
		}
	}
	var out []testProfile
	for _, p := range newest {
		if p.lastSeen.Before(rangeFrom) || p.lastSeen.After(rangeTo) ||
			!slices.ContainsFunc(p.brands, func(b string) bool { return slices.Contains(e.brands, b) }) ||
			!slices.ContainsFunc(p.platforms, func(pl string) bool { return slices.Contains(e.platforms, pl) }) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func checkCrossChannel(t *testing.T, r result, e env) {
	want := 0
	for _, p := range selectedProfiles(e) {
		want += btoi(len(p.platforms) > 1)
	}
	if got := num(t, one(t, r)); got != float64(want) {
		t.Errorf("persons on several channels = %v, want %d", got, want)
	}
}

func checkSegments(segment func(testProfile) string) func(t *testing.T, r result, e env) {
	return func(t *testing.T, r result, e env) {
		want := map[string]int{}
		for _, p := range selectedProfiles(e) {
			want[segment(p)]++
		}
		got := map[string]int{}
		for _, row := range r.rows {
			got[str(t, row["segment"])] = int(num(t, row["persons"]))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("segments %v, want %v", got, want)
		}
	}
}

// checkProfileTable checks a table of persons: the selected profiles that keep, in the
// order of less.
func checkProfileTable(t *testing.T, r result, e env, keep func(testProfile) bool, less func(a, b testProfile) int) {
	t.Helper()
	var want []testProfile
	for _, p := range selectedProfiles(e) {
		if keep(p) {
			want = append(want, p)
		}
	}
	slices.SortFunc(want, less)
	if len(r.rows) != len(want) {
		t.Fatalf("%d persons, want %d", len(r.rows), len(want))
	}
	for i, row := range r.rows {
		if str(t, row["person_id"]) != want[i].id {
			t.Errorf("row %d is %v, want %s", i, row["person_id"], want[i].id)
		}
	}
}

func checkAdvocates(t *testing.T, r result, e env) {
	checkProfileTable(t, r, e, func(p testProfile) bool { return p.advocate > 0 }, func(a, b testProfile) int {
		return cmp.Or(cmp.Compare(b.advocate, a.advocate), cmp.Compare(b.mentions, a.mentions), cmp.Compare(a.id, b.id))
	})
}

func checkChurn(t *testing.T, r result, e env) {
	checkProfileTable(t, r, e, func(p testProfile) bool { return p.churn >= 0.5 }, func(a, b testProfile) int {
		return cmp.Or(cmp.Compare(b.churn, a.churn), b.lastSeen.Compare(a.lastSeen), cmp.Compare(a.id, b.id))
	})
	for _, row := range r.rows {
		if !strings.Contains(str(t, row["signals"]), "deleted") {
			t.Errorf("row %v lacks its churn signals", row)
		}
	}
}

func checkNewLost(t *testing.T, r result, e env) {
	type bucket struct{ added, deleted int }
	want := map[time.Time]*bucket{}
	for _, m := range customerEvents() {
		k := m.CreatedAt.Truncate(e.interval)
		if want[k] == nil {
			want[k] = &bucket{}
		}
		want[k].added += btoi(m.EventType == "add_external_contact")
		want[k].deleted += btoi(m.EventType == "del_external_contact")
	}
	if len(r.rows) != len(want) {
		t.Fatalf("%d buckets, want %d", len(r.rows), len(want))
	}
	for _, row := range r.rows {
		w := want[tm(t, row["time"]).UTC()]
		if w == nil || num(t, row["new"]) != float64(w.added) || num(t, row["lost"]) != float64(w.deleted) {
			t.Errorf("bucket %v, want %+v", row, w)
		}
	}
}
