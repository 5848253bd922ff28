package chdb

import (
	"fmt"
	"regexp"
)

// Option adjusts one statement.
type Option func(*stmtOptions)

type stmtOptions struct {
	params   map[string]string
	settings map[string]string
	database string
	stats    *Stats
}

// Stats describes a finished statement, as the engine reported it.
type Stats struct {
	RowsRead     uint64
	BytesRead    uint64
	RowsWritten  uint64 // inserts: rows written, including by materialized views
	BytesWritten uint64
	Elapsed      float64 // seconds, engine side
}

// WithParams binds query parameters: a placeholder {name:Type} in the query takes
// params[name], given as text in ClickHouse's escaped format (as in the HTTP interface's
// param_name). Values are never interpolated into the SQL.
func WithParams(params map[string]string) Option {
	return func(o *stmtOptions) { o.params = params }
}

// WithSettings applies ClickHouse settings to this statement only: they are set on the
// connection before it and their previous values put back after it, with no other
// statement in between. An unknown setting fails the statement with code 115
// (UNKNOWN_SETTING) before it runs. readonly is enforced by the binding rather than set
// on the connection (which could not be reset): with readonly 1 or 2 only read-only
// statements (SELECT, SHOW, DESCRIBE, EXPLAIN, EXISTS) run, others fail with code 164
// (READONLY); allow_ddl=0 likewise admits only read-only statements and INSERT (code
// 392 otherwise).
func WithSettings(settings map[string]string) Option {
	return func(o *stmtOptions) { o.settings = settings }
}

// WithDatabase runs the statement with database as the current database, then returns
// to the previous one.
func WithDatabase(database string) Option {
	return func(o *stmtOptions) { o.database = database }
}

// WithStats fills *s with the statement's statistics when it succeeds.
func WithStats(s *Stats) Option {
	return func(o *stmtOptions) { o.stats = s }
}

func collect(opts []Option) stmtOptions {
	var o stmtOptions
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

var settingNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)

func (o *stmtOptions) validate() error {
	for name := range o.settings {
		if !settingNameRe.MatchString(name) {
			return &Error{Code: 115, Message: fmt.Sprintf("DB::Exception: Unknown setting '%s'. (UNKNOWN_SETTING)", name)}
		}
	}
	for name := range o.params {
		if !settingNameRe.MatchString(name) {
			return &Error{Code: 36, Message: fmt.Sprintf("DB::Exception: Bad query parameter name '%s'. (BAD_ARGUMENTS)", name)}
		}
	}
	return nil
}
