// Package replay is an ingest.Source that reads raw envelopes back from files: JSON lines
// of event.Raw as event.Encode writes them, plain or gzip-compressed (".gz"). It serves
// backfills, reprocessing after a parser fix, and tests that need real traffic.
//
// The cursor is "<file index>:<byte offset>" (offset into the decompressed stream), so a
// Runner that restarts resumes after the last acknowledged line. A line that is not a
// valid envelope becomes a dead letter in Batch.Bad; reading goes on with the next line.
package replay
