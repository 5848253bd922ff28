package dashboards_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func init() {
	panelChecks["Alerts raised"] = checkAlertsRaised
	panelChecks["Alerts still firing"] = checkAlertsFiring
	panelChecks["Alerts by rule"] = checkAlertsByRule
	panelChecks["Alert timeline"] = checkAlertTimeline
}

// testAlert is one version of an alert row.
type testAlert struct {
	id                             string
	version                        int
	rule, brand, channel, severity string
	status                         string
	starts, ends                   time.Time
	urls, terms                    []string
}

// testAlerts are the alert rows the test writes: a burst alert fired then resolved (two
// versions), a high-reach alert on Weibo, a compliance alert without a brand, and one
// before the time range.
func testAlerts() []testAlert {
	urls := []string{"https://example.com/weibo/b-0", "https://example.com/douyin/b-1"}
	return []testAlert{
		{"al-1", 1, "negative_volume", burstBrand, "", "warning", "firing", burstFrom.Add(2 * time.Minute), time.Time{}, urls, []string{"刹车", "失灵"}},
		{"al-1", 2, "negative_volume", burstBrand, "", "critical", "resolved", burstFrom.Add(2 * time.Minute), burstTo.Add(5 * time.Minute), urls, []string{"刹车", "失灵"}},
		{"al-2", 1, "high_reach", "华为", "weibo", "critical", "firing", rangeFrom.Add(time.Hour), time.Time{}, urls[:1], nil},
		{"al-3", 1, "compliance", "", "wecom", "warning", "firing", rangeFrom.Add(2 * time.Hour), time.Time{}, nil, []string{"保证收益"}},
		{"al-4", 1, "negative_share", "小米", "", "warning", "firing", rangeFrom.Add(-3 * time.Hour), time.Time{}, nil, nil},
	}
}

func alertsInsertSQL() string {
	ts := func(t time.Time) string { return "'" + t.UTC().Format("2006-01-02 15:04:05.000") + "'" }
	arr := func(ss []string) string {
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = "'" + s + "'"
		}
		return "[" + strings.Join(q, ",") + "]"
	}
	var rows []string
	for _, a := range testAlerts() {
		rows = append(rows, fmt.Sprintf("('%s', %d, '%s|%s|%s', '%s', '%s', '%s', '%s', '', '%s', '%s', %s, %s, %s, '%s alert', {}, [], %s, %s, {}, '{}', '')",
			a.id, a.version, a.rule, a.brand, a.channel, a.brand, a.rule, a.brand, a.channel, a.severity, a.status,
			ts(a.starts), ts(a.ends), ts(a.starts.Add(time.Duration(a.version)*time.Minute)), a.rule, arr(a.urls), arr(a.terms)))
	}
	return `INSERT INTO lingting.alerts (id, version, dedup_key, group_key, rule, brand, channel, subject, severity, status,
		starts_at, ends_at, updated_at, summary, numbers, mention_ids, mention_urls, top_terms, channel_split, evidence, trigger_id) VALUES ` +
		strings.Join(rows, ",\n")
}

// selectedAlerts are the newest versions of the alerts the panels' filters select.
func selectedAlerts(e env) []testAlert {
	newest := map[string]testAlert{}
	for _, a := range testAlerts() {
		if a.version > newest[a.id].version {
			newest[a.id] = a
		}
	}
	var out []testAlert
	for _, a := range newest {
		if a.starts.Before(rangeFrom) || a.starts.After(rangeTo) ||
			a.brand != "" && !slices.Contains(e.brands, a.brand) || a.channel != "" && !slices.Contains(e.platforms, a.channel) {
			continue
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b testAlert) int { return b.starts.Compare(a.starts) })
	return out
}

func checkAlertsRaised(t *testing.T, r result, e env) {
	if got, want := num(t, one(t, r)), len(selectedAlerts(e)); got != float64(want) {
		t.Errorf("alerts raised = %v, want %d", got, want)
	}
}

func checkAlertsFiring(t *testing.T, r result, e env) {
	want := 0
	for _, a := range selectedAlerts(e) {
		want += btoi(a.status == "firing")
	}
	if got := num(t, one(t, r)); got != float64(want) {
		t.Errorf("alerts firing = %v, want %d", got, want)
	}
}

func checkAlertsByRule(t *testing.T, r result, e env) {
	want := map[string]int{}
	for _, a := range selectedAlerts(e) {
		want[a.rule]++
	}
	got := map[string]int{}
	for _, row := range r.rows {
		got[str(t, row["rule"])] += int(num(t, row["alerts"]))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("alerts by rule %v, want %v", got, want)
	}
}

func checkAlertTimeline(t *testing.T, r result, e env) {
	want := selectedAlerts(e)
	if len(r.rows) != len(want) || len(want) == 0 {
		t.Fatalf("%d alerts, want %d (> 0)", len(r.rows), len(want))
	}
	for i, row := range r.rows {
		w := want[i]
		evidence := ""
		if len(w.urls) > 0 {
			evidence = w.urls[0]
		}
		if !tm(t, row["time"]).Equal(w.starts) || str(t, row["status"]) != w.status || str(t, row["severity"]) != w.severity ||
			str(t, row["evidence"]) != evidence || str(t, row["rule"]) != w.rule {
			t.Errorf("row %d = %v, want the newest version of %+v", i, row, w)
		}
		resolved, _ := row["resolved_at"].(*time.Time)
		if (w.status == "resolved") != (resolved != nil) || resolved != nil && !resolved.Equal(w.ends) {
			t.Errorf("row %d resolved_at = %v, want %v for status %s", i, resolved, w.ends, w.status)
		}
	}
}
