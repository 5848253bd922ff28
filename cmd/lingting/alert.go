package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/sinks/alert"
)

// groupAlert is the alert stage's consumer group on bus.TopicEnriched.
const groupAlert = "alert"

// AlertConfig is the `alert` section of the config file.
type AlertConfig struct {
	// Off turns the alert stage off in `lingting run`.
	Off bool `yaml:"off"`
	// Detect are the detectors' rules, per brand.
	Detect alert.Config `yaml:"detect"`
	// Notifiers say where alerts go; with none, alerts are only stored in lingting.alerts.
	Notifiers NotifiersConfig `yaml:"notifiers"`
	// Delivery is how notifications are retried.
	Delivery alert.DeliveryConfig `yaml:"delivery"`
}

// NotifiersConfig lists the notifiers. Secrets may come from the environment:
// LINGTING_WECOM_WEBHOOK (the robot URL with its key) and LINGTING_WEBHOOK_SECRET.
type NotifiersConfig struct {
	Alertmanager *alert.AlertmanagerConfig `yaml:"alertmanager"`
	WeCom        *alert.WeComConfig        `yaml:"wecom"`
	Webhooks     []alert.WebhookConfig     `yaml:"webhooks"`
}

func (c AlertConfig) withDefaults() AlertConfig {
	if w := c.Notifiers.WeCom; w != nil && w.URL == "" {
		w.URL = os.Getenv("LINGTING_WECOM_WEBHOOK")
	}
	for i := range c.Notifiers.Webhooks {
		if c.Notifiers.Webhooks[i].Secret == "" {
			c.Notifiers.Webhooks[i].Secret = os.Getenv("LINGTING_WEBHOOK_SECRET")
		}
	}
	return c
}

// Validate reports the first invalid field by its YAML path under alert.
func (c AlertConfig) Validate() error {
	if err := c.Detect.Validate(); err != nil {
		return fmt.Errorf("alert.detect: %w", err)
	}
	n := c.Notifiers
	if n.Alertmanager != nil {
		if err := n.Alertmanager.Validate(); err != nil {
			return fmt.Errorf("alert.notifiers.alertmanager: %w", err)
		}
	}
	if n.WeCom != nil {
		if err := n.WeCom.Validate(); err != nil {
			return fmt.Errorf("alert.notifiers.wecom: %w", err)
		}
	}
	names := map[string]bool{}
	for i, w := range n.Webhooks {
		if err := w.Validate(); err != nil {
			return fmt.Errorf("alert.notifiers.webhooks[%d]: %w", i, err)
		}
		name := w.Name
		if name == "" {
			name = "webhook"
		}
		if names[name] {
			return fmt.Errorf("alert.notifiers.webhooks[%d].name %q repeats: give each webhook its own name", i, name)
		}
		names[name] = true
	}
	return nil
}

// build returns the configured notifiers.
func (n NotifiersConfig) build() []alert.Notifier {
	var out []alert.Notifier
	if n.Alertmanager != nil {
		out = append(out, alert.NewAlertmanager(*n.Alertmanager))
	}
	if n.WeCom != nil {
		out = append(out, alert.NewWeCom(*n.WeCom))
	}
	for _, w := range n.Webhooks {
		out = append(out, alert.NewWebhook(w))
	}
	return out
}

// demoAlertConfig is the demo's alert section: default rules and, when url is set, a
// signed webhook (secret LINGTING_WEBHOOK_SECRET, else "lingting-demo").
func demoAlertConfig(url string) AlertConfig {
	var c AlertConfig
	if url != "" {
		secret := os.Getenv("LINGTING_WEBHOOK_SECRET")
		if secret == "" {
			secret = "lingting-demo"
		}
		c.Notifiers.Webhooks = []alert.WebhookConfig{{URL: url, Secret: secret}}
	}
	return c
}

// alertStage runs the alert stage until ctx ends: it rebuilds baselines from the rollup,
// consumes bus.TopicEnriched as group "alert", stores alerts through conn and delivers
// them through the outbox in dataDir/alert-outbox.
func alertStage(ctx context.Context, c AlertConfig, dataDir string, b bus.Consumer, conn driver.Conn,
	reg prometheus.Registerer, log *slog.Logger) error {
	eng, err := alert.NewEngine(c.Detect, nil, reg, log)
	if err != nil {
		return fmt.Errorf("alert.detect: %w", err)
	}
	ns := c.Notifiers.build()
	var ob *alert.Outbox
	if len(ns) > 0 {
		names := make([]string, len(ns))
		for i, n := range ns {
			names[i] = n.Name()
		}
		if ob, err = alert.OpenOutbox(filepath.Join(dataDir, "alert-outbox"), names); err != nil {
			return err
		}
	}
	st := alert.NewStage(eng, alert.NewStore(conn), ob, log)
	if err := st.Start(ctx); err != nil {
		return err
	}
	for _, n := range ns {
		if am, ok := n.(*alert.Alertmanager); ok {
			am.Remember(eng.Firing()) // re-sent on the next refresh, so they do not expire
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return b.Consume(ctx, bus.TopicEnriched, groupAlert, st.Handler()) })
	g.Go(func() error { return st.Run(ctx) })
	if ob != nil {
		d := alert.NewDelivery(ob, ns, c.Delivery, reg, log)
		g.Go(func() error { return d.Run(ctx) })
	}
	return g.Wait()
}

// runAlert is `lingting alert`: the alert stage of the distributed mode (`--config FILE`),
// or `lingting alert eval` and `lingting alert bench`.
func runAlert(ctx context.Context, args []string, std stdio) error {
	if len(args) > 0 {
		switch args[0] {
		case "eval":
			return runAlertEval(ctx, args[1:], std)
		case "bench":
			return runAlertBench(ctx, args[1:], std)
		}
	}
	return runStage(ctx, "alert", args, std, roles{alert: true})
}

// printAlerts writes the stored alerts (newest version of each) as a short table, for the
// demo's closing summary.
func printAlerts(ctx context.Context, conn driver.Conn, w io.Writer) error {
	rows, err := conn.Query(ctx, `SELECT status, severity, starts_at, summary FROM lingting.alerts FINAL
		ORDER BY starts_at LIMIT 20`)
	if err != nil {
		return fmt.Errorf("reading alerts: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var status, sev, summary string
		var at time.Time
		if err := rows.Scan(&status, &sev, &at, &summary); err != nil {
			return fmt.Errorf("reading alerts: %w", err)
		}
		if n == 0 {
			fmt.Fprintln(w, "\nAlerts (lingting.alerts):")
		}
		n++
		fmt.Fprintf(w, "  %s  %-8s %-8s %s\n", at.UTC().Format("01-02 15:04"), status, sev, summary)
	}
	return rows.Err()
}
