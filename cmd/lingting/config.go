package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/identity"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/replay"
	"github.com/lingting/lingting/ingest/simulate"
	"github.com/lingting/lingting/sinks/clickhouse"
)

// Config is the YAML file of `lingting run` and of the stage commands. Every field has a
// working default, so an empty file runs the embedded pipeline with no sources.
type Config struct {
	// DataDir holds the embedded store and the collectors' checkpoints. Default ".data".
	DataDir string `yaml:"data_dir"`
	// MetricsListen is the address of /metrics and /healthz; "" turns them off.
	// Default "127.0.0.1:9464".
	MetricsListen string `yaml:"metrics_listen"`
	// LogLevel is debug, info, warn or error. Default info.
	LogLevel string `yaml:"log_level"`

	ClickHouse ClickHouseConfig `yaml:"clickhouse"`
	// Kafka, when set, carries records between stages; without it the stages of one
	// process talk over the in-process bus (Memory).
	Kafka *bus.KafkaConfig `yaml:"kafka"`
	// KafkaTopics is how the stage topics are created when missing.
	KafkaTopics TopicsConfig `yaml:"kafka_topics"`
	// Memory tunes the in-process bus. Its batch_wait defaults to 2ms here, not the
	// bus's 50ms: a collector's Publish waits for the whole in-process chain, so waiting for
	// more messages would only add latency to every batch.
	Memory bus.MemoryConfig `yaml:"memory_bus"`

	Sources SourcesConfig           `yaml:"sources"`
	Runner  ingest.RunnerConfig     `yaml:"runner"`
	Enrich  enrich.Config           `yaml:"enrich"` // brands (default: the simulator's), aspects, keywords
	Writer  clickhouse.WriterConfig `yaml:"writer"`

	// Identity tunes cross-channel identity resolution (docs/identity.md).
	Identity identity.Config `yaml:"identity"`
	// Profiles tunes the SCRM segments of the per-person profiles.
	Profiles identity.ProfileConfig `yaml:"profiles"`
	// ProfilesEvery is how often the resolve stage recomputes the profiles. Default 5m.
	ProfilesEvery time.Duration `yaml:"profiles_every"`

	// Alert configures the detectors and notifiers of the alert stage (docs/alerts.md).
	Alert AlertConfig `yaml:"alert"`
}

// errNoSources: a process that collects needs at least one source.
var errNoSources = errors.New("sources: none configured (sources.simulate, replay, weibo, douyin or wecom)")

// any reports errNoSources when no source is configured.
func (s SourcesConfig) any() error {
	if s.Simulate == nil && s.Replay == nil && s.Weibo == nil && s.Douyin == nil && s.WeCom == nil {
		return errNoSources
	}
	return nil
}

// TopicsConfig is the layout of the stage topics Lingting creates when they are missing.
type TopicsConfig struct {
	// Partitions per topic: the most consumers one stage can run in parallel. Default 6.
	Partitions int `yaml:"partitions"`
	// Replication factor. Default 1; use 3 on a production cluster.
	Replication int `yaml:"replication"`
}

// ClickHouseConfig says where records are stored.
type ClickHouseConfig struct {
	// Listen is where the embedded engine answers ClickHouse's HTTP interface.
	// Default "127.0.0.1:8123". Ignored with External.
	Listen string `yaml:"listen"`
	// AllowRemote lets Listen be an address other hosts reach. The embedded interface has
	// no authentication (it accepts and ignores user and password), so by default only
	// loopback addresses are allowed; put a proxy with authentication in front before
	// setting this.
	AllowRemote bool `yaml:"allow_remote"`
	// External, when set, is a ClickHouse server or cluster to write to instead of the
	// embedded engine. Its password may come from LINGTING_CLICKHOUSE_PASSWORD.
	External *clickhouse.ConnConfig `yaml:"external"`
}

// SourcesConfig lists the collectors this process runs.
type SourcesConfig struct {
	// Simulate runs the built-in traffic simulator.
	Simulate *simulate.Config `yaml:"simulate"`
	// Replay reads JSON lines of raw envelopes from files (backfill).
	// The files must exist when the source starts.
	Replay *replay.Config `yaml:"replay"`
	// The real platforms: sources.weibo, sources.douyin, sources.wecom.
	PlatformSources `yaml:",inline"`
}

// loadConfig reads, defaults and validates the YAML file at path. Unknown fields are
// errors, so a typo does not silently fall back to a default.
func loadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("reading config: %w", err)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) { // io.EOF: empty file
		return Config{}, fmt.Errorf("parsing config %s: %w", path, err)
	}
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

func (c Config) withDefaults() Config {
	if c.DataDir == "" {
		c.DataDir = ".data"
	}
	if c.MetricsListen == "" {
		c.MetricsListen = "127.0.0.1:9464"
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	c.Alert = c.Alert.withDefaults()
	if c.ProfilesEvery == 0 {
		c.ProfilesEvery = 5 * time.Minute
	}
	if c.Memory.BatchWait == 0 {
		c.Memory.BatchWait = 2 * time.Millisecond
	}
	if c.KafkaTopics.Partitions == 0 {
		c.KafkaTopics.Partitions = 6
	}
	if c.KafkaTopics.Replication == 0 {
		c.KafkaTopics.Replication = 1
	}
	if c.ClickHouse.Listen == "" {
		c.ClickHouse.Listen = "127.0.0.1:8123"
	}
	if ext := c.ClickHouse.External; ext != nil && ext.Password == "" {
		ext.Password = os.Getenv("LINGTING_CLICKHOUSE_PASSWORD")
	}
	if len(c.Enrich.Brands) == 0 {
		c.Enrich.Brands = simulatedBrands()
	}
	return c
}

// Validate reports the first invalid field by its YAML path.
func (c Config) Validate() error {
	type check struct {
		field string
		err   error
	}
	checks := []check{
		{"log_level", validLevel(c.LogLevel)},
		{"clickhouse.listen", loopbackOnly(c.ClickHouse.Listen, c.ClickHouse.AllowRemote || c.ClickHouse.External != nil)},
		{"memory_bus", c.Memory.Validate()},
		{"runner", c.Runner.Validate()},
		{"writer", c.Writer.Validate()},
		{"enrich.brands", validBrands(c.Enrich.Brands)},
		{"identity", c.Identity.Validate()},
		{"profiles", c.Profiles.Validate()},
	}
	if c.Kafka != nil {
		checks = append(checks, check{"kafka", c.Kafka.Validate()})
	}
	if c.ClickHouse.External != nil {
		checks = append(checks, check{"clickhouse.external", c.ClickHouse.External.Validate()})
	}
	if s := c.Sources.Simulate; s != nil {
		checks = append(checks, check{"sources.simulate", s.Validate()})
	}
	if r := c.Sources.Replay; r != nil && len(r.Paths) == 0 {
		checks = append(checks, check{"sources.replay.paths", errors.New("at least one file is required")})
	}
	checks = append(checks, check{"", c.Sources.PlatformSources.Validate()}, // names its own field
		check{"", c.Alert.Validate()}) // names its own field
	for _, ch := range checks {
		switch {
		case ch.err != nil && ch.field == "":
			return ch.err
		case ch.err != nil:
			return fmt.Errorf("%s: %w", ch.field, ch.err)
		}
	}
	return nil
}

// loopbackOnly refuses a listen address other hosts could reach, unless allowed: the
// embedded ClickHouse interface has no authentication.
func loopbackOnly(listen string, allow bool) error {
	if allow {
		return nil
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("%q: %w", listen, err)
	}
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%q is not a loopback address: the embedded interface has no authentication (allow it explicitly: clickhouse.allow_remote, or serve --allow-remote)", listen)
}

func validLevel(s string) error {
	switch strings.ToLower(s) {
	case "debug", "info", "warn", "error":
		return nil
	}
	return fmt.Errorf("%q is not one of debug, info, warn, error", s)
}

func validBrands(bs []enrich.Brand) error {
	seen := map[string]bool{}
	for i, b := range bs {
		switch {
		case b.Name == "":
			return fmt.Errorf("[%d].name is empty", i)
		case seen[b.Name]:
			return fmt.Errorf("[%d].name %q appears twice", i, b.Name)
		case len(b.Keywords) == 0:
			return fmt.Errorf("[%d].keywords: brand %q has none", i, b.Name)
		}
		seen[b.Name] = true
	}
	return nil
}
