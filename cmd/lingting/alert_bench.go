package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/alert"
	"github.com/lingting/lingting/sinks/clickhouse"
)

// alertBenchFlags are `lingting alert bench`'s options.
type alertBenchFlags struct {
	alerts int
	every  time.Duration
	load   int
}

// runAlertBench measures end-to-end alert latency in the embedded mode: each probe is a
// strongly negative mention by a big account, published on the mentions topic (where a
// collector puts it); the clock stops when the signed webhook receiving its alert is
// called. Enrichment, the ClickHouse sink and the alert stage (store in the embedded
// engine, outbox, delivery) all run, with ordinary background traffic.
func runAlertBench(ctx context.Context, args []string, std stdio) error {
	var f alertBenchFlags
	fs := flag.NewFlagSet("alert bench", flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.IntVar(&f.alerts, "alerts", 200, "probe mentions (one alert each)")
	fs.DurationVar(&f.every, "every", 100*time.Millisecond, "time between probes")
	fs.IntVar(&f.load, "load", 200, "ordinary background mentions per second")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if f.alerts < 1 || f.every <= 0 || f.load < 0 {
		return errors.New("alert bench: --alerts and --every must be positive, --load not negative")
	}
	lat, err := benchLatency(ctx, f)
	if err != nil {
		return err
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Fprintf(std.out, "alert bench: %d alerts (probe every %s, %d background mentions/s), embedded mode\n", len(lat), f.every, f.load)
	fmt.Fprintf(std.out, "mention published → webhook called: p50 %s  p90 %s  p99 %s  max %s\n",
		q(0.50).Round(time.Millisecond), q(0.90).Round(time.Millisecond), q(0.99).Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	return nil
}

// probeReceiver is the webhook: it records when each probe's alert arrived.
type probeReceiver struct {
	mu   sync.Mutex
	got  map[string]time.Time
	done chan struct{}
	want int
}

func (p *probeReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	var body alert.WebhookPayload
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, a := range body.Alerts {
		if _, seen := p.got[a.Trigger]; !seen && a.Status == alert.Firing && a.Rule == alert.RuleReach {
			p.got[a.Trigger] = now
			if len(p.got) == p.want {
				close(p.done)
			}
		}
	}
}

func benchLatency(ctx context.Context, f alertBenchFlags) ([]time.Duration, error) {
	dir, err := os.MkdirTemp("", "lingting-alert-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	log := slog.New(slog.DiscardHandler)
	rcv := &probeReceiver{got: map[string]time.Time{}, done: make(chan struct{}), want: f.alerts}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	st, err := openStore(ctx, dir, "127.0.0.1:0", nil, log)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	cfg := Config{DataDir: dir}.withDefaults()
	b := bus.NewMemory(cfg.Memory, nil, log)
	defer b.Close()
	for topic, group := range map[string]string{bus.TopicMentions: groupEnrich, bus.TopicDeadLetters: groupDeadLetters} {
		b.Subscribe(topic, group)
	}
	b.Subscribe(bus.TopicEnriched, groupSink)
	b.Subscribe(bus.TopicEnriched, groupAlert)
	pipe, err := newPipeline(cfg, nil, log)
	if err != nil {
		return nil, err
	}
	acfg := demoAlertConfig(srv.URL)
	acfg.Delivery.Backoff = 50 * time.Millisecond
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	g, gctx := errgroup.WithContext(runCtx)
	g.Go(func() error { return enrichStage(gctx, b, pipe) })
	g.Go(func() error { return sinkStage(gctx, b, clickhouse.NewWriter(st.conn, cfg.Writer, nil, log)) })
	g.Go(func() error { return alertStage(gctx, acfg, dir, b, st.conn, nil, log) })
	sent := map[string]time.Time{}
	g.Go(func() error { return backgroundLoad(gctx, b, f.load) })
	err = publishProbes(gctx, b, f, sent)
	if err == nil {
		select {
		case <-rcv.done:
		case <-time.After(30 * time.Second):
			err = fmt.Errorf("alert bench: only %d of %d alerts arrived within 30 s", len(rcv.got), f.alerts)
		case <-gctx.Done():
			err = gctx.Err()
		}
	}
	stop()
	if werr := g.Wait(); err == nil && werr != nil && !errors.Is(werr, context.Canceled) {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	var lat []time.Duration
	for id, at := range rcv.got {
		lat = append(lat, at.Sub(sent[id]))
	}
	return lat, nil
}

// probeText is strongly negative about a simulated brand.
const probeText = "茶小满的奶茶喝出异物，喝完拉肚子，客服还推脱，太恶心了，再也不买了！"

func publishProbes(ctx context.Context, b bus.Publisher, f alertBenchFlags, sent map[string]time.Time) error {
	t := time.NewTicker(f.every)
	defer t.Stop()
	for i := range f.alerts {
		m := event.Mention{ID: event.ID(event.Weibo, fmt.Sprintf("probe%d", i)), Platform: event.Weibo, Kind: event.Post,
			NativeID: fmt.Sprintf("probe%d", i), CreatedAt: time.Now().UTC(), Text: probeText,
			Author: event.Account{ID: "weibo:bigv", Platform: event.Weibo, NativeID: "bigv", Nickname: "大V", Followers: 2_000_000},
			URL:    fmt.Sprintf("https://weibo.com/bigv/probe%d", i)}
		v, err := event.Encode(m)
		if err != nil {
			return err
		}
		sent[m.ID] = time.Now()
		if err := b.Publish(ctx, bus.TopicMentions, bus.Message{Key: []byte(m.ID), Value: v}); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// backgroundLoad publishes ordinary mentions at perSecond, in batches every 100 ms.
func backgroundLoad(ctx context.Context, b bus.Publisher, perSecond int) error {
	if perSecond == 0 {
		return nil
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	texts := []string{"今天的桃桃乌龙还不错", "星曜X9 Pro拍照挺好", "澜肌的面霜用着一般", "优鲜到家的水果挺新鲜", "驰远E7续航还行吧"}
	for n := 0; ; {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		msgs := make([]bus.Message, 0, perSecond/10+1)
		for range max(perSecond/10, 1) {
			n++
			m := event.Mention{ID: event.ID(event.Weibo, fmt.Sprintf("bg%d", n)), Platform: event.Weibo, Kind: event.Comment,
				NativeID: fmt.Sprintf("bg%d", n), CreatedAt: time.Now().UTC(), Text: texts[n%len(texts)],
				Author: event.Account{ID: fmt.Sprintf("weibo:u%d", n%500), Platform: event.Weibo, NativeID: fmt.Sprintf("u%d", n%500), Followers: 100}}
			v, _ := event.Encode(m)
			msgs = append(msgs, bus.Message{Key: []byte(m.ID), Value: v})
		}
		if err := b.Publish(ctx, bus.TopicMentions, msgs...); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
}
