package cluster

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrUnsupported means a migration statement has a form the generator does not know: teach
// the generator before shipping the migration to a cluster.
var ErrUnsupported = errors.New("statement not supported by the cluster generator")

// Options name the cluster and where replicas keep their metadata.
type Options struct {
	// Cluster is the cluster name in ON CLUSTER and Distributed; default "'{cluster}'"
	// (the macro), quoted as SQL.
	Cluster string
	// ZooPath is the Keeper path prefix of replicated tables; default
	// "/clickhouse/tables/{shard}". The table's database and local name are appended.
	ZooPath string
}

func (o Options) withDefaults() Options {
	if o.Cluster == "" {
		o.Cluster = "'{cluster}'"
	}
	if o.ZooPath == "" {
		o.ZooPath = "/clickhouse/tables/{shard}"
	}
	return o
}

var (
	createDBRE    = regexp.MustCompile(`(?s)^CREATE DATABASE IF NOT EXISTS (\w+)(.*)$`)
	createTableRE = regexp.MustCompile(`(?s)^CREATE TABLE IF NOT EXISTS (\w+)\.(\w+)(\s*\(.*)$`)
	engineRE      = regexp.MustCompile(`ENGINE = (\w*)MergeTree(?:\(([^)]*)\))?`)
	orderByRE     = regexp.MustCompile(`(?m)^ORDER BY (.+)$`)
	nonReplDedup  = regexp.MustCompile(`non_replicated_deduplication_window`)
	createMVRE    = regexp.MustCompile(`(?s)^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+)\.(\w+)\s*\nTO (\w+)\.(\w+)(.*)$`)
	createViewRE  = regexp.MustCompile(`(?s)^CREATE VIEW IF NOT EXISTS (\w+)\.(\w+)(.*)$`)
	alterTableRE  = regexp.MustCompile(`(?s)^ALTER TABLE (\w+)\.(\w+)(\s.*)$`)
	modifyQueryRE = regexp.MustCompile(`(?s)^\s*MODIFY QUERY\s`)
	insertRE      = regexp.MustCompile(`(?s)^INSERT INTO (\w+)\.(\w+)[\s(].*\bSELECT\b`)
	// storageOnlyRE matches ALTERs that concern stored parts only (TTL, settings, data
	// skipping indexes), which apply to the local tables and not to the Distributed ones in
	// front of them.
	storageOnlyRE = regexp.MustCompile(`(?i)^\s*((MODIFY|REMOVE)\s+(TTL|SETTING)|(ADD|DROP|MATERIALIZE|CLEAR)\s+INDEX)\b`)
	fromTableRE   = regexp.MustCompile(`\b(FROM|JOIN) (\w+)\.(\w+)\b`)
	joinRE        = regexp.MustCompile(`\b((?:INNER|LEFT|RIGHT|FULL)(?: OUTER)? )?JOIN\b`)
)

// Statements turns single-node migration statements, in order, into cluster
// statements. tables it has seen become <name>_local plus a Distributed <name>; a
// materialised view reads and writes the local tables of its shard.
func Statements(stmts []string, o Options) ([]string, error) {
	g := newGenerator(o)
	var out []string
	for _, s := range stmts {
		cs, err := g.statement(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

func newGenerator(o Options) generator {
	return generator{o: o.withDefaults(), tables: map[string]bool{}, views: map[string]bool{}}
}

// generator remembers across statements which tables it made local + Distributed and
// which materialised views it created.
type generator struct {
	o      Options
	tables map[string]bool // db.name of the tables made local + Distributed
	views  map[string]bool // db.name of the materialised views
}

func (g generator) statement(s string) ([]string, error) {
	body := stripComments(s)
	switch {
	case createDBRE.MatchString(body):
		m := createDBRE.FindStringSubmatch(body)
		return []string{fmt.Sprintf("CREATE DATABASE IF NOT EXISTS %s ON CLUSTER %s%s", m[1], g.o.Cluster, m[2])}, nil
	case createTableRE.MatchString(body):
		return g.table(body)
	case createMVRE.MatchString(body):
		m := createMVRE.FindStringSubmatch(body)
		rest := g.localSources(m[5])
		g.views[m[1]+"."+m[2]] = true
		return []string{fmt.Sprintf("CREATE MATERIALIZED VIEW IF NOT EXISTS %s.%s ON CLUSTER %s\nTO %s.%s_local%s",
			m[1], m[2], g.o.Cluster, m[3], m[4], rest)}, nil
	case createViewRE.MatchString(body):
		m := createViewRE.FindStringSubmatch(body)
		// A JOIN of two Distributed tables must be GLOBAL: the right side is computed once
		// and sent to the shards (ClickHouse denies a distributed subquery per shard).
		rest := joinRE.ReplaceAllString(m[3], "GLOBAL ${1}JOIN")
		return []string{fmt.Sprintf("CREATE VIEW IF NOT EXISTS %s.%s ON CLUSTER %s%s", m[1], m[2], g.o.Cluster, rest)}, nil
	case alterTableRE.MatchString(body):
		m := alterTableRE.FindStringSubmatch(body)
		if g.views[m[1]+"."+m[2]] && modifyQueryRE.MatchString(m[3]) {
			// The view keeps writing the local table of its shard; its new query reads the
			// local source tables, like the CREATE above.
			return []string{fmt.Sprintf("ALTER TABLE %s.%s ON CLUSTER %s%s", m[1], m[2], g.o.Cluster, g.localSources(m[3]))}, nil
		}
		if !g.tables[m[1]+"."+m[2]] {
			return nil, fmt.Errorf("ALTER TABLE %s.%s: %w (unknown table)", m[1], m[2], ErrUnsupported)
		}
		local := fmt.Sprintf("ALTER TABLE %s.%s_local ON CLUSTER %s%s", m[1], m[2], g.o.Cluster, m[3])
		if storageOnlyRE.MatchString(m[3]) {
			return []string{local}, nil // a Distributed table stores nothing: no TTL or index of its own
		}
		return []string{local, fmt.Sprintf("ALTER TABLE %s.%s ON CLUSTER %s%s", m[1], m[2], g.o.Cluster, m[3])}, nil
	case insertRE.MatchString(body):
		// A backfill: run once, from the node that applies the file, through the
		// Distributed tables. It reads every shard and spreads the rows by the target's
		// sharding key; rollup states for one key on several shards merge when read.
		m := insertRE.FindStringSubmatch(body)
		if !g.tables[m[1]+"."+m[2]] {
			return nil, fmt.Errorf("INSERT INTO %s.%s: %w (unknown table)", m[1], m[2], ErrUnsupported)
		}
		return []string{body}, nil
	}
	first, _, _ := strings.Cut(body, "\n")
	return nil, fmt.Errorf("%q: %w", first, ErrUnsupported)
}

// table returns the replicated local table and the Distributed table over it.
func (g generator) table(body string) ([]string, error) {
	m := createTableRE.FindStringSubmatch(body)
	db, name, rest := m[1], m[2], m[3]
	e := engineRE.FindStringSubmatchIndex(rest)
	order := orderByRE.FindStringSubmatch(rest)
	if e == nil || order == nil {
		return nil, fmt.Errorf("table %s.%s without a MergeTree engine and ORDER BY: %w", db, name, ErrUnsupported)
	}
	kind, args := rest[e[2]:e[3]], ""
	if e[4] >= 0 {
		args = rest[e[4]:e[5]]
	}
	replArgs := fmt.Sprintf("'%s/%s/%s_local', '{replica}'", g.o.ZooPath, db, name)
	if args != "" {
		replArgs += ", " + args
	}
	rest = rest[:e[0]] + fmt.Sprintf("ENGINE = Replicated%sMergeTree(%s)", kind, replArgs) + rest[e[1]:]
	rest = nonReplDedup.ReplaceAllString(rest, "replicated_deduplication_window")
	g.tables[db+"."+name] = true
	key := strings.TrimSpace(order[1])
	if !strings.HasPrefix(key, "(") {
		key = "(" + key + ")"
	}
	comment := ""
	if c := regexp.MustCompile(`(?m)^COMMENT ('(?:[^']|'')*')\s*$`).FindStringSubmatch(rest); c != nil {
		comment = "\nCOMMENT " + c[1]
	}
	return []string{
		fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s_local ON CLUSTER %s%s", db, name, g.o.Cluster, rest),
		fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s ON CLUSTER %s\nAS %s.%s_local\nENGINE = Distributed(%s, '%s', '%s_local', cityHash64%s)%s",
			db, name, g.o.Cluster, db, name, g.o.Cluster, db, name, key, comment),
	}, nil
}

// localSources points the FROM and JOIN clauses of a materialised view at the local
// tables: an insert into a shard's local table triggers the view on that shard.
func (g generator) localSources(s string) string {
	return fromTableRE.ReplaceAllStringFunc(s, func(m string) string {
		p := fromTableRE.FindStringSubmatch(m)
		if g.tables[p[2]+"."+p[3]] {
			return fmt.Sprintf("%s %s.%s_local", p[1], p[2], p[3])
		}
		return m
	})
}

// stripComments drops whole-line -- comments, so statements match from their first word.
func stripComments(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			keep = append(keep, l)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
