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
	"runtime/debug"
	"syscall"
)

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set: gse's
// dictionary keeps about 130 MB live, and without a limit the collector lets resident
// memory grow to several times the live heap. The embedded engine's memory is not Go's
// and not counted.
const defaultMemoryLimit = 512 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
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
