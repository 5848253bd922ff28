package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/sinks/clickhouse"
)

// roles are the stages one process runs.
type roles struct {
	collect, enrich, sink, resolve, alert bool
	// untilCollected stops every stage once the sources are done. Only for the in-process
	// bus, where a source's batch is acknowledged after it was stored.
	untilCollected bool
}

var allRoles = roles{collect: true, enrich: true, sink: true, resolve: true, alert: true}

func runRun(ctx context.Context, args []string, std stdio) error {
	return runStage(ctx, "run", args, std, allRoles)
}

// runCollect is `collect --config FILE` (every configured source) or `collect weibo|
// douyin|wecom --config FILE` (one platform's collectors alone).
func runCollect(ctx context.Context, args []string, std stdio) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return runCollectPlatform(ctx, args, std)
	}
	return runStage(ctx, "collect", args, std, roles{collect: true})
}

func runSink(ctx context.Context, args []string, std stdio) error {
	return runStage(ctx, "sink", args, std, roles{sink: true})
}

func runResolve(ctx context.Context, args []string, std stdio) error {
	return runStage(ctx, "resolve", args, std, roles{resolve: true})
}

// runStage parses `--config FILE` and runs the given stages until ctx ends.
func runStage(ctx context.Context, name string, args []string, std stdio, r roles) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(std.err)
	path := fs.String("config", "", "YAML config `file` (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		fs.Usage()
		return errors.New(name + ": --config is required")
	}
	cfg, err := loadConfig(*path)
	if err != nil {
		return err
	}
	if r != allRoles {
		if err := needKafka(name, cfg); err != nil {
			return err
		}
	}
	return runPipeline(ctx, cfg, r, newLogger(std.err, cfg.LogLevel), nil)
}

// runPipeline wires and runs the stages r names until ctx ends (or, with untilCollected,
// until the sources are done). after, if set, runs on the store before it closes, also
// after an interrupt.
func runPipeline(ctx context.Context, cfg Config, r roles, log *slog.Logger, after func(context.Context, *store) error) (err error) {
	r.alert = r.alert && !cfg.Alert.Off // an alert group nobody consumes would stall the in-process bus
	if r.collect {
		if err := cfg.Sources.any(); err != nil { // before anything is created or started
			return err
		}
	}
	reg := newRegistry()
	var st *store
	if r.sink || r.resolve || r.alert {
		if st, err = openStore(ctx, cfg.DataDir, cfg.ClickHouse.Listen, cfg.ClickHouse.External, log); err != nil {
			return err
		}
		defer func() { err = errors.Join(err, st.Close()) }()
	}
	b, err := openBus(ctx, cfg, reg, log)
	if err != nil {
		return err
	}
	subscribe(b, r)
	defer func() { err = errors.Join(err, b.Close()) }()
	var pipe *enrich.Pipeline
	if r.enrich {
		if pipe, err = newPipeline(cfg, reg, log); err != nil {
			return err
		}
	}
	err = runRoles(ctx, cfg, r, b, pipe, st, reg, log)
	if after != nil && st != nil {
		err = errors.Join(err, after(context.WithoutCancel(ctx), st))
	}
	return err
}

// runRoles starts the metrics endpoint and each stage in its own goroutine and waits.
func runRoles(ctx context.Context, cfg Config, r roles, b messageBus, pipe *enrich.Pipeline, st *store,
	reg *prometheus.Registry, log *slog.Logger) error {
	stageCtx, stopStages := context.WithCancel(ctx)
	defer stopStages()
	g, gctx := errgroup.WithContext(stageCtx)
	g.Go(func() error { return serveMetrics(gctx, cfg.MetricsListen, reg, healthy(st), log) })
	if r.enrich {
		g.Go(func() error { return enrichStage(gctx, b, pipe) })
	}
	if r.sink {
		w := clickhouse.NewWriter(st.conn, cfg.Writer, reg, log)
		g.Go(func() error { return sinkStage(gctx, b, w) })
	}
	if r.resolve {
		g.Go(func() error {
			return resolveStage(gctx, b, st.conn, cfg.Identity, cfg.Profiles, cfg.ProfilesEvery, reg, log)
		})
	}
	if r.alert {
		g.Go(func() error { return alertStage(gctx, cfg.Alert, cfg.DataDir, b, st.conn, reg, log) })
	}
	if r.collect {
		g.Go(func() error {
			err := collect(gctx, cfg, b, reg, log)
			if err == nil && r.untilCollected {
				log.Info("sources done; stopping")
				stopStages()
			}
			return err
		})
	}
	return g.Wait()
}

// healthy reports the store's reachability; a process without a store is healthy.
func healthy(st *store) func(context.Context) error {
	return func(ctx context.Context) error {
		if st == nil {
			return nil
		}
		return st.conn.Ping(ctx)
	}
}
