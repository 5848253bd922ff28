package main

import (
	"context"
	"flag"
	"fmt"
)

func runServe(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(std.err)
	dataDir := fs.String("data-dir", ".data", "the embedded store's `directory`")
	listen := fs.String("clickhouse-listen", "127.0.0.1:8123", "`address` of the ClickHouse HTTP interface")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	remote := fs.Bool("allow-remote", false, "allow a --clickhouse-listen address other hosts reach (the interface has no authentication)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := loopbackOnly(*listen, *remote); err != nil {
		return fmt.Errorf("serve: --clickhouse-listen %w", err)
	}
	log := newLogger(std.err, *level)
	st, err := openStore(ctx, *dataDir, *listen, nil, log)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(std.out, "serving %s on http://%s (ClickHouse HTTP interface; Ctrl-C stops)\n", *dataDir, st.addr)
	<-ctx.Done()
	return nil
}
