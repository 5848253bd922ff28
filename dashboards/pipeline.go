package dashboards

// The Prometheus data source of the pipeline health dashboard.
const (
	// PrometheusType is Grafana's built-in Prometheus data source plugin id.
	PrometheusType = "prometheus"
	// PrometheusUID is the uid of the provisioned Prometheus data source (the compose
	// file's and the Kubernetes manifests' Prometheus).
	PrometheusUID = "lingting-prometheus"
	// PrometheusName is its display name.
	PrometheusName = "Lingting Prometheus"
	promVar        = "${prometheus}"
)

// PipelineUID is the uid of the pipeline health dashboard.
const PipelineUID = "lingting-pipeline"

// Pipeline returns the "Lingting — Pipeline health" dashboard: throughput of each stage,
// consumer lag, errors and dead letters, and batch latencies, from the lingting_* metrics
// every stage exports on /metrics. Every call returns a new value.
func Pipeline() Dashboard {
	return standard(Dashboard{
		UID:   PipelineUID,
		Title: "Lingting — Pipeline health",
		Description: "Operators' view of the stages: collected, enriched and stored mentions per second, Kafka consumer lag, " +
			"errors and dead letters, batch latencies and checkpoint age. Data: Prometheus scraping the stages' /metrics.",
		Tags:       []string{"lingting", "operations"},
		Refresh:    "30s",
		Time:       TimeRange{From: "now-3h", To: "now"},
		Templating: Templating{List: []Variable{prometheusVariable()}},
		Panels: []Panel{
			promPanel("Collected mentions /s", "Mentions the collectors published to the bus, per source.", "ops",
				promQ("sum by (source) (rate(lingting_ingest_mentions_published_total[$__rate_interval]))", "{{source}}")),
			promPanel("Enriched and stored /s", "Mentions enriched, and rows written to ClickHouse per table.", "ops",
				promQ("sum(rate(lingting_enrich_mentions_enriched_total[$__rate_interval]))", "enriched"),
				promQ("sum by (table) (rate(lingting_clickhouse_rows_written_total[$__rate_interval]))", "stored {{table}}")),
			promPanel("Consumer lag", "Messages not yet consumed, per topic and consumer group (Kafka bus). Growing lag means a stage needs more consumers or partitions.", "short",
				promQ("sum by (topic, group) (lingting_bus_consumer_lag)", "{{topic}} / {{group}}")),
			promPanel("Errors and dead letters /s", "Everything that went wrong: failed fetches, dead letters, rejected enrichments and bus messages, failed and retried inserts.", "ops",
				promQ(`sum by (source) (rate(lingting_ingest_fetches_total{outcome=~"error|permanent"}[$__rate_interval]))`, "fetch errors {{source}}"),
				promQ("sum by (source) (rate(lingting_ingest_dead_letters_total[$__rate_interval]))", "dead letters {{source}}"),
				promQ("sum(rate(lingting_enrich_rejected_total[$__rate_interval]))", "enrich rejected"),
				promQ("sum by (topic) (rate(lingting_bus_rejected_messages_total[$__rate_interval]))", "bus rejected {{topic}}"),
				promQ("sum by (table) (rate(lingting_clickhouse_insert_errors_total[$__rate_interval]))", "insert errors {{table}}"),
				promQ("sum by (table) (rate(lingting_clickhouse_retries_total[$__rate_interval]))", "insert retries {{table}}")),
			promPanel("Batch latency p95", "95th percentile of a bus handler's batch, of enrichment per mention, and of a ClickHouse insert.", "s",
				promQ("histogram_quantile(0.95, sum by (le, topic) (rate(lingting_bus_handler_duration_seconds_bucket[$__rate_interval])))", "handler {{topic}}"),
				promQ("histogram_quantile(0.95, sum by (le) (rate(lingting_enrich_duration_seconds_bucket[$__rate_interval])))", "enrich"),
				promQ("histogram_quantile(0.95, sum by (le, table) (rate(lingting_clickhouse_insert_duration_seconds_bucket[$__rate_interval])))", "insert {{table}}")),
			promPanel("Checkpoint age", "Seconds since each collector last saved its checkpoint: a collector that stopped advancing shows a rising line.", "s",
				promQ("time() - max by (source) (lingting_ingest_checkpoint_saved_timestamp_seconds)", "{{source}}")),
			promPanel("Embedded ClickHouse queries /s", "Statements the embedded engine's HTTP interface answered, by kind and outcome (embedded mode only).", "ops",
				promQ("sum by (kind, outcome) (rate(lingting_chhttp_queries_total[$__rate_interval]))", "{{kind}} {{outcome}}")),
			promPanel("Bus redeliveries /s", "Messages delivered again after a handler error or a restart: at-least-once at work.", "ops",
				promQ("sum by (topic) (rate(lingting_bus_redelivered_messages_total[$__rate_interval]))", "{{topic}}")),
		},
	})
}

func prometheusVariable() Variable {
	return Variable{
		Name:        "prometheus",
		Label:       "Prometheus",
		Description: "The Prometheus that scrapes the lingting stages",
		Type:        "datasource",
		Query:       PrometheusType,
		Refresh:     1,
		Current:     Current{Text: PrometheusName, Value: PrometheusUID},
		Options:     []Option{},
	}
}

func promDS() *DataSourceRef { return &DataSourceRef{Type: PrometheusType, UID: promVar} }

// promQ is a PromQL target; promPanel numbers the refIds.
func promQ(expr, legend string) Target {
	return Target{Datasource: *promDS(), Expr: expr, LegendFormat: legend}
}

// promPanel is a 12×8 time series panel of PromQL targets.
func promPanel(title, description, unit string, targets ...Target) Panel {
	for i := range targets {
		targets[i].RefID = string(rune('A' + i))
	}
	return Panel{
		Type:        "timeseries",
		Title:       title,
		Description: description,
		Datasource:  promDS(),
		GridPos:     GridPos{W: 12, H: 8},
		Targets:     targets,
		FieldConfig: FieldConfig{
			Defaults: FieldDefaults{Unit: unit, Color: map[string]any{"mode": "palette-classic"},
				Custom: timeSeriesCustom("line", false)},
			Overrides: []Override{},
		},
		Options: timeSeriesOptions(),
	}
}
