// Package ingest holds the collector contract and the Runner that drives a collector:
// it fetches raw envelopes from a Source under a rate limit, retries with back-off,
// parses each envelope with its platform's Parser, publishes the mentions (and dead
// letters for what did not parse) to the bus, and advances the Source's checkpoint only
// after the bus acknowledged the batch.
//
// Cursors persist in a Checkpoints store: FileCheckpoints (one atomically replaced file
// per source) for real runs, MemoryCheckpoints for tests and throw-away runs.
//
// Platform collectors live in sub-packages (weibo, douyin, wecom, simulate, replay).
package ingest
