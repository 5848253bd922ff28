// Package clickhouse stores Lingting's records in ClickHouse: the versioned schema
// (database lingting, migrations embedded from migrations/*.sql), and a batch Writer with
// bus handlers for enriched mentions and dead letters.
//
// It speaks to ClickHouse only through clickhouse-go/v2's driver.Conn, so the same code
// and the same SQL serve both modes: HTTP to the embedded engine (sub-packages chdb and
// chhttp) and HTTP or native to a ClickHouse server.
//
// Delivery: every table is keyed by a deterministic id and replacing (read with FINAL);
// every insert carries an insert_deduplication_token derived from its rows, so a replayed
// batch inside the deduplication window is dropped by the server, and one outside it
// collapses on merge. A Writer call returns nil only when the rows are stored, so the bus
// commits only what is in ClickHouse.
//
// The per-minute rollup lingting.mentions_per_minute holds aggregate states; read it
// through the view lingting.mentions_per_minute_merged, or with uniqExactMerge(mentions),
// uniqExactMerge(authors) and avgMerge(sentiment_avg).
package clickhouse
