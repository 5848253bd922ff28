package clickhouse_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

var update = flag.Bool("update", false, "rewrite docs/schema.md from the migrated engine")

// schemaDoc is where the data scientists' schema reference lives.
const schemaDoc = "../../docs/schema.md"

// TestSchemaDocIsCurrent renders the schema reference from the real, migrated engine
// (table and column comments included) and compares it with docs/schema.md, so the
// document cannot drift from the migrations. `go test ./sinks/clickhouse -run SchemaDoc
// -update` rewrites it.
func TestSchemaDocIsCurrent(t *testing.T) {
	conn := chtest.Migrated(t)
	ctx := context.Background()
	var b bytes.Buffer
	b.WriteString(`# The lingting schema

Generated from the migrated engine by ` + "`go test ./sinks/clickhouse -run SchemaDoc -update`" + `;
do not edit by hand. The SQL is in ` + "`sinks/clickhouse/migrations/`" + ` and is the same in the
embedded and the distributed mode.

Tables whose engine is ReplacingMergeTree may hold a record more than once until a merge:
read them with ` + "`FINAL`" + ` (or ` + "`argMax`" + ` by the version column) for exact answers.
`)
	rows, err := conn.Query(ctx, `SELECT name, engine, comment FROM system.tables
		WHERE database = 'lingting' AND name != 'schema_migrations' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	type table struct{ name, engine, comment string }
	var tables []table
	for rows.Next() {
		var tb table
		if err := rows.Scan(&tb.name, &tb.engine, &tb.comment); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, tb)
	}
	rows.Close()
	for _, tb := range tables {
		fmt.Fprintf(&b, "\n## lingting.%s\n\n%s (%s)\n", tb.name, orDash(tb.comment), tb.engine)
		if tb.engine == "MaterializedView" {
			continue
		}
		b.WriteString("\n| column | type | meaning |\n|---|---|---|\n")
		cols, err := conn.Query(ctx, `SELECT name, type, comment FROM system.columns
			WHERE database = 'lingting' AND table = ? ORDER BY position`, tb.name)
		if err != nil {
			t.Fatal(err)
		}
		for cols.Next() {
			var name, typ, comment string
			if err := cols.Scan(&name, &typ, &comment); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", name, typ, strings.ReplaceAll(orDash(comment), "|", `\|`))
		}
		cols.Close()
	}
	if *update {
		if err := os.WriteFile(schemaDoc, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaDoc)
	if err != nil {
		t.Fatalf("reading %s (run with -update to create it): %v", schemaDoc, err)
	}
	if !bytes.Equal(want, b.Bytes()) {
		t.Errorf("%s is out of date with the migrations: run go test ./sinks/clickhouse -run SchemaDoc -update", schemaDoc)
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
