// Package cluster generates the ClickHouse cluster schema from the same migrations as the
// single-node schema (sinks/clickhouse/migrations): every table becomes a replicated
// local table (<name>_local, Replicated*MergeTree under a Keeper path per shard) and a
// Distributed table under the original name, so every query, dashboard and alert rule
// reads the same names on one node and on a cluster.
//
// Sharding key: cityHash64 of the table's ORDER BY key. The ORDER BY key of Lingting's
// ReplacingMergeTree tables is their deduplication key (mentions: platform and the
// deterministic id), and replacing merges only happen inside one shard, so every copy of
// a record (a replay, a re-enrichment) must land on the shard that holds the first: a
// hash of that key guarantees it, spreads rows evenly (ids are hashes of platform ids),
// and lets FINAL stay correct shard by shard (distributed_group_by_no_merge is not
// needed). Rollups are written on each shard by materialised views on the local mentions
// table, so their states for one key are spread over shards; reads through the
// Distributed table merge the states exactly (uniqExactMerge, avgMerge).
//
// The generated file is deploy/cluster/cluster.sql; a golden test fails when it differs
// from what the migrations generate. Regenerate it with
//
//	go generate ./deploy/cluster
//
// Apply it with clickhouse-client --multiquery on any node of the cluster named in
// <remote_servers> as {cluster} (macros {cluster}, {shard} and {replica} set on every
// node).
package cluster

//go:generate go test -run TestGolden -update .
