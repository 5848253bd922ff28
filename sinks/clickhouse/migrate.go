package clickhouse

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationName is the file-name rule: four digits, an underscore, a lowercase name.
var migrationName = regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`)

// Migration is one numbered schema change.
type Migration struct {
	Version    int      // from the file name: 0003_x.sql → 3
	Name       string   // from the file name: 0003_dead_letters.sql → "dead_letters"
	Statements []string // SQL statements in file order
}

// Migrations returns the embedded numbered migrations in version order. The files are
// part of the binary, so an error here is a programming error caught by the tests.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("reading embedded migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			continue // bootstrap.sql and anything that is not a numbered migration
		}
		stmts, err := readStatements("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		v, _ := strconv.Atoi(m[1])
		if len(ms) > 0 && ms[len(ms)-1].Version == v {
			return nil, fmt.Errorf("reading embedded migrations: version %d appears twice", v)
		}
		ms = append(ms, Migration{Version: v, Name: m[2], Statements: stmts})
	}
	return ms, nil
}

func readStatements(path string) ([]string, error) {
	b, err := migrationFS.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	stmts := SplitStatements(string(b))
	if len(stmts) == 0 {
		return nil, fmt.Errorf("reading %s: no statements", path)
	}
	return stmts, nil
}

// SplitStatements splits a migration file into statements. The rule, kept simple on
// purpose: a statement ends at a line whose last non-blank character is ';' (so a line
// "…; -- note" does not end one). Lines whose first non-blank characters are "--" are
// comments and are dropped. A ';' anywhere else (inside a string literal, a COMMENT,
// mid-line) does not split, so never end a line of a multi-line string literal with ';'.
// The final ';' is removed; empty statements are skipped; text after the last ';' is a
// statement of its own.
func SplitStatements(sql string) []string {
	var stmts []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			stmts = append(stmts, s)
		}
		cur.Reset()
	}
	for line := range strings.Lines(sql) {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		if strings.HasSuffix(trimmed, ";") {
			cur.WriteString(strings.TrimSuffix(strings.TrimRight(line, " \t\r\n"), ";"))
			flush()
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return stmts
}

// Migrate brings the lingting schema up to date: it creates the database and
// lingting.schema_migrations when missing, then applies every embedded migration whose
// version is not recorded there, in version order, recording each one after all its
// statements succeeded. It returns the versions it applied (none when the schema was
// current). Every statement is idempotent (IF NOT EXISTS), so a migration interrupted
// half-way is simply applied again by the next run.
//
// Migrate blocks until done or ctx ends. Run it from one process at start-up: two
// concurrent runs are harmless for IF NOT EXISTS statements but not guaranteed for others.
func Migrate(ctx context.Context, conn driver.Conn, log *slog.Logger) (applied []int, err error) {
	log = orDiscard(log)
	boot, err := readStatements("migrations/bootstrap.sql")
	if err != nil {
		return nil, err
	}
	if err := execAll(ctx, conn, boot); err != nil {
		return nil, fmt.Errorf("bootstrapping schema: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return nil, err
	}
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if slices.Contains(done, m.Version) {
			continue
		}
		if err := apply(ctx, conn, m); err != nil {
			return applied, err
		}
		log.Info("applied schema migration", "version", m.Version, "name", m.Name)
		applied = append(applied, m.Version)
	}
	return applied, nil
}

func apply(ctx context.Context, conn driver.Conn, m Migration) error {
	if err := execAll(ctx, conn, m.Statements); err != nil {
		return fmt.Errorf("applying migration %04d_%s: %w", m.Version, m.Name, err)
	}
	err := conn.Exec(ctx, "INSERT INTO lingting.schema_migrations (version, name) VALUES (?, ?)",
		uint32(m.Version), m.Name)
	if err != nil {
		return fmt.Errorf("recording migration %04d_%s: %w", m.Version, m.Name, err)
	}
	return nil
}

func execAll(ctx context.Context, conn driver.Conn, stmts []string) error {
	for i, s := range stmts {
		if err := conn.Exec(ctx, engineClause(s)); err != nil {
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
	}
	return nil
}

func appliedVersions(ctx context.Context, conn driver.Conn) ([]int, error) {
	rows, err := conn.Query(ctx, "SELECT DISTINCT version FROM lingting.schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("reading applied migrations: %w", err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v uint32
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("reading applied migrations: %w", err)
		}
		vs = append(vs, int(v))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading applied migrations: %w", err)
	}
	return vs, nil
}

// engineClause is the one place where a statement's table engine and DDL scope are
// decided. The SQL files name single-server engines (ReplacingMergeTree,
// AggregatingMergeTree …) and this returns them unchanged: the embedded engine and a
// single ClickHouse server run the files as written. Cluster DDL (a later issue) goes
// here: either a Replicated database, or rewriting "ENGINE = XMergeTree" to
// "ENGINE = ReplicatedXMergeTree" and adding ON CLUSTER, keeping the files identical.
func engineClause(stmt string) string { return stmt }

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}
