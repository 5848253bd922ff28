package dashboards

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Grafana-managed alert rules on the ClickHouse rollups, for teams that prefer Grafana
// alerting to the alert stage (sinks/alert). They are provisioned from
// provisioning/alerting/lingting.yaml (Grafana 10 and 11 file provisioning, apiVersion 1).
// Each rule runs one SQL query of the ClickHouse data source over its relative time range,
// returning one row per brand (a string column and a number: Grafana turns each row into
// an alert instance labelled with the brand), and a threshold expression on it.

// AlertingYAMLPath is the generated alert rule provisioning file.
const AlertingYAMLPath = "provisioning/alerting/lingting.yaml"

// AlertGroup is one evaluation group of alert rules.
type AlertGroup struct {
	OrgID    int         `yaml:"orgId"`
	Name     string      `yaml:"name"`
	Folder   string      `yaml:"folder"`
	Interval string      `yaml:"interval"`
	Rules    []AlertRule `yaml:"rules"`
}

// AlertRule is one Grafana-managed alert rule.
type AlertRule struct {
	UID          string            `yaml:"uid"`
	Title        string            `yaml:"title"`
	Condition    string            `yaml:"condition"` // refId of the expression that decides
	Data         []AlertQuery      `yaml:"data"`
	NoDataState  string            `yaml:"noDataState"`  // OK, NoData or Alerting
	ExecErrState string            `yaml:"execErrState"` // Error, OK or Alerting
	For          string            `yaml:"for"`
	Annotations  map[string]string `yaml:"annotations"`
	Labels       map[string]string `yaml:"labels"`
	IsPaused     bool              `yaml:"isPaused"`
}

// AlertQuery is a query or an expression of a rule.
type AlertQuery struct {
	RefID             string         `yaml:"refId"`
	RelativeTimeRange *RelativeRange `yaml:"relativeTimeRange,omitempty"`
	DatasourceUID     string         `yaml:"datasourceUid"` // "__expr__" for expressions
	Model             map[string]any `yaml:"model"`
}

// RelativeRange is a rule query's time range in seconds before the evaluation.
type RelativeRange struct {
	From int `yaml:"from"`
	To   int `yaml:"to"`
}

// ExprDatasourceUID is the uid Grafana gives its server-side expressions.
const ExprDatasourceUID = "__expr__"

// AlertGroups returns Lingting's Grafana alert rules.
func AlertGroups() []AlertGroup {
	return []AlertGroup{{
		OrgID: 1, Name: "lingting-brands", Folder: "Lingting", Interval: "1m",
		Rules: []AlertRule{negativeVolumeRule(), negativeShareRule(), ingestStalledRule()},
	}}
}

// Thresholds of the provisioned rules; teams tune them in Grafana or here.
const (
	NegativeVolumeThreshold = 30  // negative mentions of a brand in 10 minutes
	NegativeShareThreshold  = 0.5 // share of negative mentions of a brand in 30 minutes …
	NegativeShareMinVolume  = 20  // … counted only from this many labelled mentions on
)

// NegativeVolumeSQL counts each brand's distinct negative mentions in the rule's range.
const NegativeVolumeSQL = `SELECT brand, uniqExactMerge(mentions) AS negative
FROM lingting.mentions_per_minute
WHERE $__timeFilter(minute) AND brand != '' AND sentiment_label = 'negative'
GROUP BY brand`

// NegativeShareSQL is each brand's share of negative mentions in the rule's range,
// for brands with at least NegativeShareMinVolume labelled mentions.
var NegativeShareSQL = fmt.Sprintf(`SELECT brand, negative / total AS negative_share
FROM (
  SELECT brand, uniqExactMerge(mentions) AS total,
         uniqExactMergeIf(mentions, sentiment_label = 'negative') AS negative
  FROM lingting.mentions_per_minute
  WHERE $__timeFilter(minute) AND brand != '' AND sentiment_label != ''
  GROUP BY brand
  HAVING total >= %d
)`, NegativeShareMinVolume)

// IngestStalledSQL counts the mentions stored in the rule's range, all brands together.
const IngestStalledSQL = `SELECT uniqExactMerge(mentions) AS mentions
FROM lingting.mentions_per_minute
WHERE $__timeFilter(minute)`

func negativeVolumeRule() AlertRule {
	return rule("lingting-negative-volume", "Negative mention spike", NegativeVolumeSQL, 600, "gt", NegativeVolumeThreshold, "2m",
		map[string]string{
			"summary":     "{{ $labels.brand }}: {{ $values.A }} negative mentions in 10 minutes",
			"description": fmt.Sprintf("More than %d distinct negative mentions of the brand in the last 10 minutes. Open the brand overview for the posts.", NegativeVolumeThreshold),
		}, "warning", "pr-oncall")
}

func negativeShareRule() AlertRule {
	return rule("lingting-negative-share", "Negative share spike", NegativeShareSQL, 1800, "gt", NegativeShareThreshold, "5m",
		map[string]string{
			"summary": "{{ $labels.brand }}: {{ humanizePercentage $values.A.Value }} of mentions negative in 30 minutes",
			"description": fmt.Sprintf("More than %.0f%% of the brand's labelled mentions in the last 30 minutes are negative (brands with at least %d mentions).",
				NegativeShareThreshold*100, NegativeShareMinVolume),
		}, "warning", "pr-oncall")
}

func ingestStalledRule() AlertRule {
	r := rule("lingting-ingest-stalled", "No mentions stored", IngestStalledSQL, 900, "lt", 1, "5m",
		map[string]string{
			"summary":     "No mentions reached ClickHouse in 15 minutes",
			"description": "The rollup saw no new mention for 15 minutes: check the collectors, the bus and the sink (Pipeline health dashboard).",
		}, "critical", "operations")
	return r
}

// rule builds a rule of a ClickHouse query A and a threshold expression C on it.
func rule(uid, title, sql string, rangeSeconds int, op string, threshold float64, pending string,
	annotations map[string]string, severity, team string) AlertRule {
	// No __dashboardUid__ link: Grafana requires __panelId__ with it, and a rule reads
	// no single panel. The descriptions name the dashboard instead.
	return AlertRule{
		UID: uid, Title: title, Condition: "C",
		Data: []AlertQuery{
			{
				RefID: "A", RelativeTimeRange: &RelativeRange{From: rangeSeconds}, DatasourceUID: DatasourceUID,
				Model: map[string]any{
					"refId":         "A",
					"datasource":    map[string]any{"type": PluginType, "uid": DatasourceUID},
					"editorType":    "sql",
					"queryType":     "table",
					"format":        int(FormatTable),
					"rawSql":        sql,
					"pluginVersion": PluginVersion,
				},
			},
			{
				RefID: "C", DatasourceUID: ExprDatasourceUID,
				Model: map[string]any{
					"refId":      "C",
					"type":       "threshold",
					"expression": "A",
					"datasource": map[string]any{"type": "__expr__", "uid": ExprDatasourceUID},
					"conditions": []map[string]any{{"evaluator": map[string]any{"type": op, "params": []float64{threshold}}}},
				},
			},
		},
		NoDataState: "OK", ExecErrState: "Error", For: pending,
		Annotations: annotations,
		Labels:      map[string]string{"severity": severity, "team": team, "source": "lingting-grafana"},
	}
}

// alertingYAML renders the alert rule provisioning file.
func alertingYAML() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Generated by github.com/lingting/lingting/dashboards (go test ./dashboards -run TestGolden -update): do not edit.\n" +
		"#\n# Grafana-managed alert rules on Lingting's ClickHouse rollups. Copy to\n" +
		"# /etc/grafana/provisioning/alerting/ beside the data source provisioning.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	doc := struct {
		APIVersion int          `yaml:"apiVersion"`
		Groups     []AlertGroup `yaml:"groups"`
	}{1, AlertGroups()}
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("rendering alert rules: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("rendering alert rules: %w", err)
	}
	return buf.Bytes(), nil
}
