// Package dashboards holds Lingting's Grafana dashboards and alert rules as code: a small
// model of Grafana's dashboard JSON (schemaVersion 39, Grafana 10 and 11), the dashboards
// themselves (BrandOverview, Authors, Topics, Customers, WeCom, Alerts, Pipeline), Grafana-managed alert rules on the
// ClickHouse rollups (AlertGroups), and the provisioning files for Grafana: the ClickHouse
// data source pointing at the embedded engine's HTTP endpoint, the Prometheus data source
// of the pipeline health dashboard, a file provider for the dashboards and the alert
// rules.
//
// Panels query ClickHouse through the official plugin grafana-clickhouse-datasource (v4
// SQL-editor targets) and use its macros $__timeFilter(col) and $__timeInterval(col), and
// Grafana's multi-value variable format ${var:singlequote}. The SQL reads the schema of
// sinks/clickhouse/migrations: counts come from the rollups (mentions_per_minute,
// authors_per_hour and hashtags_per_hour through uniqCombined64(15) sketches, exact to 1,024 and
// within about 1% above; aspects_per_hour and topics through uniqExact states; all
// replay-safe), alert rules from the exact states, lists from lingting.mentions (FINAL,
// or deduplicated by id after narrowing to candidates), alerts and profiles from their
// tables FINAL, and WeCom service panels from the WeCom slice of mentions (the sort key
// starts with platform).
//
// The generated files are committed: json/<uid>.json, provisioning/datasources/lingting.yaml,
// provisioning/dashboards/lingting.yaml and provisioning/alerting/lingting.yaml. A golden test fails when they differ from
// what the code generates; regenerate them with
//
//	go generate ./dashboards
//
// which runs `go test -run TestGolden -update` in this directory. The package's tests also
// run every panel's query, with the plugin's macros expanded and the variables
// substituted as Grafana does, against the embedded ClickHouse engine loaded with
// simulated mentions, and check the results; they evaluate every alert rule's query and
// threshold the same way; and they check every PromQL query of the pipeline dashboard
// against the metrics the module's metrics.go files define (and, where promtool is
// installed, have promtool parse it).
//
// The package imports nothing of the module (only gopkg.in/yaml.v3); only its tests do.
package dashboards

//go:generate go test -run TestGolden -update .
