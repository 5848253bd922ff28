// Command lingting runs the Lingting social-listening pipeline: everything in one process
// over an embedded ClickHouse engine (demo, run), or one stage per process over Kafka
// (collect, enrich, sink). See `lingting help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := dispatch(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "lingting:", err)
		os.Exit(1)
	}
}
