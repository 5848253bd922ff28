package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/douyin"
	"github.com/lingting/lingting/ingest/wecom"
	"github.com/lingting/lingting/ingest/wecom/sdkbridge"
	"github.com/lingting/lingting/ingest/weibo"
)

// PlatformSources are the collectors of the real platforms, the sections sources.weibo,
// sources.douyin and sources.wecom of the config file (SourcesConfig embeds it inline).
// Each section is optional; secrets are never in the file, only the files or environment
// variables that hold them.
type PlatformSources struct {
	Weibo  *weibo.Config  `yaml:"weibo"`
	Douyin *douyin.Config `yaml:"douyin"`
	WeCom  *wecom.Config  `yaml:"wecom"`
}

// Validate reports the first invalid field by its YAML path.
func (p PlatformSources) Validate() error {
	if p.Weibo != nil {
		if err := p.Weibo.Validate(); err != nil {
			return fmt.Errorf("sources.weibo.%w", err)
		}
	}
	if p.Douyin != nil {
		if err := p.Douyin.Validate(); err != nil {
			return fmt.Errorf("sources.douyin.%w", err)
		}
	}
	if p.WeCom != nil {
		if err := p.WeCom.Validate(); err != nil {
			return fmt.Errorf("sources.wecom.%w", err)
		}
	}
	return nil
}

// only returns the section of one platform ("weibo", "douyin", "wecom").
func (p PlatformSources) only(platform string) (PlatformSources, error) {
	var out PlatformSources
	switch platform {
	case "weibo":
		out.Weibo = p.Weibo
	case "douyin":
		out.Douyin = p.Douyin
	case "wecom":
		out.WeCom = p.WeCom
	default:
		return out, fmt.Errorf("unknown platform %q (weibo, douyin or wecom)", platform)
	}
	if out == (PlatformSources{}) {
		return out, fmt.Errorf("sources.%s: not configured", platform)
	}
	return out, nil
}

// route is an HTTP handler for pushed events and where to serve it.
type route struct {
	name, addr, path string
	handler          http.Handler
}

// platformRig is what the platform sections build: sources for Runners, handlers for the
// pushed-event listeners, and what must be closed after both stopped.
type platformRig struct {
	sources []ingest.Source
	routes  []route
	closers []io.Closer
}

// platformSources builds the collectors of ps. The caller runs the sources with
// ingest.Runners, serves the routes (rig.serve) and closes the rig after both stopped.
func platformSources(ps PlatformSources, reg prometheus.Registerer, log *slog.Logger) (_ *platformRig, err error) {
	rig := &platformRig{}
	defer func() {
		if err != nil {
			rig.Close() // spools and the SDK opened before the failure
		}
	}()
	if c := ps.Weibo; c != nil {
		s, err := weibo.NewSource(*c, nil, reg, log.With("source", "weibo"))
		if err != nil {
			return nil, fmt.Errorf("sources.weibo: %w", err)
		}
		rig.sources = append(rig.sources, s)
	}
	if c := ps.Douyin; c != nil {
		if err := rig.addDouyin(c.WithDefaults(), reg, log.With("source", "douyin")); err != nil {
			return nil, fmt.Errorf("sources.douyin: %w", err)
		}
	}
	if c := ps.WeCom; c != nil {
		if err := rig.addWeCom(c.WithDefaults(), reg, log.With("source", "wecom")); err != nil {
			return nil, fmt.Errorf("sources.wecom: %w", err)
		}
	}
	return rig, nil
}

func (rig *platformRig) addDouyin(c douyin.Config, reg prometheus.Registerer, log *slog.Logger) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if w := c.Webhook; w != nil {
		secret, err := c.ClientSecret()
		if err != nil {
			return err
		}
		spool, err := douyin.OpenSpool(w.SpoolDir, w.SegmentBytes, w.DedupWindow)
		if err != nil {
			return err
		}
		rig.closers = append(rig.closers, spool)
		h, err := douyin.NewWebhook(secret, spool, reg, log)
		if err != nil {
			return err
		}
		rig.routes = append(rig.routes, route{"douyin webhook", w.Listen, w.Path, h})
		rig.sources = append(rig.sources, douyin.NewSpoolSource(c.Name+"-webhook", spool, w.CommentEvents, reg, log))
	}
	if c.Poller != nil {
		p, err := douyin.NewPoller(c, nil, reg, log)
		if err != nil {
			return err
		}
		rig.sources = append(rig.sources, p)
	}
	return nil
}

func (rig *platformRig) addWeCom(c wecom.Config, reg prometheus.Registerer, log *slog.Logger) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if cb := c.Callback; cb != nil {
		if err := rig.addWeComCallback(c, cb, reg, log); err != nil {
			return fmt.Errorf("callback: %w", err)
		}
	}
	if a := c.Archive; a != nil {
		secret, err := wecom.ReadSecret("archive.secret", a.SecretFile, a.SecretEnv, true)
		if err != nil {
			return err
		}
		sdk, err := sdkbridge.Open(sdkbridge.Config{LibraryPath: a.LibraryPath, CorpID: c.CorpID, Secret: secret,
			Proxy: a.Proxy, ProxyPassword: os.Getenv(a.ProxyPasswordEnv), Timeout: a.Timeout})
		if err != nil {
			return fmt.Errorf("archive: %w", err)
		}
		rig.closers = append(rig.closers, sdk)
		src, err := wecom.NewArchiveSource(c, sdk, reg, log)
		if err != nil {
			return err
		}
		rig.sources = append(rig.sources, src)
	}
	return nil
}

func (rig *platformRig) addWeComCallback(c wecom.Config, cb *wecom.CallbackConfig, reg prometheus.Registerer, log *slog.Logger) error {
	token, err := wecom.ReadSecret("token", cb.TokenFile, cb.TokenEnv, true)
	if err != nil {
		return err
	}
	aesKey, err := wecom.ReadSecret("encoding_aes_key", cb.AESKeyFile, cb.AESKeyEnv, true)
	if err != nil {
		return err
	}
	crypto, err := wecom.NewCrypto(token, aesKey, c.CorpID)
	if err != nil {
		return err
	}
	contactSecret, err := wecom.ReadSecret("contact_secret", cb.ContactSecretFile, cb.ContactSecretEnv, false)
	if err != nil {
		return err
	}
	spool, err := douyin.OpenSpool(cb.SpoolDir, cb.SegmentBytes, 0)
	if err != nil {
		return err
	}
	rig.closers = append(rig.closers, spool)
	h, err := wecom.NewCallback(crypto, spool, reg, log)
	if err != nil {
		return err
	}
	var contacts *wecom.Contacts
	if contactSecret != "" {
		contacts = wecom.NewContacts(c.APIBaseURL, c.CorpID, contactSecret, nil, cb.LookupTimeout, reg)
	}
	rig.routes = append(rig.routes, route{"wecom callback", cb.Listen, cb.Path, h})
	rig.sources = append(rig.sources, wecom.NewEventSource(c.Name+"-events", spool, contacts, reg, log))
	return nil
}

// serve serves the routes (one server per address) until ctx ends, then shuts them down.
// It returns at once when there are no routes.
func (rig *platformRig) serve(ctx context.Context, log *slog.Logger) error {
	muxes := map[string]*http.ServeMux{}
	for _, r := range rig.routes {
		if muxes[r.addr] == nil {
			muxes[r.addr] = http.NewServeMux()
		}
		muxes[r.addr].Handle(r.path, r.handler)
		log.Info("serving pushed events", "receiver", r.name, "addr", r.addr, "path", r.path)
	}
	g, ctx := errgroup.WithContext(ctx)
	for addr, mux := range muxes {
		g.Go(func() error { return serveUntil(ctx, addr, mux) })
	}
	return g.Wait()
}

// serveUntil serves h on addr until ctx ends. Handlers answer within seconds (an fsync),
// so shutdown waits at most 5 s for requests under way.
func serveUntil(ctx context.Context, addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening for pushed events: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	err = srv.Serve(ln)
	<-done
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("serving pushed events on %s: %w", addr, err)
}

// Close closes spools and the SDK. Call it after the servers and Runners stopped.
func (rig *platformRig) Close() error {
	var errs []error
	for _, c := range rig.closers {
		errs = append(errs, c.Close())
	}
	rig.closers = nil
	return errors.Join(errs...)
}

// collectPlatforms runs the collectors of ps until ctx ends or one stops with an error:
// their HTTP receivers, and one ingest.Runner per source publishing to pub with its
// checkpoint in cp. A backfill's progress bar is drawn on progress when it is not nil.
func collectPlatforms(ctx context.Context, ps PlatformSources, pub bus.Publisher, cp ingest.Checkpoints,
	rc ingest.RunnerConfig, parse ingest.Parsers, reg prometheus.Registerer, log *slog.Logger, progress io.Writer) error {
	rig, err := platformSources(ps, reg, log)
	if err != nil {
		return err
	}
	defer rig.Close()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return rig.serve(gctx, log) })
	for _, s := range rig.sources {
		r := ingest.NewRunner(s, parse, pub, cp, rc, reg, log) // the runner labels its logs with the source
		done := make(chan struct{})
		g.Go(func() error { defer close(done); return r.Run(gctx) })
		if b, ok := s.(backfiller); ok && progress != nil && ps.Weibo != nil && ps.Weibo.Backfill != nil {
			g.Go(func() error { drawProgress(progress, s.Name()+" backfill", b, done, time.Second); return nil })
		}
	}
	return g.Wait()
}

// backfiller is a source that reports its backfill's progress (weibo.Source).
type backfiller interface{ BackfillProgress() float64 }

// drawProgress redraws a progress bar on w every tick until done closes, then draws the
// final state and a newline.
func drawProgress(w io.Writer, label string, b backfiller, done <-chan struct{}, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-done:
			fmt.Fprintf(w, "\r%s\n", progressLine(label, b.BackfillProgress()))
			return
		case <-t.C:
			fmt.Fprintf(w, "\r%s", progressLine(label, b.BackfillProgress()))
		}
	}
}

// progressLine renders "label [#####·····]  50%".
func progressLine(label string, frac float64) string {
	const width = 30
	frac = min(max(frac, 0), 1)
	n := int(frac * width)
	return fmt.Sprintf("%s [%s%s] %3.0f%%", label, strings.Repeat("#", n), strings.Repeat("·", width-n), frac*100)
}

// runCollectPlatform is `lingting collect weibo|douyin|wecom --config FILE`: one
// platform's collectors alone (distributed mode), publishing to the config's bus, with
// checkpoints under data_dir/checkpoints, until interrupted.
func runCollectPlatform(ctx context.Context, args []string, std stdio) error {
	if len(args) == 0 {
		return errors.New("collect: name a platform: weibo, douyin or wecom")
	}
	platform := args[0]
	fs := flag.NewFlagSet("collect "+platform, flag.ContinueOnError)
	fs.SetOutput(std.err)
	path := fs.String("config", "", "YAML config `file` (required)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *path == "" {
		fs.Usage()
		return errors.New("collect " + platform + ": --config is required")
	}
	cfg, err := loadConfig(*path)
	if err != nil {
		return err
	}
	if err := needKafka("collect "+platform, cfg); err != nil {
		return err
	}
	ps, err := cfg.Sources.PlatformSources.only(platform)
	if err != nil {
		return err
	}
	return collectPlatformStage(ctx, cfg, ps, newLogger(std.err, cfg.LogLevel), std.err)
}

// collectPlatformStage runs ps's collectors over cfg's bus with metrics served; a
// backfill draws its progress on progress.
func collectPlatformStage(ctx context.Context, cfg Config, ps PlatformSources, log *slog.Logger, progress io.Writer) error {
	reg := newRegistry()
	b, err := openBus(ctx, cfg, reg, log)
	if err != nil {
		return err
	}
	defer b.Close()
	cp, err := ingest.NewFileCheckpoints(filepath.Join(cfg.DataDir, "checkpoints"))
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return serveMetrics(gctx, cfg.MetricsListen, reg, func(context.Context) error { return nil }, log)
	})
	g.Go(func() error { return collectPlatforms(gctx, ps, b, cp, cfg.Runner, parsers(), reg, log, progress) })
	return g.Wait()
}
