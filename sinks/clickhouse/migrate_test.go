package clickhouse_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"empty", "", nil},
		{"one without semicolon", "SELECT 1\n", []string{"SELECT 1"}},
		{"two", "SELECT 1;\nSELECT 2;\n", []string{"SELECT 1", "SELECT 2"}},
		{"multi-line", "CREATE TABLE t\n(\n  a UInt8\n)\nENGINE = Memory;\n",
			[]string{"CREATE TABLE t\n(\n  a UInt8\n)\nENGINE = Memory"}},
		{"semicolon mid-line does not split", "SELECT 'a;b', 1 ; \nSELECT 2",
			[]string{"SELECT 'a;b', 1", "SELECT 2"}},
		{"comment lines dropped, even ending in ;", "-- intro;\nSELECT 1;\n  -- x;\nSELECT 2;",
			[]string{"SELECT 1", "SELECT 2"}},
		{"a trailing comment keeps the statement open", "SELECT 1; -- one\nSELECT 2;",
			[]string{"SELECT 1; -- one\nSELECT 2"}},
		{"blank statements skipped", ";\n\n;\nSELECT 1;\n;", []string{"SELECT 1"}},
		{"crlf", "SELECT 1;\r\nSELECT 2;\r\n", []string{"SELECT 1", "SELECT 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clickhouse.SplitStatements(tt.sql); !slices.Equal(got, tt.want) {
				t.Errorf("SplitStatements(%q) = %q, want %q", tt.sql, got, tt.want)
			}
		})
	}
}

func TestMigrationsAreNumberedFromOne(t *testing.T) {
	ms, err := clickhouse.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration #%d (%s) has version %d, want %d", i, m.Name, m.Version, i+1)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Conn(t)
	// Other tests of this binary may have migrated already: start from nothing.
	if err := conn.Exec(ctx, "DROP DATABASE IF EXISTS lingting SYNC"); err != nil {
		t.Fatal(err)
	}
	ms, err := clickhouse.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var all []int
	for _, m := range ms {
		all = append(all, m.Version)
	}

	applied, err := clickhouse.Migrate(ctx, conn, nil)
	if err != nil {
		t.Fatalf("first Migrate: %v", err)
	}
	if !slices.Equal(applied, all) {
		t.Errorf("first Migrate applied %v, want %v", applied, all)
	}
	again, err := clickhouse.Migrate(ctx, conn, nil)
	if err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if len(again) != 0 {
		t.Errorf("second Migrate applied %v, want nothing", again)
	}
	n := queryUint64(t, conn, "SELECT count() FROM lingting.schema_migrations FINAL")
	if int(n) != len(all) {
		t.Errorf("schema_migrations holds %d rows, want %d", n, len(all))
	}
}

func TestSchemaHasExpectedColumns(t *testing.T) {
	conn := chtest.Migrated(t)
	want := map[string]map[string]string{
		"mentions": {
			"id": "String", "platform": "LowCardinality(String)", "kind": "LowCardinality(String)",
			"created_at": "DateTime64(3, 'UTC')", "text": "String", "author_id": "String",
			"author_followers": "UInt64", "author_verified": "Bool", "person_id": "String",
			"sentiment_score": "Float32", "sentiment_label": "LowCardinality(String)",
			"brands": "Array(LowCardinality(String))", "hashtags": "Array(String)",
			"tokens": "Array(String)", "emoji": "Array(String)", "enriched_at": "DateTime64(3, 'UTC')",
			"inserted_at": "DateTime64(3, 'UTC')",
		},
		"accounts": {"id": "String", "nickname": "String", "followers": "UInt64",
			"verified": "Bool", "first_seen": "DateTime64(3, 'UTC')", "last_seen": "DateTime64(3, 'UTC')"},
		"dead_letters": {"id": "String", "stage": "LowCardinality(String)", "reason": "String",
			"payload": "String", "at": "DateTime64(3, 'UTC')"},
		"schema_migrations":          {"version": "UInt32", "name": "String", "applied_at": "DateTime64(3, 'UTC')"},
		"mentions_per_minute":        {"minute": "DateTime('UTC')", "brand": "LowCardinality(String)", "mentions": "AggregateFunction(uniqExact, String)"},
		"mentions_per_minute_merged": {"minute": "DateTime('UTC')", "brand": "LowCardinality(String)", "mentions": "UInt64"},
	}
	for table, cols := range want {
		t.Run(table, func(t *testing.T) {
			got := columns(t, conn, table)
			for name, typ := range cols {
				c, ok := got[name]
				switch {
				case !ok:
					t.Errorf("column %s missing", name)
				case c.typ != typ:
					t.Errorf("column %s has type %s, want %s", name, c.typ, typ)
				case table == "mentions" && c.comment == "":
					t.Errorf("column %s has no COMMENT", name)
				}
			}
		})
	}
}

type columnInfo struct{ typ, comment string }

// columns reads a table's columns from system.columns.
func columns(t *testing.T, conn driver.Conn, table string) map[string]columnInfo {
	t.Helper()
	rows, err := conn.Query(context.Background(),
		"SELECT name, type, comment FROM system.columns WHERE database = 'lingting' AND table = ?", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]columnInfo{}
	for rows.Next() {
		var name string
		var c columnInfo
		if err := rows.Scan(&name, &c.typ, &c.comment); err != nil {
			t.Fatal(err)
		}
		out[name] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("table lingting.%s not found", table)
	}
	return out
}
