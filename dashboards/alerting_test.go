package dashboards_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"gopkg.in/yaml.v3"

	"github.com/lingting/lingting/dashboards"
)

// provisionedRules reads the committed alert rule file back.
func provisionedRules(t *testing.T) []dashboards.AlertRule {
	t.Helper()
	b, err := os.ReadFile(dashboards.AlertingYAMLPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		APIVersion int                     `yaml:"apiVersion"`
		Groups     []dashboards.AlertGroup `yaml:"groups"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parsing %s: %v", dashboards.AlertingYAMLPath, err)
	}
	if doc.APIVersion != 1 || len(doc.Groups) == 0 {
		t.Fatalf("%s: apiVersion %d with %d groups, want 1 and some", dashboards.AlertingYAMLPath, doc.APIVersion, len(doc.Groups))
	}
	var rules []dashboards.AlertRule
	for _, g := range doc.Groups {
		if g.Folder == "" || g.Interval == "" || g.Name == "" || g.OrgID != 1 {
			t.Errorf("group %+v lacks a name, folder, interval or org", g)
		}
		rules = append(rules, g.Rules...)
	}
	return rules
}

// TestAlertRulesWellFormed checks what Grafana checks when it provisions the file: unique
// uids, a condition that names one of the rule's refIds, queries on the provisioned
// ClickHouse data source with a time range, and expressions over refIds that exist.
func TestAlertRulesWellFormed(t *testing.T) {
	uids := map[string]bool{}
	for _, r := range provisionedRules(t) {
		if r.UID == "" || uids[r.UID] || len(r.UID) > 40 {
			t.Errorf("rule %q: uid %q is empty, repeated or longer than 40 characters", r.Title, r.UID)
		}
		uids[r.UID] = true
		refs := map[string]bool{}
		for _, q := range r.Data {
			refs[q.RefID] = true
		}
		if !refs[r.Condition] {
			t.Errorf("rule %s: condition %q is not a refId of %v", r.UID, r.Condition, refs)
		}
		for _, q := range r.Data {
			switch q.DatasourceUID {
			case dashboards.DatasourceUID:
				if q.RelativeTimeRange == nil || q.RelativeTimeRange.From <= 0 || q.Model["rawSql"] == "" {
					t.Errorf("rule %s query %s has no time range or SQL", r.UID, q.RefID)
				}
			case dashboards.ExprDatasourceUID:
				if e, _ := q.Model["expression"].(string); !refs[e] {
					t.Errorf("rule %s expression %s reads %q, not a refId", r.UID, q.RefID, e)
				}
			default:
				t.Errorf("rule %s query %s uses data source %q", r.UID, q.RefID, q.DatasourceUID)
			}
		}
		if r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
			t.Errorf("rule %s has no severity label or summary", r.UID)
		}
	}
}

// TestAlertRuleQueries evaluates every rule against the simulated data the way Grafana
// would at a few moments: the rule's SQL with its relative time range (macros expanded
// as the plugin does), then its threshold. The burst must fire both brand rules for the
// burst brand only; ordinary traffic fires nothing; the stalled rule fires only when
// nothing arrived.
func TestAlertRuleQueries(t *testing.T) {
	conn := loadedConn(t)
	rules := provisionedRules(t)
	tests := []struct {
		name   string
		at     time.Time
		firing map[string][]string // rule uid → brands (or "" for a rule without labels) firing
	}{
		{"during the burst", burstTo.Add(time.Minute), map[string][]string{
			"lingting-negative-volume": {burstBrand}, "lingting-negative-share": {burstBrand}}},
		{"ordinary traffic", rangeFrom.Add(90 * time.Minute), map[string][]string{}},
		{"nothing arrives", rangeTo.Add(30 * 24 * time.Hour), map[string][]string{"lingting-ingest-stalled": {""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range rules {
				got := evaluate(t, conn, r, tt.at)
				if want := tt.firing[r.UID]; !slices.Equal(got, want) {
					t.Errorf("rule %s fires for %q, want %q", r.UID, got, want)
				}
			}
		})
	}
}

// evaluate runs rule r's query at the moment at and returns the label values (brand,
// or "" for a single unlabelled value) whose value passes the threshold, sorted.
func evaluate(t *testing.T, conn driver.Conn, r dashboards.AlertRule, at time.Time) []string {
	t.Helper()
	var query, threshold dashboards.AlertQuery
	for _, q := range r.Data {
		if q.DatasourceUID == dashboards.DatasourceUID {
			query = q
		} else if q.RefID == r.Condition {
			threshold = q
		}
	}
	q := grafanaQuery{from: at.Add(-time.Duration(query.RelativeTimeRange.From) * time.Second), to: at, interval: time.Minute}
	sql, err := q.expand(query.Model["rawSql"].(string))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, conn, sql)
	ev := threshold.Model["conditions"].([]any)[0].(map[string]any)["evaluator"].(map[string]any)
	op, limit := ev["type"].(string), ev["params"].([]any)[0]
	var firing []string
	for _, row := range res.rows {
		label, value := "", 0.0
		for _, c := range res.cols {
			if s, ok := row[c].(string); ok {
				label = s
			} else {
				value = num(t, row[c])
			}
		}
		lim := num(t, limit)
		if op == "gt" && value > lim || op == "lt" && value < lim {
			firing = append(firing, label)
		}
	}
	slices.Sort(firing)
	if len(firing) == 0 {
		return nil
	}
	return firing
}
