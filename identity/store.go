package identity

import (
	"context"
	"fmt"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Store persists a Resolver in ClickHouse (the tables of migration 0006_identity). It is
// safe for concurrent use as far as conn is.
type Store struct {
	conn driver.Conn
}

// NewStore returns a store writing through conn, whose schema must be migrated.
func NewStore(conn driver.Conn) *Store { return &Store{conn: conn} }

// Write inserts a delta: edges, accounts, persons, then the change log. Rows carry their
// version, so writing the same delta twice is harmless. On error some tables may have been
// written; hand the delta back with Resolver.Requeue and write again.
func (s *Store) Write(ctx context.Context, d Delta) error {
	if err := s.insert(ctx, "identity_edges", edgeColumns(d.Edges)); err != nil {
		return err
	}
	if err := s.insert(ctx, "person_accounts", accountColumns(d.Accounts)); err != nil {
		return err
	}
	if err := s.insert(ctx, "persons", personColumns(d.Persons)); err != nil {
		return err
	}
	return s.insert(ctx, "identity_changes", changeColumns(d.Changes))
}

type column struct {
	name, typ string
	values    any
}

func col[T, V any](name, typ string, rows []T, f func(*T) V) column {
	vs := make([]V, len(rows))
	for i := range rows {
		vs[i] = f(&rows[i])
	}
	return column{name, typ, vs}
}

const dt = "DateTime64(3, 'UTC')"

func (s *Store) insert(ctx context.Context, table string, cols []column) error {
	if n := lenOf(cols); n == 0 {
		return nil
	}
	types := make([]ch.ColumnNameAndType, len(cols))
	names := make([]string, len(cols))
	for i, c := range cols {
		types[i] = ch.ColumnNameAndType{Name: c.name, Type: c.typ}
		names[i] = c.name
	}
	ctx = ch.Context(ctx, ch.WithColumnNamesAndTypes(types))
	b, err := s.conn.PrepareBatch(ctx, fmt.Sprintf("INSERT INTO lingting.%s (%s)", table, strings.Join(names, ", ")))
	if err != nil {
		return fmt.Errorf("preparing insert into %s: %w", table, err)
	}
	defer b.Close()
	for i, c := range cols {
		if err := b.Column(i).Append(c.values); err != nil {
			return fmt.Errorf("appending %s.%s: %w", table, c.name, err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("inserting into %s: %w", table, err)
	}
	return nil
}

func lenOf(cols []column) int {
	if len(cols) == 0 {
		return 0
	}
	switch v := cols[0].values.(type) {
	case []string:
		return len(v)
	case []time.Time:
		return len(v)
	}
	return -1
}

func edgeColumns(es []Edge) []column {
	return []column{
		col("a", "String", es, func(e *Edge) string { return e.A }),
		col("b", "String", es, func(e *Edge) string { return e.B }),
		col("rule", "LowCardinality(String)", es, func(e *Edge) string { return string(e.Rule) }),
		col("score", "Float32", es, func(e *Edge) float32 { return float32(e.Score) }),
		col("evidence", "String", es, func(e *Edge) string { return e.Evidence }),
		col("observed_at", dt, es, func(e *Edge) time.Time { return e.At.UTC() }),
		col("state", "LowCardinality(String)", es, func(e *Edge) string { return string(e.State) }),
		col("reason", "String", es, func(e *Edge) string { return e.Reason }),
		col("version", "UInt64", es, func(e *Edge) uint64 { return e.Version }),
	}
}

func accountColumns(as []AccountRow) []column {
	return []column{
		col("account_id", "String", as, func(a *AccountRow) string { return a.AccountID }),
		col("person_id", "String", as, func(a *AccountRow) string { return a.PersonID }),
		col("platform", "LowCardinality(String)", as, func(a *AccountRow) string { return string(a.Platform) }),
		col("nicknames", "Array(String)", as, func(a *AccountRow) []string { return nonNil(a.Nicknames) }),
		col("union_id", "String", as, func(a *AccountRow) string { return a.UnionID }),
		col("pii", "Array(String)", as, func(a *AccountRow) []string { return nonNil(a.PII) }),
		col("hours", "Array(UInt32)", as, func(a *AccountRow) []uint32 { return a.Hours[:] }),
		col("mentions", "UInt64", as, func(a *AccountRow) uint64 { return a.Mentions }),
		col("recent_mentions", "Array(UInt32)", as, func(a *AccountRow) []uint32 { return nonNil(a.Recent) }),
		col("first_seen", dt, as, func(a *AccountRow) time.Time { return a.FirstSeen.UTC() }),
		col("last_seen", dt, as, func(a *AccountRow) time.Time { return a.LastSeen.UTC() }),
		col("version", "UInt64", as, func(a *AccountRow) uint64 { return a.Version }),
	}
}

func personColumns(ps []PersonRow) []column {
	return []column{
		col("person_id", "String", ps, func(p *PersonRow) string { return p.PersonID }),
		col("state", "LowCardinality(String)", ps, func(p *PersonRow) string { return p.State }),
		col("merged_into", "String", ps, func(p *PersonRow) string { return p.MergedInto }),
		col("founder", "String", ps, func(p *PersonRow) string { return p.Founder }),
		col("accounts", "Array(String)", ps, func(p *PersonRow) []string { return nonNil(p.Accounts) }),
		col("platforms", "Array(String)", ps, func(p *PersonRow) []string { return nonNil(p.Platforms) }),
		col("first_seen", dt, ps, func(p *PersonRow) time.Time { return p.FirstSeen.UTC() }),
		col("last_seen", dt, ps, func(p *PersonRow) time.Time { return p.LastSeen.UTC() }),
		col("version", "UInt64", ps, func(p *PersonRow) uint64 { return p.Version }),
	}
}

func changeColumns(cs []Change) []column {
	return []column{
		col("at", dt, cs, func(c *Change) time.Time { return c.At.UTC() }),
		col("change", "LowCardinality(String)", cs, func(c *Change) string { return c.Kind }),
		col("person_id", "String", cs, func(c *Change) string { return c.PersonID }),
		col("other_id", "String", cs, func(c *Change) string { return c.OtherID }),
		col("account_id", "String", cs, func(c *Change) string { return c.AccountID }),
		col("rule", "LowCardinality(String)", cs, func(c *Change) string { return string(c.Rule) }),
		col("detail", "String", cs, func(c *Change) string { return c.Detail }),
		col("version", "UInt64", cs, func(c *Change) uint64 { return c.Version }),
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
