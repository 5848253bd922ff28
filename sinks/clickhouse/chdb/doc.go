// Package chdb is Lingting's binding to the embedded ClickHouse engine, chDB, loaded at
// run time from libchdb.so with purego (dlopen, no cgo). It is the only package of the
// module that imports purego or touches libchdb.
//
// One Engine owns one chDB connection to one data directory. The library allows a single
// storage path per process, so Open refuses a second Engine while one is open
// (ErrAlreadyOpen). The connection runs one statement at a time: Engine serialises its
// methods, which are safe for concurrent use; a streaming query or insert holds the
// connection until it ends.
//
// Results come back as bytes in any ClickHouse output format (Query), or streamed chunk by
// chunk into an io.Writer (QueryTo), so a large result is never held whole in memory.
// Inserts stream their data (any input format, including binary Native and RowBinary)
// through chDB's streaming-insert calls (Insert); binary data is never sent inline in the
// query text, where the engine would cut it at the first "\n\n".
//
// Engine errors are returned as *Error, carrying the ClickHouse error code parsed from the
// engine's "Code: N. DB::Exception: ..." text.
//
// Signals: chDB is told not to install signal handlers, and the signal actions the
// process had set (Go's handlers) and the thread's signal mask are saved before the
// library is loaded and connected and restored afterwards, so Go's panics on nil
// dereference, goroutine preemption and os/signal keep working.
package chdb
