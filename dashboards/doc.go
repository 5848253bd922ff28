// Package dashboards holds Lingting's Grafana dashboards as code: a small model of
// Grafana's dashboard JSON (schemaVersion 39, Grafana 10 and 11), the dashboards
// themselves (BrandOverview), and the provisioning files for Grafana: the ClickHouse data
// source pointing at the embedded engine's HTTP endpoint and a file provider for the
// dashboards.
//
// Panels query ClickHouse through the official plugin grafana-clickhouse-datasource (v4
// SQL-editor targets) and use its macros $__timeFilter(col) and $__timeInterval(col), and
// Grafana's multi-value variable format ${var:singlequote}. The SQL reads the schema of
// sinks/clickhouse/migrations: counts come from the rollup lingting.mentions_per_minute
// (uniqExact states, replay-safe), lists from lingting.mentions FINAL.
//
// The generated files are committed: json/<uid>.json, provisioning/datasources/lingting.yaml
// and provisioning/dashboards/lingting.yaml. A golden test fails when they differ from
// what the code generates; regenerate them with
//
//	go generate ./dashboards
//
// which runs `go test -run TestGolden -update` in this directory. The package's tests also
// run every panel's query, with the plugin's macros expanded and the variables
// substituted as Grafana does, against the embedded ClickHouse engine loaded with
// simulated mentions, and check the results.
//
// The package imports nothing of the module; only its tests do.
package dashboards

//go:generate go test -run TestGolden -update .
