package dashboards

import "strings"

// AlertsUID is the uid of the alerts dashboard.
const AlertsUID = "lingting-alerts"

// alertsFilter selects the alerts of the time range about the selected brands and
// channels; alerts without a brand (compliance) or for all channels always pass.
const alertsFilter = "$__timeFilter(starts_at) AND (brand IN (${brand:singlequote}) OR brand = '') " +
	"AND (channel IN (${platform:singlequote}) OR channel = '')"

// Alerts returns the "Lingting — Alerts" dashboard: the alerts the alert stage raised
// (lingting.alerts, migration 0007, read with FINAL: the newest version of each alert),
// as counts, a timeline by rule and a table with their evidence. Every call returns a new
// value.
func Alerts() Dashboard {
	return standard(Dashboard{
		UID:   AlertsUID,
		Title: "Lingting — Alerts",
		Description: "Alerts raised by the alert stage for the selected brands and channels, with the evidence " +
			"that triggered them (top negative mentions, terms). Data: ClickHouse table lingting.alerts.",
		Tags:       []string{"lingting", "social-listening", "alerts"},
		Refresh:    "1m",
		Time:       TimeRange{From: "now-7d", To: "now"},
		Templating: Templating{List: []Variable{datasourceVariable(), brandVariable(), platformVariable()}},
		Panels: []Panel{
			alertsRaisedStat(), alertsFiringStat(), alertsByRule(), alertTimeline(),
		},
	})
}

// alertSQL is sql with the {alerts} placeholder replaced by alertsFilter.
func alertSQL(lines ...string) string {
	return strings.ReplaceAll(sql(lines...), "{alerts}", alertsFilter)
}

func alertsRaisedStat() Panel {
	p := statPanel("Alerts raised",
		"Alerts that started in the time range (each alert once, whatever its escalations).",
		"short", alertSQL(
			"SELECT count() AS alerts",
			"FROM lingting.alerts FINAL",
			"WHERE {alerts}"))
	p.GridPos.W = 12
	return p
}

func alertsFiringStat() Panel {
	p := statPanel("Alerts still firing",
		"Alerts of the time range not resolved yet. Red from one.",
		"short", alertSQL(
			"SELECT countIf(status = 'firing') AS firing",
			"FROM lingting.alerts FINAL",
			"WHERE {alerts}"))
	p.GridPos.W = 12
	p.FieldConfig.Defaults.Thresholds = thresholds("green", Step{Color: "red", Value: ptr(1.0)})
	return p
}

func alertsByRule() Panel {
	p := panel("timeseries", "Alerts by rule",
		"Alerts started per time bucket, stacked by rule (negative_volume, negative_share, high_reach, pile_on, compliance).",
		24, 8, FormatTimeSeries, alertSQL(
			"SELECT $__timeInterval(starts_at) AS time, rule, count() AS alerts",
			"FROM lingting.alerts FINAL",
			"WHERE {alerts}",
			"GROUP BY time, rule",
			"ORDER BY time, rule"))
	p.FieldConfig.Defaults = FieldDefaults{
		DisplayName: "${__field.labels.rule}",
		Unit:        "short",
		Color:       map[string]any{"mode": "palette-classic"},
		Custom:      timeSeriesCustom("bars", true),
	}
	p.Options = timeSeriesOptions()
	return p
}

func alertTimeline() Panel {
	p := panel("table", "Alert timeline",
		"Every alert of the time range, newest first: rule, brand, channel, severity, state, the summary, the first evidence mention "+
			"(link) and the top terms of its negative mentions. The full evidence is in lingting.alerts.evidence (JSON).",
		24, 12, FormatTable, alertSQL(
			"SELECT starts_at AS time, if(status = 'resolved', ends_at, NULL) AS resolved_at,",
			"       rule, brand, channel, severity, status, summary,",
			"       if(empty(mention_urls), '', mention_urls[1]) AS evidence,",
			"       arrayStringConcat(arraySlice(top_terms, 1, 5), ', ') AS terms",
			"FROM lingting.alerts FINAL",
			"WHERE {alerts}",
			"ORDER BY time DESC",
			"LIMIT 200"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{
		fieldOverride("severity", Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-text"}},
			Property{ID: "mappings", Value: []map[string]any{{"type": "value", "options": map[string]any{
				"critical": map[string]any{"color": "red"}, "warning": map[string]any{"color": "orange"}}}}}),
		fieldOverride("status", Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-text"}},
			Property{ID: "mappings", Value: []map[string]any{{"type": "value", "options": map[string]any{
				"firing": map[string]any{"color": "red"}, "resolved": map[string]any{"color": "green"}}}}}),
		fieldOverride("evidence", Property{ID: "links", Value: []Link{{Title: "Open the evidence post", URL: "${__value.raw}", TargetBlank: true}}}),
		fieldOverride("summary", Property{ID: "custom.width", Value: 420}, Property{ID: "custom.inspect", Value: true}),
	}
	p.Options = tableOptions("time", true)
	return p
}
