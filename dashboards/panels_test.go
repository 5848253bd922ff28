package dashboards_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/dashboards"
	"github.com/lingting/lingting/event"
)

// env is what a panel check knows: the selection and the ground truth under it.
type env struct {
	brands, platforms []string
	interval          time.Duration
	sel               []event.Mention // distinct mentions the panel filters select
}

func newEnv(truth []event.Mention, brands, platforms []string, interval time.Duration) env {
	e := env{brands: brands, platforms: platforms, interval: interval}
	for _, m := range truth {
		if m.CreatedAt.Before(rangeFrom) || m.CreatedAt.After(rangeTo) ||
			!slices.Contains(platforms, string(m.Platform)) ||
			!slices.ContainsFunc(m.Brands, func(b string) bool { return slices.Contains(brands, b) }) {
			continue
		}
		e.sel = append(e.sel, m)
	}
	return e
}

func (e env) count(pred func(m event.Mention) bool) int {
	n := 0
	for _, m := range e.sel {
		if pred(m) {
			n++
		}
	}
	return n
}

func labelIs(l string) func(event.Mention) bool {
	return func(m event.Mention) bool { return m.Sentiment.Label == l }
}

// panelChecks holds the assertions on each panel's result, by panel title. Every panel
// of every dashboard must have one.
var panelChecks = map[string]func(t *testing.T, r result, e env){
	"Mentions":                      checkMentions,
	"Negative share":                checkNegativeShare,
	"Authors":                       checkAuthors,
	"Net sentiment":                 checkNet,
	"Mention volume by platform":    checkVolume,
	"Sentiment trend":               checkTrend,
	"Share of voice by brand":       checkShareOfVoice,
	"Sentiment split by platform":   checkSplit,
	"Top hashtags":                  checkHashtags,
	"Most negative recent mentions": checkMostNegative,
	"Top authors by reach":          checkTopAuthors,
	"Dead letters in range":         checkDeadLetters,
}

// TestPanelQueries runs every panel's query against the embedded engine holding the
// simulated data, for two selections of the variables, and checks the results against
// the ground truth computed from the same mentions.
func TestPanelQueries(t *testing.T) {
	conn := loadedConn(t)
	truth, _ := simulated()

	brands := run(t, conn, dashboards.BrandVariableSQL)
	var all []string
	for _, row := range brands.rows {
		all = append(all, str(t, row["brand"]))
	}
	if !slices.Equal(all, testBrands) {
		t.Fatalf("brand variable offers %q, want %q", all, testBrands)
	}

	scenarios := []struct {
		name              string
		brands, platforms []string
	}{
		{"all brands on all platforms", all, dashboards.Platforms},
		{"two brands on two platforms", []string{burstBrand, "L'Oréal"}, []string{"weibo", "douyin"}},
	}
	for _, sc := range scenarios {
		q := grafanaQuery{from: rangeFrom, to: rangeTo, interval: 5 * time.Minute,
			vars: map[string][]string{"brand": sc.brands, "platform": sc.platforms}}
		e := newEnv(truth, sc.brands, sc.platforms, q.interval)
		for _, d := range clickHouseDashboards() {
			for _, p := range d.Panels {
				t.Run(sc.name+"/"+p.Title, func(t *testing.T) {
					check, ok := panelChecks[p.Title]
					if !ok {
						t.Fatalf("panel %q has no check in panelChecks", p.Title)
					}
					sql, err := q.expand(p.Targets[0].RawSQL)
					if err != nil {
						t.Fatal(err)
					}
					check(t, run(t, conn, sql), e)
				})
			}
		}
	}
}

// clickHouseDashboards are the dashboards whose panels query ClickHouse (the pipeline
// health dashboard queries Prometheus: see prometheus_test.go).
func clickHouseDashboards() []dashboards.Dashboard {
	var out []dashboards.Dashboard
	for _, d := range dashboards.All() {
		if d.Panels[0].Datasource.Type == dashboards.PluginType {
			out = append(out, d)
		}
	}
	return out
}

// one returns the single value of a one-row, one-column result.
func one(t *testing.T, r result) any {
	t.Helper()
	if len(r.rows) != 1 || len(r.cols) != 1 {
		t.Fatalf("got %d rows of %v, want one value", len(r.rows), r.cols)
	}
	return r.rows[0][r.cols[0]]
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

func checkMentions(t *testing.T, r result, e env) {
	if got, want := num(t, one(t, r)), float64(len(e.sel)); got != want || want == 0 {
		t.Errorf("mentions = %v, want %v (> 0)", got, want)
	}
}

func checkNegativeShare(t *testing.T, r result, e env) {
	want := float64(e.count(labelIs(event.Negative))) / float64(len(e.sel))
	if got := num(t, one(t, r)); !near(got, want) || want == 0 {
		t.Errorf("negative share = %v, want %v (> 0)", got, want)
	}
}

func checkAuthors(t *testing.T, r result, e env) {
	authors := map[string]bool{}
	for _, m := range e.sel {
		authors[m.Author.ID] = true
	}
	if got := num(t, one(t, r)); got != float64(len(authors)) {
		t.Errorf("authors = %v, want %d", got, len(authors))
	}
}

// netOf is (positive − negative) / labelled over ms, or 0 with nothing labelled.
func netOf(ms []event.Mention) float64 {
	pos, neg, labelled := 0, 0, 0
	for _, m := range ms {
		switch m.Sentiment.Label {
		case event.Positive:
			pos++
		case event.Negative:
			neg++
		}
		if m.Sentiment.Label != "" {
			labelled++
		}
	}
	if labelled == 0 {
		return 0
	}
	return float64(pos-neg) / float64(labelled)
}

func checkNet(t *testing.T, r result, e env) {
	want := netOf(e.sel)
	if got := num(t, one(t, r)); !near(got, want) || want == 0 {
		t.Errorf("net sentiment = %v, want %v (not 0)", got, want)
	}
}

// checkBuckets checks a time series' time column: ascending, on interval boundaries,
// inside the time range.
func checkBuckets(t *testing.T, r result, e env) {
	t.Helper()
	var prev time.Time
	for _, row := range r.rows {
		at := tm(t, row["time"])
		if at.Before(prev) || at.Unix()%int64(e.interval.Seconds()) != 0 ||
			at.Before(rangeFrom.Truncate(e.interval)) || at.After(rangeTo) {
			t.Errorf("bucket %v is out of order, off the %v grid or outside the range", at, e.interval)
		}
		prev = at
	}
}

func checkVolume(t *testing.T, r result, e env) {
	checkBuckets(t, r, e)
	got, total := map[string]float64{}, 0.0
	for _, row := range r.rows {
		got[str(t, row["platform"])] += num(t, row["mentions"])
		total += num(t, row["mentions"])
	}
	for _, p := range e.platforms {
		want := e.count(func(m event.Mention) bool { return string(m.Platform) == p })
		if got[p] != float64(want) {
			t.Errorf("platform %s: %v mentions, want %d", p, got[p], want)
		}
	}
	if total != float64(len(e.sel)) {
		t.Errorf("volumes add up to %v, want the %d mentions selected", total, len(e.sel))
	}
}

func checkTrend(t *testing.T, r result, e env) {
	checkBuckets(t, r, e)
	sums := map[string]float64{}
	var peak time.Time
	peakN := -1.0
	for _, row := range r.rows {
		for _, l := range []string{event.Positive, event.Neutral, event.Negative} {
			sums[l] += num(t, row[l])
		}
		pos, neg := num(t, row[event.Positive]), num(t, row[event.Negative])
		labelled := pos + neg + num(t, row[event.Neutral])
		if net := num(t, row["net_sentiment"]); labelled > 0 && !near(net, (pos-neg)/labelled) {
			t.Errorf("net sentiment %v at %v, want (%v - %v) / %v", net, row["time"], pos, neg, labelled)
		}
		if n := num(t, row[event.Negative]); n > peakN {
			peak, peakN = tm(t, row["time"]), n
		}
	}
	for l, got := range sums {
		if want := float64(e.count(labelIs(l))); got != want {
			t.Errorf("%s mentions add up to %v, want %v", l, got, want)
		}
	}
	if slices.Contains(e.brands, burstBrand) && (peak.Before(burstFrom) || !peak.Before(burstTo)) {
		t.Errorf("negative peak at %v, want the burst at %v–%v", peak, burstFrom, burstTo)
	}
}

func checkShareOfVoice(t *testing.T, r result, e env) {
	perBrand, total := map[string]int{}, 0
	for _, m := range e.sel {
		for _, b := range m.Brands {
			if slices.Contains(e.brands, b) {
				perBrand[b]++
				total++
			}
		}
	}
	sum := 0.0
	for _, row := range r.rows {
		b, share := str(t, row["brand"]), num(t, row["share"])
		if want := 100 * float64(perBrand[b]) / float64(total); !near(share, want) {
			t.Errorf("share of %s = %v%%, want %v%%", b, share, want)
		}
		sum += share
	}
	if len(r.rows) != len(perBrand) || !near(sum, 100) {
		t.Errorf("%d brands sharing %v%%, want %d brands sharing 100%%", len(r.rows), sum, len(perBrand))
	}
}

func checkSplit(t *testing.T, r result, e env) {
	if len(r.rows) != len(e.platforms) {
		t.Errorf("%d platforms, want %d", len(r.rows), len(e.platforms))
	}
	for _, row := range r.rows {
		p := str(t, row["platform"])
		for _, l := range []string{event.Positive, event.Neutral, event.Negative} {
			want := e.count(func(m event.Mention) bool { return string(m.Platform) == p && m.Sentiment.Label == l })
			if got := num(t, row[l]); got != float64(want) {
				t.Errorf("%s %s = %v, want %d", p, l, got, want)
			}
		}
	}
}

// TestPanelQueriesEmptySelection runs every panel's query with nothing selected (a fresh
// install has no brands yet, so Grafana renders the variables as empty lists): each
// must run and show nothing, not fail.
func TestPanelQueriesEmptySelection(t *testing.T) {
	conn := loadedConn(t)
	q := grafanaQuery{from: rangeFrom, to: rangeTo, interval: time.Minute,
		vars: map[string][]string{"brand": {}, "platform": {}}}
	for _, d := range clickHouseDashboards() {
		for _, p := range d.Panels {
			if !strings.Contains(p.Targets[0].RawSQL, "${brand") {
				continue // not filtered by brand (dead letters, terms of all brands)
			}
			t.Run(p.Title, func(t *testing.T) {
				sql, err := q.expand(p.Targets[0].RawSQL)
				if err != nil {
					t.Fatal(err)
				}
				for _, row := range run(t, conn, sql).rows {
					for c, v := range row {
						if f, ok := v.(float64); ok && math.IsNaN(f) {
							continue
						}
						if n, ok := v.(uint64); !ok || n != 0 {
							if f, ok := v.(float64); !ok || f != 0 {
								t.Errorf("column %s = %v with nothing selected, want 0, NaN or no rows", c, v)
							}
						}
					}
				}
			})
		}
	}
}
