package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/simulate"
	"github.com/lingting/lingting/sinks/alert"
)

// alertEvalFlags are `lingting alert eval`'s options.
type alertEvalFlags struct {
	weeks  int
	days   int // when > 0, only this many days of the first week (a quick check)
	rate   float64
	seed   uint64
	config string
}

// runAlertEval measures detection quality on the simulator: every scripted crisis (the
// default crises in the first week, when baselines are cold, and again in the last week,
// when the seasonal baseline is ready) caught and how fast, and false alarms per brand
// per simulated week.
func runAlertEval(ctx context.Context, args []string, std stdio) error {
	var f alertEvalFlags
	fs := flag.NewFlagSet("alert eval", flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.IntVar(&f.weeks, "weeks", 3, "simulated weeks (at least 1); crises in the first and the last")
	fs.IntVar(&f.days, "days", 0, "play only this many days (quick check; overrides --weeks)")
	fs.Float64Var(&f.rate, "rate", 600, "ordinary mentions per simulated hour")
	fs.Uint64Var(&f.seed, "seed", 1, "simulator seed")
	fs.StringVar(&f.config, "config", "", "YAML config `file` whose alert section is evaluated (default rules without)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if f.weeks < 1 || f.rate <= 0 {
		return errors.New("alert eval: --weeks must be at least 1 and --rate positive")
	}
	var acfg alert.Config
	if f.config != "" {
		cfg, err := loadConfig(f.config)
		if err != nil {
			return err
		}
		acfg = cfg.Alert.Detect
	}
	res, err := evaluate(ctx, f, acfg)
	if err != nil {
		return err
	}
	res.print(std.out, f)
	return nil
}

// crisisWindow is one scripted crisis in simulated time.
type crisisWindow struct {
	brand, topic string
	start, end   time.Time
	week         int
}

// evalResult is what evaluate measured.
type evalResult struct {
	crises   []crisisWindow
	caught   map[int][]firedAlert // crisis index → alerts fired during it
	falses   []firedAlert
	mentions int
	brands   []string
	elapsed  time.Duration
}

type firedAlert struct {
	alert alert.Alert
	at    time.Time // event time of the mention that fired it
	week  int
}

// evalWorld is the simulator config of an evaluation.
func evalWorld(f alertEvalFlags) (simulate.Config, []crisisWindow) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var crises []simulate.Crisis
	var wins []crisisWindow
	add := func(c simulate.Crisis, week int) {
		c.Offset += time.Duration(week) * 7 * 24 * time.Hour
		crises = append(crises, c)
		s := start.Add(c.Offset)
		wins = append(wins, crisisWindow{brand: c.Brand, topic: c.Topic, start: s, end: s.Add(c.Duration), week: week})
	}
	for _, c := range simulate.DefaultCrises() {
		add(c, 0)
	}
	if f.weeks > 1 {
		for _, c := range simulate.DefaultCrises() {
			add(c, f.weeks-1)
		}
	}
	end := start.Add(time.Duration(f.weeks) * 7 * 24 * time.Hour)
	if f.days > 0 {
		end = start.Add(time.Duration(f.days) * 24 * time.Hour)
		wins = slices.DeleteFunc(wins, func(c crisisWindow) bool { return !c.start.Before(end) })
		crises = crises[:len(wins)]
	}
	return simulate.Config{Name: "eval", Seed: f.seed, Start: start, Step: time.Minute, RatePerHour: f.rate,
		End: end, Crises: crises}, wins
}

// evaluate plays the simulated weeks through parsing, enrichment and the alert engine.
func evaluate(ctx context.Context, f alertEvalFlags, acfg alert.Config) (*evalResult, error) {
	simCfg, wins := evalWorld(f)
	src, err := simulate.New(simCfg)
	if err != nil {
		return nil, err
	}
	pipe, err := newPipeline(Config{Enrich: enrich.Config{Brands: simulatedBrands()}}, nil, nil)
	if err != nil {
		return nil, err
	}
	eng, err := alert.NewEngine(acfg, func() time.Time { return simCfg.End.Add(time.Hour) }, nil, nil)
	if err != nil {
		return nil, err
	}
	res := &evalResult{crises: wins, caught: map[int][]firedAlert{}}
	for _, b := range simulate.DefaultBrands() {
		res.brands = append(res.brands, b.Name)
	}
	began := time.Now()
	for cursor := ""; ; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch, err := src.Fetch(ctx, cursor)
		if errors.Is(err, ingest.ErrDone) {
			break
		}
		if err != nil {
			return nil, err
		}
		cursor = batch.Next
		ms := enrichAll(pipe, parseAll(batch.Raws))
		res.mentions += len(ms)
		eng.Observe(ms)
		p := eng.Pending()
		eng.Ack(len(p))
		res.classify(p, ms, simCfg.Start)
	}
	res.elapsed = time.Since(began)
	return res, nil
}

// parseAll parses envelopes with the platforms' parsers; malformed ones are skipped.
func parseAll(raws []event.Raw) []event.Mention {
	ps := parsers()
	var out []event.Mention
	for _, r := range raws {
		if ms, err := ps[r.Platform](r); err == nil {
			out = append(out, ms...)
		}
	}
	return out
}

// enrichAll enriches ms in place on two goroutines.
func enrichAll(p *enrich.Pipeline, ms []event.Mention) []event.Mention {
	var wg sync.WaitGroup
	half := len(ms) / 2
	for _, part := range [][]event.Mention{ms[:half], ms[half:]} {
		wg.Go(func() {
			for i := range part {
				p.Enrich(&part[i])
			}
		})
	}
	wg.Wait()
	return ms
}

// crisisGrace is how long after a crisis ends an alert about its brand still belongs to it.
const crisisGrace = 30 * time.Minute

func (r *evalResult) classify(changes []alert.Alert, ms []event.Mention, start time.Time) {
	byID := make(map[string]time.Time, len(ms))
	for _, m := range ms {
		byID[m.ID] = m.CreatedAt
	}
	for _, a := range changes {
		if a.Status != alert.Firing || a.Version != 1 {
			continue
		}
		at, ok := byID[a.Trigger]
		if !ok {
			at = a.StartsAt
		}
		fa := firedAlert{alert: a, at: at, week: int(at.Sub(start) / (7 * 24 * time.Hour))}
		matched := false
		for i, c := range r.crises {
			if a.Brand == c.brand && !at.Before(c.start.Add(-time.Minute)) && at.Before(c.end.Add(crisisGrace)) {
				r.caught[i] = append(r.caught[i], fa)
				matched = true
			}
		}
		if !matched {
			r.falses = append(r.falses, fa)
		}
	}
}

func (r *evalResult) print(w io.Writer, f alertEvalFlags) {
	fmt.Fprintf(w, "alert eval: %d simulated week(s), %.0f mentions/h, seed %d: %d mentions enriched and observed in %s\n\n",
		f.weeks, f.rate, f.seed, r.mentions, r.elapsed.Round(time.Second))
	fmt.Fprintln(w, "brand     crisis (topic)        week  start (UTC)  caught  first alert       delay   first spike alert          delay   rules fired")
	for i, c := range r.crises {
		as := r.caught[i]
		head := fmt.Sprintf("%s  %s  %4d  %s", alertPad(c.brand, 8), alertPad(c.topic, 20), c.week+1, c.start.UTC().Format("01-02 15:04"))
		if len(as) == 0 {
			fmt.Fprintf(w, "%s  NO\n", head)
			continue
		}
		slices.SortFunc(as, func(a, b firedAlert) int { return a.at.Compare(b.at) })
		rules := map[string]bool{}
		spike, spikeDelay := "none", "-"
		for _, a := range as {
			rules[ruleLabel(a.alert)] = true
			if r := a.alert.Rule; spike == "none" && (r == alert.RuleVolume || r == alert.RuleShare) {
				spike, spikeDelay = ruleLabel(a.alert), a.at.Sub(c.start).Round(time.Second).String()
			}
		}
		fmt.Fprintf(w, "%s  yes     %-16s  %-6s  %-25s  %-6s  %v\n", head, ruleLabel(as[0].alert),
			as[0].at.Sub(c.start).Round(time.Second), spike, spikeDelay, alertKeys(rules))
	}
	fmt.Fprintln(w, "\nfalse alarms (firing alerts outside every crisis of their brand) per brand and week:")
	fmt.Fprintf(w, "%-10s", "brand")
	for wk := range f.weeks {
		fmt.Fprintf(w, "  week %d", wk+1)
	}
	fmt.Fprintln(w, "  rules")
	for _, b := range append(slices.Clone(r.brands), "") {
		per := make([]int, f.weeks)
		rules := map[string]bool{}
		for _, a := range r.falses {
			if a.alert.Brand == b && a.week < f.weeks {
				per[a.week]++
				rules[ruleLabel(a.alert)] = true
			}
		}
		name := b
		if b == "" {
			name = "(none)"
		}
		fmt.Fprintf(w, "%s", alertPad(name, 10))
		for _, n := range per {
			fmt.Fprintf(w, "  %6d", n)
		}
		fmt.Fprintf(w, "  %v\n", alertKeys(rules))
	}
	for _, a := range r.falses {
		fmt.Fprintf(w, "  false alarm: %s %s\n", a.at.UTC().Format("01-02 15:04"), a.alert.Summary)
	}
}

// alertPad pads s with spaces to n display columns (a CJK character takes two).
func alertPad(s string, n int) string {
	w := 0
	for _, r := range s {
		w++
		if r >= 0x2E80 {
			w++
		}
	}
	for ; w < n; w++ {
		s += " "
	}
	return s
}

func ruleLabel(a alert.Alert) string {
	if a.Channel == "" {
		return string(a.Rule)
	}
	return string(a.Rule) + "/" + string(a.Channel)
}

func alertKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
