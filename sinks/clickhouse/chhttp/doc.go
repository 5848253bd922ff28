// Package chhttp serves an embedded chDB engine (package chdb) over enough of
// ClickHouse's HTTP interface for clickhouse-go/v2 (Protocol: clickhouse.HTTP), curl and
// Grafana's ClickHouse data source.
//
// Supported: GET and POST on "/" with the query in the "query" URL parameter, in the
// body, or begun in the URL and continued in the body; INSERT data streamed from the
// body in any input format (Native, RowBinary, JSONEachRow, CSV, ...); results streamed
// in "default_format" (TabSeparated unless given; a FORMAT clause wins); "database";
// "param_<name>" query parameters for {name:Type} placeholders; gzip request bodies
// (Content-Encoding: gzip or deflate) and gzip responses (Accept-Encoding: gzip with
// enable_http_compression=1); "/ping". Every other URL parameter is a ClickHouse setting
// applied to that statement only (set before it and restored after it on the engine's
// connection); readonly (1 or 2, and 2 for every GET request, as in ClickHouse) admits
// only read-only statements. Errors answer HTTP 500 with X-ClickHouse-Exception-Code and the body
// "Code: N. DB::Exception: ...", as ClickHouse does; an error after the result began
// streaming is appended in-band after "__exception__".
//
// clickhouse-go/v2 opens each connection with "SELECT displayName(), version(),
// revision(), timezone()" and decodes the answer at its own protocol revision, then
// uses the revision the server reported for every later block. chDB writes Native in the
// revision-0 layout, so the handler answers that query itself, encoded at the client's
// revision and reporting revision 0.
//
// Not supported: sessions (session_id is ignored; as in ClickHouse without a session, SET
// and USE statements have no lasting effect: they are answered without running, so they
// cannot leak into later requests on the engine's one connection; pass settings as URL
// parameters instead), ClickHouse block compression (compress=1 or
// decompress=1, which clickhouse-go sends for lz4 and zstd: use gzip or none), external
// tables, and progress headers.
//
// Authentication: user and password (URL parameters, basic auth or X-ClickHouse-User and
// X-ClickHouse-Key) are accepted and ignored. The embedded server is meant for local use:
// bind it to a loopback address and put a proxy with authentication in front of it
// before exposing it further.
package chhttp
