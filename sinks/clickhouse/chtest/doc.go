// Package chtest gives tests a real ClickHouse: the embedded engine (chdb), served over
// ClickHouse's HTTP interface (chhttp) to a clickhouse-go/v2 connection, with the lingting
// schema migrated. It is for tests only; any package's tests may use it.
//
// The engine allows one open data directory per process, so all tests of one test binary
// share one engine in a temporary directory, opened on first use. Tests must therefore use
// their own ids (or their own tables) and must not expect an empty database. A package
// using chtest should have
//
//	func TestMain(m *testing.M) { chtest.Main(m) }
//
// so the engine is closed and its directory removed when the tests end (or, with goleak,
// goleak.VerifyTestMain(chtest.Wrap(m))).
package chtest
