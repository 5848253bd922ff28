package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/simulate"
)

// demoFlags are `lingting demo`'s options.
type demoFlags struct {
	duration      time.Duration
	speed         float64
	seed          uint64
	dataDir       string
	listen        string
	metricsListen string
	logLevel      string
	alertWebhook  string
}

func runDemo(ctx context.Context, args []string, std stdio) error {
	var f demoFlags
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.DurationVar(&f.duration, "duration", 60*time.Second, "how long to run (wall clock)")
	fs.Float64Var(&f.speed, "speed", 1440, "simulated seconds per second: 1440 plays a day in a minute")
	fs.Uint64Var(&f.seed, "seed", 0, "simulator seed; 0 derives one from the simulated window, so runs add new data")
	fs.StringVar(&f.dataDir, "data-dir", ".data", "where the embedded store and checkpoints live")
	fs.StringVar(&f.listen, "clickhouse-listen", "127.0.0.1:8123", "`address` of the ClickHouse HTTP interface")
	fs.StringVar(&f.metricsListen, "metrics-listen", "127.0.0.1:9464", "`address` of /metrics and /healthz")
	fs.StringVar(&f.logLevel, "log-level", "warn", "debug, info, warn or error")
	fs.StringVar(&f.alertWebhook, "alert-webhook", "", "`URL` that receives the demo's alerts (signed JSON, see docs/alerts.md)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if f.duration <= 0 || f.speed <= 0 {
		return errors.New("demo: --duration and --speed must be positive")
	}
	win, from, err := demoWindow(ctx, f, time.Now().UTC())
	if err != nil {
		return err
	}
	cfg := demoConfig(f, win)
	if err := cfg.Validate(); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "Lingting demo: %s of simulated Weibo, Douyin and WeCom traffic (%s → %s UTC, seed %d) in about %s.\n",
		win.End.Sub(from), from.Format("01-02 15:04"), win.End.Format("01-02 15:04"), win.Seed, f.duration)
	fmt.Fprintf(std.out, "While it runs:  curl 'http://%s/?query=SELECT+platform,count()+FROM+lingting.mentions+GROUP+BY+platform'\n", f.listen)
	fmt.Fprintf(std.out, "Metrics:        http://%s/metrics\n\n", f.metricsListen)
	began := time.Now()
	return runPipeline(ctx, cfg, roles{collect: true, enrich: true, sink: true, resolve: true, alert: true, untilCollected: true},
		newLogger(std.err, f.logLevel), func(ctx context.Context, st *store) error {
			if err := refreshProfiles(ctx, st, cfg.Profiles); err != nil {
				return err
			}
			if err := printSummary(ctx, st, f, time.Since(began), std.out); err != nil {
				return err
			}
			return printAlerts(ctx, st.conn, std.out)
		})
}

// demoConfig is the embedded pipeline over the simulator, paced so that the window plays
// in about f.duration.
func demoConfig(f demoFlags, win demoState) Config {
	sim := win.sim()
	return Config{
		DataDir:       f.dataDir,
		MetricsListen: f.metricsListen,
		LogLevel:      f.logLevel,
		ClickHouse:    ClickHouseConfig{Listen: f.listen},
		Sources:       SourcesConfig{Simulate: &sim},
		Alert:         demoAlertConfig(f.alertWebhook),
		// The demo's personal data is simulated: without LINGTING_PII_KEY it still hashes
		// it, with a fixed key, so identity resolution can match phones and e-mails.
		Enrich: enrich.Config{PIIKey: []byte("lingting-demo-pii-key")},
		Runner: ingest.RunnerConfig{Interval: time.Duration(float64(win.Step) / f.speed)},
	}.withDefaults()
}

const (
	demoSource = "simulate" // the demo's source name and checkpoint key
	demoRate   = 1200       // ordinary mentions per simulated hour, before seasonality and crises
	// demoMalformedEvery: about one envelope in this many is broken, so that the demo
	// shows the dead-letter path.
	demoMalformedEvery = 2000
)

// demoState is the demo's simulated world, kept in the data directory. The world starts
// at Origin and every demo run plays it further, up to End, so ids never repeat between
// runs; a run that was interrupted resumes where its checkpoint says.
type demoState struct {
	Seed   uint64        `json:"seed"`
	Origin time.Time     `json:"origin"`
	End    time.Time     `json:"end"`
	Step   time.Duration `json:"step"` // the simulated time one fetch covers
}

// demoStepFor is the simulated time one fetch covers at speed: about 200 ms of wall
// clock, in whole minutes from 1 to 10, so that a fast demo moves batches of a few hundred
// mentions rather than many small ones.
func demoStepFor(speed float64) time.Duration {
	step := time.Duration(speed * float64(200*time.Millisecond)).Round(time.Minute)
	return min(max(step, time.Minute), 10*time.Minute)
}

const demoStateFile = "demo.json"

// sim is the simulator config of the state.
func (s demoState) sim() simulate.Config {
	return simulate.Config{Name: demoSource, Seed: s.Seed, Start: s.Origin, End: s.End, Step: s.Step,
		RatePerHour: demoRate, MalformedEvery: demoMalformedEvery}
}

// at is when batch i starts.
func (s demoState) at(i int64) time.Time { return s.Origin.Add(time.Duration(i) * s.Step) }

// batch is the index of the batch that starts at t.
func (s demoState) batch(t time.Time) int64 { return int64(t.Sub(s.Origin) / s.Step) }

// demoWindow returns the world to play: the data directory's unfinished run, or the next
// run of its world (or a new world) ending now and starting f.duration × f.speed before,
// skipping the simulated time nobody watched.
func demoWindow(ctx context.Context, f demoFlags, now time.Time) (st demoState, from time.Time, err error) {
	path := filepath.Join(f.dataDir, demoStateFile)
	cp, err := ingest.NewFileCheckpoints(filepath.Join(f.dataDir, "checkpoints"))
	if err != nil {
		return demoState{}, from, err
	}
	cursor, err := cp.Load(ctx, demoSource)
	if err != nil {
		return demoState{}, from, err
	}
	step := demoStepFor(f.speed)
	end := now.Truncate(step)
	from = end.Add(-time.Duration(float64(f.duration) * f.speed)).Truncate(step)
	st, ok := readDemoState(path)
	if ok && f.seed != 0 && f.seed != st.Seed {
		// The simulator's ids come from batch positions, not the seed: another world in
		// the same store would overwrite this one's mentions.
		return demoState{}, from, fmt.Errorf("demo: %s holds the world of seed %d; use another --data-dir for seed %d", f.dataDir, st.Seed, f.seed)
	}
	next, _ := strconv.ParseInt(cursor, 10, 64)
	switch {
	case ok && next < st.batch(st.End):
		return st, st.at(next), nil // an interrupted run: finish it
	case ok:
		st.End = now.Truncate(st.Step)
		next = max(next, st.batch(from))
	default:
		st = demoState{Seed: f.seed, Origin: from, End: end, Step: step}
		if st.Seed == 0 {
			st.Seed = uint64(from.Unix() / 60)
		}
		next = 0
	}
	if err := cp.Save(ctx, demoSource, strconv.FormatInt(next, 10)); err != nil {
		return demoState{}, from, err
	}
	b, _ := json.Marshal(st)
	if err := os.WriteFile(path, b, 0o640); err != nil {
		return demoState{}, from, fmt.Errorf("recording the demo world: %w", err)
	}
	return st, st.at(next), nil
}

func readDemoState(path string) (demoState, bool) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return demoState{}, false
	}
	var s demoState
	if err != nil || json.Unmarshal(b, &s) != nil || s.Seed == 0 || s.Step <= 0 || !s.End.After(s.Origin) {
		return demoState{}, false
	}
	return s, true
}
