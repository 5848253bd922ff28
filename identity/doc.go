// Package identity resolves the same person across channels: it turns account
// observations (the authors of enriched mentions) into match edges by configurable rules,
// clusters accounts into persons with a conflict-aware union–find whose person ids stay
// stable as clusters grow, lets an operator split wrong merges and pin accounts apart,
// explains every person by its edges and evidence, persists all of it in ClickHouse and
// rebuilds from there on start-up, and computes per-person profiles with SCRM segments.
//
// The rules, their evidence and the defaults are described in docs/identity.md. The
// package imports no other stage: it reads event.Mention from the bus and writes
// ClickHouse through clickhouse-go's driver.Conn.
package identity
