package cluster_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lingting/lingting/deploy/cluster"
	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

func TestMain(m *testing.M) { chtest.Main(m) }

var update = flag.Bool("update", false, "rewrite cluster.sql")

// generated renders the cluster schema from the repository's migrations.
func generated(t *testing.T) []byte {
	t.Helper()
	boot, err := os.ReadFile(filepath.Join("..", "..", "sinks", "clickhouse", "migrations", "bootstrap.sql"))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := clickhouse.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var cms []cluster.Migration
	for _, m := range ms {
		cms = append(cms, cluster.Migration{Version: m.Version, Name: m.Name, Statements: m.Statements})
	}
	b, err := cluster.File(clickhouse.SplitStatements(string(boot)), cms, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGolden compares cluster.sql with the generator's output over the migrations.
func TestGolden(t *testing.T) {
	want := generated(t)
	if *update {
		if err := os.WriteFile(cluster.GoldenPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(cluster.GoldenPath)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the migrations' cluster schema (%v): run go generate ./deploy/cluster", cluster.GoldenPath, err)
	}
}

// TestParses has the real ClickHouse parser (the embedded engine's EXPLAIN AST) parse
// every generated statement: ON CLUSTER and the replicated engines need a Keeper to run,
// not to parse.
func TestParses(t *testing.T) {
	conn := chtest.Conn(t)
	for _, s := range clickhouse.SplitStatements(string(generated(t))) {
		rows, err := conn.Query(context.Background(), "EXPLAIN AST "+s)
		if err != nil {
			t.Errorf("ClickHouse does not parse\n%s\n: %v", s, err)
			continue
		}
		rows.Close()
	}
}

func TestStatements(t *testing.T) {
	mentions := `-- a comment
CREATE TABLE IF NOT EXISTS lingting.mentions
(
    id String COMMENT 'x',
    platform LowCardinality(String)
)
ENGINE = ReplacingMergeTree(enriched_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY (platform, id)
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Mentions'`
	tests := []struct {
		name  string
		stmts []string
		want  []string // substrings of the output, in order
		err   error
	}{
		{"replicated local and distributed", []string{mentions}, []string{
			"CREATE TABLE IF NOT EXISTS lingting.mentions_local ON CLUSTER '{cluster}'",
			"ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/lingting/mentions_local', '{replica}', enriched_at)",
			"SETTINGS replicated_deduplication_window = 1000",
			"CREATE TABLE IF NOT EXISTS lingting.mentions ON CLUSTER '{cluster}'\nAS lingting.mentions_local",
			"ENGINE = Distributed('{cluster}', 'lingting', 'mentions_local', cityHash64(platform, id))\nCOMMENT 'Mentions'",
		}, nil},
		{"engine without arguments, key without parentheses", []string{
			"CREATE TABLE IF NOT EXISTS lingting.r\n(\n  minute DateTime\n)\nENGINE = AggregatingMergeTree\nORDER BY minute"}, []string{
			"ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/lingting/r_local', '{replica}')",
			"cityHash64(minute)",
		}, nil},
		{"materialised view on the local tables", []string{mentions, "CREATE TABLE IF NOT EXISTS lingting.r\n(\n  m DateTime\n)\nENGINE = AggregatingMergeTree\nORDER BY m",
			"CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.r_mv\nTO lingting.r\nAS SELECT toStartOfMinute(created_at) AS m\nFROM lingting.mentions\nGROUP BY m"}, []string{
			"CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.r_mv ON CLUSTER '{cluster}'\nTO lingting.r_local\nAS SELECT",
			"FROM lingting.mentions_local\nGROUP BY m",
		}, nil},
		{"view joins globally", []string{"CREATE VIEW IF NOT EXISTS lingting.v\nAS SELECT 1 FROM lingting.a AS x INNER JOIN lingting.b AS y ON x.k = y.k"}, []string{
			"CREATE VIEW IF NOT EXISTS lingting.v ON CLUSTER '{cluster}'", "GLOBAL INNER JOIN lingting.b",
		}, nil},
		{"added column on both tables", []string{mentions, "ALTER TABLE lingting.mentions ADD COLUMN IF NOT EXISTS topics Array(String)"}, []string{
			"ALTER TABLE lingting.mentions_local ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS topics",
			"ALTER TABLE lingting.mentions ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS topics",
		}, nil},
		{"a TTL applies to the local table only", []string{mentions, "ALTER TABLE lingting.mentions MODIFY TTL toDateTime(inserted_at) + INTERVAL 30 DAY"}, []string{
			"ALTER TABLE lingting.mentions_local ON CLUSTER '{cluster}' MODIFY TTL",
		}, nil},
		{"an index applies to the local table only", []string{mentions,
			"ALTER TABLE lingting.mentions ADD INDEX IF NOT EXISTS t created_at TYPE minmax GRANULARITY 1",
			"ALTER TABLE lingting.mentions MATERIALIZE INDEX t"}, []string{
			"ALTER TABLE lingting.mentions_local ON CLUSTER '{cluster}' ADD INDEX IF NOT EXISTS t",
			"ALTER TABLE lingting.mentions_local ON CLUSTER '{cluster}' MATERIALIZE INDEX t",
		}, nil},
		{"alter of an unknown table", []string{"ALTER TABLE lingting.nope ADD COLUMN x UInt8"}, nil, cluster.ErrUnsupported},
		{"insert of values", []string{mentions, "INSERT INTO lingting.mentions VALUES (1)"}, nil, cluster.ErrUnsupported},
		{"backfill into an unknown table", []string{mentions, "INSERT INTO lingting.x SELECT 1 FROM lingting.mentions"}, nil, cluster.ErrUnsupported},
		{"backfill through the distributed tables", []string{mentions, "INSERT INTO lingting.mentions (id)\nSELECT id FROM lingting.mentions"}, []string{
			"INSERT INTO lingting.mentions (id)\nSELECT id FROM lingting.mentions",
		}, nil},
		{"view query changed on the local tables", []string{mentions, "CREATE TABLE IF NOT EXISTS lingting.r\n(\n  m DateTime\n)\nENGINE = AggregatingMergeTree\nORDER BY m",
			"CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.r_mv\nTO lingting.r\nAS SELECT toStartOfMinute(created_at) AS m\nFROM lingting.mentions\nGROUP BY m",
			"ALTER TABLE lingting.r_mv MODIFY QUERY\nSELECT toStartOfHour(created_at) AS m\nFROM lingting.mentions\nGROUP BY m"}, []string{
			"ALTER TABLE lingting.r_mv ON CLUSTER '{cluster}' MODIFY QUERY\nSELECT toStartOfHour(created_at) AS m\nFROM lingting.mentions_local\nGROUP BY m",
		}, nil},
		{"view query changed on an unknown view", []string{"ALTER TABLE lingting.v_mv MODIFY QUERY SELECT 1"}, nil, cluster.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := cluster.Statements(tt.stmts, cluster.Options{})
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			all := strings.Join(out, ";\n")
			for _, w := range tt.want {
				i := strings.Index(all, w)
				if i < 0 {
					t.Fatalf("output lacks %q:\n%s", w, all)
				}
				all = all[i+len(w):]
			}
		})
	}
}

// TestTTLNotOnDistributed: a Distributed table stores nothing, and ClickHouse refuses a TTL
// or a data skipping index on it; they go to the local table alone.
func TestTTLNotOnDistributed(t *testing.T) {
	out, err := cluster.Statements([]string{
		"CREATE TABLE IF NOT EXISTS lingting.d\n(\n  id String,\n  inserted_at DateTime\n)\nENGINE = ReplacingMergeTree\nORDER BY id",
		"ALTER TABLE lingting.d MODIFY TTL inserted_at + INTERVAL 30 DAY",
		"ALTER TABLE lingting.d ADD INDEX i inserted_at TYPE minmax GRANULARITY 1",
		"ALTER TABLE lingting.d MATERIALIZE INDEX i",
	}, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range out {
		if strings.HasPrefix(s, "ALTER TABLE lingting.d ON CLUSTER") {
			t.Errorf("TTL or index on the Distributed table: %s", s)
		}
	}
}
