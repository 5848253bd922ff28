package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/identity"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/simulate"
)

// runIdentity is `lingting identity eval|split|pin|explain`.
func runIdentity(ctx context.Context, args []string, std stdio) error {
	usage := "usage: lingting identity eval [flags] | split ACCOUNT | pin ACCOUNT ACCOUNT | explain ACCOUNT  (-h for flags)"
	if len(args) == 0 {
		fmt.Fprintln(std.err, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "eval":
		return runIdentityEval(ctx, args[1:], std)
	case "split", "pin", "explain":
		return runIdentityOperator(ctx, args[0], args[1:], std)
	}
	fmt.Fprintln(std.err, usage)
	return fmt.Errorf("identity: unknown subcommand %q", args[0])
}

// runIdentityEval resolves the simulator's population from its own traffic and prints
// pairwise precision, recall and F1 against the simulator's truth.
func runIdentityEval(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("identity eval", flag.ContinueOnError)
	fs.SetOutput(std.err)
	persons := fs.Int("persons", 0, "simulated population size (0: the simulator's default, 2000)")
	seed := fs.Uint64("seed", 0, "simulator seed")
	days := fs.Float64("days", 7, "simulated days of traffic to resolve")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ev, err := evaluateIdentity(ctx, simulate.Config{Seed: *seed, Persons: *persons}, *days)
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "simulated %.1f days, seed %d, %d persons: %d mentions, %d accounts, %d resolved persons (%v)\n",
		*days, ev.cfg.Seed, ev.cfg.Persons, ev.mentions, ev.accounts, ev.persons, ev.took.Round(time.Millisecond))
	fmt.Fprintf(std.out, "traps: %d namesakes, %d nickname changes\n", ev.truth.Namesakes, ev.truth.NicknameChanges)
	fmt.Fprintf(std.out, "evidence: %s\n", ev.truth.Evidence)
	ev.report.Print(std.out)
	return nil
}

// identityEval is one evaluation of the resolver on the simulator.
type identityEval struct {
	cfg                         simulate.Config // defaults applied
	truth                       simulate.Truth
	report                      identity.Report
	mentions, accounts, persons int
	took                        time.Duration
}

// evaluateIdentity simulates days of traffic from cfg (Step and End are set here), parses
// and enriches it as the pipeline does, resolves the authors with the default config and
// scores the result against the simulator's truth.
func evaluateIdentity(ctx context.Context, cfg simulate.Config, days float64) (identityEval, error) {
	cfg.Step = 10 * time.Minute
	src, err := simulate.New(cfg)
	if err != nil {
		return identityEval{}, err
	}
	cfg = src.Config()
	cfg.End = cfg.Start.Add(time.Duration(days * float64(24*time.Hour)))
	if src, err = simulate.New(cfg); err != nil {
		return identityEval{}, err
	}
	r, err := identity.New(identity.Options{})
	if err != nil {
		return identityEval{}, err
	}
	pipe, err := evalPipeline()
	if err != nil {
		return identityEval{}, err
	}
	start := time.Now()
	n, err := observeSimulation(ctx, src, pipe, r)
	if err != nil {
		return identityEval{}, err
	}
	ev := identityEval{cfg: cfg, truth: src.Truth(), mentions: n, took: time.Since(start)}
	ev.accounts, ev.persons = r.Size()
	ev.report = identity.Evaluate(ev.truth.Persons, r.Clusters(), r.Edges())
	return ev, nil
}

// evalPIIKey is the fixed PII hash key of the evaluation: the simulated phone numbers and
// e-mails must hash as the enrich stage hashes them for the pii rules to see anything.
const evalPIIKey = "lingting-identity-eval"

// evalPipeline is the enrich pipeline the evaluation runs the simulated mentions through:
// the simulator's brands, and evalPIIKey instead of LINGTING_PII_KEY.
func evalPipeline() (*enrich.Pipeline, error) {
	seg, err := loadSegmenter()
	if err != nil {
		return nil, err
	}
	idf, err := loadIDF()
	if err != nil {
		return nil, err
	}
	return enrich.New(enrich.Config{Brands: simulatedBrands(), Segmenter: seg, IDF: idf, Now: time.Now,
		PIIKey: []byte(evalPIIKey)}, nil, nil)
}

// observeSimulation feeds every mention of src, parsed by the platform parsers and
// enriched by pipe (as the resolve stage sees them), to r.
func observeSimulation(ctx context.Context, src *simulate.Source, pipe *enrich.Pipeline, r *identity.Resolver) (int, error) {
	ps := parsers()
	cursor, n := "", 0
	for {
		b, err := src.Fetch(ctx, cursor)
		if errors.Is(err, ingest.ErrDone) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		var ms []event.Mention
		for _, raw := range b.Raws {
			parsed, err := ps[raw.Platform](raw)
			if err != nil {
				continue // the simulator's malformed payloads are off by default
			}
			ms = append(ms, parsed...)
		}
		enrichInParallel(pipe, ms)
		for _, m := range ms {
			if r.ObserveMention(m) {
				n++
			}
		}
		cursor = b.Next
	}
}

// enrichInParallel enriches ms in place on GOMAXPROCS goroutines.
func enrichInParallel(p *enrich.Pipeline, ms []event.Mention) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(ms); i += workers {
				p.Enrich(&ms[i])
			}
		})
	}
	wg.Wait()
}

// runIdentityOperator loads the resolver from the embedded store, applies an operator
// order (split, pin) or prints an explanation, and stores the changes.
func runIdentityOperator(ctx context.Context, verb string, args []string, std stdio) error {
	fs := flag.NewFlagSet("identity "+verb, flag.ContinueOnError)
	fs.SetOutput(std.err)
	dataDir := fs.String("data-dir", ".data", "the embedded store's `directory`")
	note := fs.String("note", "", "why (stored with the order)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	want := map[string]int{"split": 1, "pin": 2, "explain": 1}[verb]
	if fs.NArg() != want {
		return fmt.Errorf("identity %s: want %d ACCOUNT argument(s) (platform:native_id), got %d", verb, want, fs.NArg())
	}
	log := slog.New(slog.DiscardHandler)
	st, err := openStore(ctx, *dataDir, "127.0.0.1:0", nil, log)
	if err != nil {
		return err
	}
	defer st.Close()
	store := identity.NewStore(st.conn)
	r, err := store.Load(ctx, identity.Options{})
	if err != nil {
		return err
	}
	a := fs.Arg(0)
	switch verb {
	case "explain":
		ex, err := r.Explain(a)
		if err != nil {
			return err
		}
		printExplanation(std, ex)
		return nil
	case "split":
		p, err := r.Split(a, *note)
		if err != nil {
			return err
		}
		fmt.Fprintf(std.out, "%s is now person %s\n", a, p)
	case "pin":
		if err := r.Pin(a, fs.Arg(1), *note); err != nil {
			return err
		}
		pa, _ := r.PersonOf(a)
		pb, _ := r.PersonOf(fs.Arg(1))
		fmt.Fprintf(std.out, "pinned apart: %s (person %s), %s (person %s)\n", a, pa, fs.Arg(1), pb)
	}
	return store.Write(ctx, r.TakeDelta())
}

func printExplanation(std stdio, ex identity.Explanation) {
	fmt.Fprintf(std.out, "person %s: %d account(s)\n", ex.PersonID, len(ex.Accounts))
	for _, a := range ex.Accounts {
		f := ""
		if a.Founder {
			f = " (founder)"
		}
		fmt.Fprintf(std.out, "  %s%s nicknames=%q mentions=%d unionid=%v pii=%v\n", a.ID, f, a.Nicknames, a.Mentions, a.UnionID, a.PIIKinds)
	}
	fmt.Fprintln(std.out, "edges:")
	for _, e := range ex.Edges {
		reason := ""
		if e.Reason != "" {
			reason = " — " + e.Reason
		}
		fmt.Fprintf(std.out, "  %-8s %-15s %s ↔ %s score=%.2f at=%s: %s%s\n", e.State, e.Rule, e.A, e.B, e.Score,
			e.At.UTC().Format(time.RFC3339), e.Evidence, reason)
	}
}

// groupIdentity is the identity resolver's consumer group on bus.TopicEnriched.
const groupIdentity = "identity"

// resolveStage rebuilds the identity resolver from the store, then keeps it up to date
// from enriched mentions until ctx ends (returning nil then). With every > 0 it also
// recomputes the profiles at that interval. The in-process bus must have groupIdentity
// subscribed to bus.TopicEnriched.
func resolveStage(ctx context.Context, b bus.Consumer, conn driver.Conn, cfg identity.Config,
	pcfg identity.ProfileConfig, every time.Duration, reg prometheus.Registerer, log *slog.Logger) error {
	store := identity.NewStore(conn)
	r, err := store.Load(ctx, identity.Options{Config: cfg, Registerer: reg, Logger: log})
	if err != nil {
		return fmt.Errorf("rebuilding the identity resolver: %w", err)
	}
	accounts, persons := r.Size()
	log.Info("identity resolver ready", "accounts", accounts, "persons", persons)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	refreshed := make(chan struct{})
	go func() {
		defer close(refreshed)
		if every > 0 {
			refreshProfilesEvery(ctx, store, pcfg, every, log)
		}
	}()
	err = b.Consume(ctx, bus.TopicEnriched, groupIdentity, r.Handler(store))
	stop()
	<-refreshed
	return err
}

// refreshProfilesEvery recomputes the profiles at every tick until ctx ends; failures are
// logged and retried at the next tick.
func refreshProfilesEvery(ctx context.Context, store *identity.Store, pcfg identity.ProfileConfig, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if err := store.RefreshProfiles(ctx, pcfg, now); err != nil && ctx.Err() == nil {
				log.Warn("refreshing profiles failed", "err", err)
			}
		}
	}
}

// refreshProfiles recomputes the profiles once, e.g. from runPipeline's after hook when a
// demo ends, so they are queryable in the store afterwards.
func refreshProfiles(ctx context.Context, st *store, pcfg identity.ProfileConfig) error {
	return identity.NewStore(st.conn).RefreshProfiles(ctx, pcfg, time.Now())
}
