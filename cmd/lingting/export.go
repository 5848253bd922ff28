package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/parquet"
)

// runExport is `lingting export`: one table (or view) of the store, optionally a time
// range of it, to a Parquet or Arrow IPC file, with a progress bar on stderr.
func runExport(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(std.err)
	cfgPath := fs.String("config", "", "YAML `file`: export from its clickhouse.external server, or its data_dir")
	dataDir := fs.String("data-dir", ".data", "the embedded store's `directory` (without --config)")
	table := fs.String("table", "", "`table` or view of database lingting to export (required)")
	since := fs.String("since", "", "keep rows at or after this `time` (RFC 3339 or YYYY-MM-DD, UTC)")
	until := fs.String("until", "", "keep rows before this `time` (RFC 3339 or YYYY-MM-DD, UTC)")
	timeCol := fs.String("time-column", "", "`column` --since/--until filter (default: the first Date/DateTime column)")
	columns := fs.String("columns", "", "comma-separated `columns` to export (default: all)")
	format := fs.String("format", "parquet", "file `format`: parquet or arrow (Arrow IPC file)")
	out := fs.String("out", "", "output `file` (required; written to FILE.partial, renamed when complete)")
	batch := fs.Int("batch-rows", parquet.DefaultBatchRows, "rows per record batch (memory grows with it)")
	noFinal := fs.Bool("no-final", false, "read ReplacingMergeTree tables without FINAL (faster, may repeat replayed rows)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := parquet.Config{Table: *table, TimeColumn: *timeCol, Format: parquet.Format(*format),
		BatchRows: *batch, NoFinal: *noFinal}
	if err := exportFlags(&cfg, *since, *until, *columns, *out); err != nil {
		fs.Usage()
		return err
	}
	if !*quiet {
		bar := newProgressBar(std.err, *table)
		cfg.Progress = bar.update
		defer bar.finish()
	}
	conn, closeStore, err := exportConn(ctx, *cfgPath, *dataDir, newLogger(std.err, "warn"))
	if err != nil {
		return err
	}
	defer closeStore()
	e, err := parquet.NewExporter(conn, cfg, nil, nil)
	if err != nil {
		return err
	}
	return exportToFile(ctx, e, *out)
}

// exportFlags parses the flags that need it into cfg and validates it.
func exportFlags(cfg *parquet.Config, since, until, columns, out string) error {
	var err error
	if cfg.Since, err = parseExportTime("since", since); err != nil {
		return err
	}
	if cfg.Until, err = parseExportTime("until", until); err != nil {
		return err
	}
	if columns != "" {
		cfg.Columns = strings.Split(columns, ",")
	}
	if out == "" {
		return errors.New("export: --out is required")
	}
	return cfg.Validate()
}

func parseExportTime(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateTime, time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("export: --%s %q: want RFC 3339 (2026-03-02T08:00:00Z) or YYYY-MM-DD", name, s)
}

// exportToFile writes the export to path.partial and renames it to path once complete,
// so a failed or interrupted export never leaves a truncated file under the real name.
func exportToFile(ctx context.Context, e *parquet.Exporter, path string) error {
	tmp := path + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("creating %s: %w", tmp, err)
	}
	_, err = e.Export(ctx, f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing %s: %w", tmp, cerr)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// exportConn connects to the store: the external ClickHouse of the config file, else the
// embedded store in its data directory, through the running process's endpoint when
// another lingting process holds it open.
func exportConn(ctx context.Context, cfgPath, dataDir string, log *slog.Logger) (driver.Conn, func(), error) {
	if cfgPath != "" {
		c, err := loadConfig(cfgPath)
		if err != nil {
			return nil, nil, err
		}
		if ext := c.ClickHouse.External; ext != nil {
			conn, err := clickhouse.Dial(ctx, *ext)
			if err != nil {
				return nil, nil, err
			}
			return conn, func() { conn.Close() }, nil
		}
		dataDir = c.DataDir
	}
	if _, err := os.Stat(filepath.Join(dataDir, "clickhouse")); err != nil {
		return nil, nil, fmt.Errorf("no store in %s (run `lingting demo` first, or pass --data-dir): %w", dataDir, err)
	}
	if lock, err := lockDataDir(dataDir); err == nil {
		lock.Close() // free: open it here, on a loopback port of our own
		st, err := openStore(ctx, dataDir, "127.0.0.1:0", nil, newLogger(io.Discard, "error"))
		if err != nil {
			return nil, nil, err
		}
		return st.conn, func() { st.Close() }, nil
	} else if !errors.Is(err, ErrDataDirBusy) {
		return nil, nil, err
	}
	addr, err := os.ReadFile(filepath.Join(dataDir, addrFile))
	if err != nil {
		return nil, nil, fmt.Errorf("%s is in use and its process serves no endpoint: %w", dataDir, err)
	}
	conn, err := clickhouse.Dial(ctx, clickhouse.ConnConfig{Addr: []string{strings.TrimSpace(string(addr))}})
	if err != nil {
		return nil, nil, err
	}
	log.Info("exporting through the running process", "endpoint", strings.TrimSpace(string(addr)))
	return conn, func() { conn.Close() }, nil
}
