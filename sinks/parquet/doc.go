// Package parquet exports a ClickHouse table (or view) to an Apache Parquet file or an
// Arrow IPC file, for data scientists: `lingting export` wires it.
//
// The Exporter reads through a clickhouse-go/v2 driver.Conn, so the same code exports
// from the embedded engine (over its ClickHouse HTTP interface) and from a ClickHouse
// server or cluster (HTTP or native protocol). Rows stream: the Exporter scans the query
// result row by row into Arrow builders and hands a record batch of Config.BatchRows rows
// to the file writer as soon as it is full, so memory is bounded by one batch plus, for
// Parquet, one encoded row group (Config.RowGroupRows rows), whatever the table's size.
//
// Types keep their meaning: DateTime64(p) becomes timestamp[ms|us|ns, UTC] by precision
// (DateTime: timestamp[s, UTC]; Parquet has no seconds unit, so Parquet readers see
// timestamp[ms, UTC]), Date date32, Array(String) and
// Array(LowCardinality(String)) list<utf8>, arrays of integers and floats list<number>,
// LowCardinality(String) plain utf8 (Parquet
// dictionary-encodes every column chunk anyway, and a plain string column keeps the Arrow
// IPC file free of dictionary replacements between batches), Bool bool, integers and
// floats their own width, and Nullable(T) a nullable field. Columns of other types
// (AggregateFunction states, Map, Tuple …) are refused with ErrUnsupportedType: export
// the merged view of a rollup instead of its state table.
//
// The Parquet writer is github.com/apache/arrow-go/v18, the maintained continuation of
// Apache Arrow's Go module: github.com/apache/arrow/go/v15 writes list<string> columns
// about 2,400 times slower (a bug fixed upstream in v17).
package parquet
