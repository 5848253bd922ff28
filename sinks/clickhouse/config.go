package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// ConnConfig says how to reach ClickHouse: the embedded server (HTTP) or a real server
// (HTTP or native).
type ConnConfig struct {
	// Addr lists host:port endpoints; required. clickhouse-go picks one per connection.
	Addr []string `yaml:"addr"`
	// Protocol is "http" (default; the only one the embedded server speaks) or "native".
	Protocol string `yaml:"protocol"`
	// Database is the session's default database; default "default". Lingting's SQL names
	// its tables with the database (lingting.mentions), so this need not be "lingting",
	// and must exist before Migrate runs.
	Database string `yaml:"database"`
	// Username defaults to "default".
	Username string `yaml:"username"`
	// Password is never logged: String redacts it.
	Password string `yaml:"password"`
	// DialTimeout bounds connecting; default 5s.
	DialTimeout time.Duration `yaml:"dial_timeout"`
	// Compression is "none" (default), "gzip", "lz4" or "zstd". The embedded server takes
	// only "none" or "gzip" (lz4 and zstd ask for ClickHouse's block compression).
	Compression string `yaml:"compression"`
}

// Validate reports the first invalid field.
func (c ConnConfig) Validate() error {
	if len(c.Addr) == 0 {
		return errors.New("clickhouse: addr: at least one host:port is required")
	}
	for i, a := range c.Addr {
		if a == "" {
			return fmt.Errorf("clickhouse: addr[%d] is empty", i)
		}
	}
	switch c.Protocol {
	case "", "http", "native":
	default:
		return fmt.Errorf("clickhouse: protocol %q: want http or native", c.Protocol)
	}
	if _, ok := compressions[c.Compression]; !ok {
		return fmt.Errorf("clickhouse: compression %q: want none, gzip, lz4 or zstd", c.Compression)
	}
	if c.DialTimeout < 0 {
		return fmt.Errorf("clickhouse: dial_timeout %v is negative", c.DialTimeout)
	}
	return nil
}

// String describes the config with the password redacted, so a logged config leaks no
// secret.
func (c ConnConfig) String() string {
	if c.Password != "" {
		c.Password = "[REDACTED]"
	}
	type plain ConnConfig // no String method: avoids recursion
	return fmt.Sprintf("%+v", plain(c))
}

// GoString redacts like String, for %#v.
func (c ConnConfig) GoString() string { return c.String() }

var compressions = map[string]ch.CompressionMethod{
	"":     ch.CompressionNone,
	"none": ch.CompressionNone,
	"gzip": ch.CompressionGZIP,
	"lz4":  ch.CompressionLZ4,
	"zstd": ch.CompressionZSTD,
}

func (c ConnConfig) options() *ch.Options {
	opt := &ch.Options{
		Addr:        c.Addr,
		Protocol:    ch.HTTP,
		Auth:        ch.Auth{Database: c.Database, Username: c.Username, Password: c.Password},
		DialTimeout: c.DialTimeout,
		Compression: &ch.Compression{Method: compressions[c.Compression]},
	}
	if c.Protocol == "native" {
		opt.Protocol = ch.Native
	}
	if opt.Auth.Database == "" {
		opt.Auth.Database = "default"
	}
	if opt.Auth.Username == "" {
		opt.Auth.Username = "default"
	}
	if opt.DialTimeout == 0 {
		opt.DialTimeout = 5 * time.Second
	}
	return opt
}

// Dial validates cfg, opens a connection pool and pings it, so a wrong address or
// password fails here rather than at the first insert. The caller closes the returned
// conn. The conn is safe for concurrent use.
func Dial(ctx context.Context, cfg ConnConfig) (driver.Conn, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	conn, err := ch.Open(cfg.options())
	if err != nil {
		return nil, fmt.Errorf("opening clickhouse %v: %w", cfg.Addr, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("pinging clickhouse %v: %w", cfg.Addr, err)
	}
	return conn, nil
}

// WriterConfig tunes a Writer. The zero value is usable.
type WriterConfig struct {
	// MaxRows splits a larger batch into inserts of at most this many rows; default
	// 100000. Each part is its own insert with its own deduplication token.
	MaxRows int `yaml:"max_rows"`
	// Retries is how many times an insert that failed with a transient error is tried
	// again; 0 means the default, 5; negative means never.
	Retries int `yaml:"retries"`
	// Backoff is the wait before the first retry, doubled for each next one; default 200ms.
	Backoff time.Duration `yaml:"backoff"`
	// MaxBackoff caps the wait between retries; default 10s.
	MaxBackoff time.Duration `yaml:"max_backoff"`
}

// Validate reports the first invalid field.
func (c WriterConfig) Validate() error {
	switch {
	case c.MaxRows < 0:
		return fmt.Errorf("clickhouse writer: max_rows %d is negative", c.MaxRows)
	case c.Backoff < 0:
		return fmt.Errorf("clickhouse writer: backoff %v is negative", c.Backoff)
	case c.MaxBackoff < 0:
		return fmt.Errorf("clickhouse writer: max_backoff %v is negative", c.MaxBackoff)
	}
	return nil
}

func (c WriterConfig) withDefaults() WriterConfig {
	if c.MaxRows <= 0 {
		c.MaxRows = 100_000
	}
	switch {
	case c.Retries == 0:
		c.Retries = 5
	case c.Retries < 0:
		c.Retries = 0
	}
	if c.Backoff <= 0 {
		c.Backoff = 200 * time.Millisecond
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 10 * time.Second
	}
	return c
}
