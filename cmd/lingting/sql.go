package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/lingting/lingting/sinks/clickhouse/chdb"
)

func runSQL(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	fs.SetOutput(std.err)
	dataDir := fs.String("data-dir", ".data", "the embedded store's `directory`")
	format := fs.String("format", "PrettyCompact", "output `format` (any ClickHouse format: TSV, CSV, JSONEachRow, Parquet …)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: lingting sql [--data-dir DIR] [--format F] \"QUERY\"  (QUERY - reads stdin)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	query, err := queryArg(fs.Args(), std.in)
	if err != nil {
		fs.Usage()
		return err
	}
	return queryStore(ctx, *dataDir, query, *format, std.out)
}

// queryArg is the one positional argument, or stdin when it is "-".
func queryArg(args []string, stdin io.Reader) (string, error) {
	if len(args) != 1 {
		return "", errors.New("sql: exactly one QUERY argument is required, after the flags")
	}
	if args[0] != "-" {
		return args[0], nil
	}
	b, err := io.ReadAll(stdin)
	if err != nil {
		return "", fmt.Errorf("reading query from stdin: %w", err)
	}
	return string(b), nil
}

// queryStore runs query on the store in dataDir and streams the result to w. While
// another lingting process has the store open, the query goes to that process's HTTP
// endpoint instead (the engine allows one process per directory).
func queryStore(ctx context.Context, dataDir, query, format string, w io.Writer) error {
	if _, err := os.Stat(filepath.Join(dataDir, "clickhouse")); err != nil {
		return fmt.Errorf("no store in %s (run `lingting demo` first, or pass --data-dir): %w", dataDir, err)
	}
	lock, err := lockDataDir(dataDir)
	if errors.Is(err, ErrDataDirBusy) {
		return queryHTTP(ctx, dataDir, query, format, w)
	}
	if err != nil {
		return err
	}
	defer lock.Close()
	e, err := chdb.Open(filepath.Join(dataDir, "clickhouse"))
	if err != nil {
		return err
	}
	defer e.Close()
	return e.QueryTo(ctx, query, format, w)
}

// queryHTTP sends query to the endpoint the running process wrote into dataDir.
func queryHTTP(ctx context.Context, dataDir, query, format string, w io.Writer) error {
	addr, err := os.ReadFile(filepath.Join(dataDir, addrFile))
	if err != nil {
		return fmt.Errorf("%s is in use and its process serves no endpoint: %w", dataDir, err)
	}
	u := "http://" + strings.TrimSpace(string(addr)) + "/?" + url.Values{"default_format": {format}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(query))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("querying the running process at %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return fmt.Errorf("query failed: %s", strings.TrimSpace(string(b)))
	}
	_, err = io.Copy(w, resp.Body)
	return err
}
