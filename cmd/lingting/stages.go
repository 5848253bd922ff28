package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/topic"
	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/douyin"
	"github.com/lingting/lingting/ingest/replay"
	"github.com/lingting/lingting/ingest/simulate"
	"github.com/lingting/lingting/ingest/wecom"
	"github.com/lingting/lingting/ingest/weibo"
	"github.com/lingting/lingting/sinks/clickhouse"
)

// Consumer group names: one per stage and topic.
const (
	groupEnrich      = "enrich"
	groupSink        = "sink"
	groupDeadLetters = "sink-dead-letters"
)

// messageBus is a bus both ways, with a Close that stops it.
type messageBus interface {
	bus.Publisher
	bus.Consumer
	Close() error
}

// openBus returns the Kafka bus when cfg.Kafka is set, else the in-process bus. With the
// in-process bus, call subscribe before publishing.
func openBus(ctx context.Context, cfg Config, reg prometheus.Registerer, log *slog.Logger) (messageBus, error) {
	if cfg.Kafka == nil {
		return bus.NewMemory(cfg.Memory, reg, log), nil
	}
	k, err := bus.NewKafka(*cfg.Kafka, reg, log)
	if err != nil {
		return nil, err
	}
	t := cfg.KafkaTopics
	if err := k.EnsureTopics(ctx, t.Partitions, t.Replication, bus.TopicMentions, bus.TopicEnriched, bus.TopicDeadLetters); err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

// needKafka refuses to run one stage alone over the in-process bus, where its records
// could never reach the stages this process does not run (publishing would wait forever).
func needKafka(stage string, cfg Config) error {
	if cfg.Kafka != nil {
		return nil
	}
	return fmt.Errorf("%s: the config has no kafka section: one stage alone reaches the others only over Kafka (`lingting run` runs every stage in one process)", stage)
}

// subscribe declares, on the in-process bus, the consumer groups of the stages r runs, so
// that publishing never waits for a stage to start (and never for one that this process
// does not run). Kafka's groups need no declaration.
func subscribe(b messageBus, r roles) {
	m, ok := b.(*bus.Memory)
	if !ok {
		return
	}
	if r.enrich {
		m.Subscribe(bus.TopicMentions, groupEnrich)
	}
	if r.sink {
		m.Subscribe(bus.TopicEnriched, groupSink)
		m.Subscribe(bus.TopicDeadLetters, groupDeadLetters)
	}
	if r.resolve {
		m.Subscribe(bus.TopicEnriched, groupIdentity)
	}
	if r.alert {
		m.Subscribe(bus.TopicEnriched, groupAlert)
	}
}

// parsers maps every platform to its payload parser.
func parsers() ingest.Parsers {
	return ingest.Parsers{event.Weibo: weibo.Parse, event.Douyin: douyin.Parse, event.WeCom: wecom.Parse}
}

// sources builds the collectors cfg names.
func sources(cfg Config) ([]ingest.Source, error) {
	var srcs []ingest.Source
	if c := cfg.Sources.Simulate; c != nil {
		s, err := simulate.New(*c)
		if err != nil {
			return nil, fmt.Errorf("sources.simulate: %w", err)
		}
		srcs = append(srcs, s)
	}
	if c := cfg.Sources.Replay; c != nil {
		s, err := replay.New(*c)
		if err != nil {
			return nil, fmt.Errorf("sources.replay: %w", err)
		}
		srcs = append(srcs, s)
	}
	return srcs, nil
}

// collect runs every configured source until each is done or ctx ends. runPipeline has
// checked that there is at least one.
func collect(ctx context.Context, cfg Config, pub bus.Publisher, reg prometheus.Registerer, log *slog.Logger) error {
	srcs, err := sources(cfg)
	if err != nil {
		return err
	}
	ps := cfg.Sources.PlatformSources
	cp, err := ingest.NewFileCheckpoints(filepath.Join(cfg.DataDir, "checkpoints"))
	if err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	if ps.Weibo != nil || ps.Douyin != nil || ps.WeCom != nil {
		g.Go(func() error { return collectPlatforms(ctx, ps, pub, cp, cfg.Runner, parsers(), reg, log, nil) })
	}
	for _, s := range srcs {
		r := ingest.NewRunner(s, parsers(), pub, cp, cfg.Runner, reg, log)
		g.Go(func() error {
			err := r.Run(ctx)
			if c, ok := s.(io.Closer); ok {
				err = errors.Join(err, c.Close())
			}
			return err
		})
	}
	return g.Wait()
}

// The process-wide enrichment tables, loaded once and shared by every pipeline: gse's
// dictionary (about 2 s and 130 MB) and its IDF table (0.5 s, 20 MB).
var (
	loadSegmenter = sync.OnceValues(func() (*segment.Segmenter, error) { return segment.Load(segment.DAG) })
	loadIDF       = sync.OnceValues(topic.LoadIDF)
)

// piiKeyEnv names the environment variable holding the secret of the personal-data
// hashes; without it, personal data is still redacted but no hashes are kept.
const piiKeyEnv = "LINGTING_PII_KEY"

// newPipeline builds the enrichment pipeline for cfg's brands.
func newPipeline(cfg Config, reg prometheus.Registerer, log *slog.Logger) (*enrich.Pipeline, error) {
	seg, err := loadSegmenter()
	if err != nil {
		return nil, err
	}
	idf, err := loadIDF()
	if err != nil {
		return nil, err
	}
	c := cfg.Enrich
	c.Segmenter, c.IDF, c.Now = seg, idf, time.Now
	if key := os.Getenv(piiKeyEnv); key != "" {
		c.PIIKey = []byte(key)
	}
	if len(c.PIIKey) == 0 && log != nil {
		log.Warn("personal data is redacted but not hashed: set " + piiKeyEnv + " so identity resolution can match phones and e-mails")
	}
	return enrich.New(c, reg, log)
}

// enrichStage consumes raw mentions, enriches them and publishes them, until ctx ends.
func enrichStage(ctx context.Context, b messageBus, p *enrich.Pipeline) error {
	return b.Consume(ctx, bus.TopicMentions, groupEnrich, p.Handler(b))
}

// sinkStage stores enriched mentions and dead letters until ctx ends.
func sinkStage(ctx context.Context, b bus.Consumer, w *clickhouse.Writer) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return b.Consume(ctx, bus.TopicEnriched, groupSink, w.MentionsHandler()) })
	g.Go(func() error { return b.Consume(ctx, bus.TopicDeadLetters, groupDeadLetters, w.DeadLettersHandler()) })
	return g.Wait()
}

// simulatedBrands are the brands the simulator talks about, as enrich keywords.
func simulatedBrands() []enrich.Brand {
	var out []enrich.Brand
	for _, b := range simulate.DefaultBrands() {
		out = append(out, enrich.Brand{Name: b.Name, Keywords: b.Keywords})
	}
	return out
}
