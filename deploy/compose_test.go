package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/lingting/lingting/dashboards"
)

var stages = []string{"collect", "enrich", "resolve", "sink", "alert"}

type composeFile struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Build       map[string]string `yaml:"build"`
	Command     []string          `yaml:"command"`
	Environment map[string]any    `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	DependsOn   map[string]any    `yaml:"depends_on"`
	Healthcheck map[string]any    `yaml:"healthcheck"`
}

func readCompose(t *testing.T) composeFile {
	t.Helper()
	b, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return c
}

// TestComposeServices checks the compose file runs what the issue asks, in the shapes
// Docker would only reject at start: Kafka in KRaft mode, pinned images, every stage as
// its own service with a mounted config, bind mounts whose sources exist, named volumes
// that are declared, and dependencies on healthy Kafka and ClickHouse.
func TestComposeServices(t *testing.T) {
	c := readCompose(t)
	for _, s := range []string{"kafka", "clickhouse", "grafana", "prometheus", "alertmanager"} {
		svc, ok := c.Services[s]
		if !ok {
			t.Errorf("no %s service", s)
			continue
		}
		if i := strings.LastIndex(svc.Image, ":"); i < 0 || svc.Image[i:] == ":latest" {
			t.Errorf("%s: image %q is not pinned", s, svc.Image)
		}
		if (s == "kafka" || s == "clickhouse") && svc.Healthcheck == nil {
			t.Errorf("%s has no healthcheck: the stages' depends_on waits for it", s)
		}
	}
	if roles := c.Services["kafka"].Environment["KAFKA_PROCESS_ROLES"]; roles != "broker,controller" {
		t.Errorf("kafka KAFKA_PROCESS_ROLES = %v, want broker,controller (KRaft)", roles)
	}
	for name := range c.Services {
		if strings.Contains(name, "zookeeper") {
			t.Errorf("service %s: KRaft needs no ZooKeeper", name)
		}
	}
	for name, svc := range c.Services {
		checkVolumes(t, c, name, svc)
	}
	for _, st := range stages {
		svc, ok := c.Services["lingting-"+st]
		if !ok {
			t.Errorf("no service lingting-%s", st)
			continue
		}
		if len(svc.Command) != 3 || svc.Command[0] != st || svc.Command[1] != "--config" {
			t.Errorf("lingting-%s: command %q, want [%s --config FILE]", st, svc.Command, st)
		}
		if !slices.ContainsFunc(svc.Volumes, func(v string) bool { return strings.HasSuffix(v, ":"+svc.Command[2]+":ro") }) {
			t.Errorf("lingting-%s: config %s is not mounted", st, svc.Command[2])
		}
		for _, dep := range []string{"kafka", "clickhouse"} {
			if d, _ := svc.DependsOn[dep].(map[string]any); d["condition"] != "service_healthy" {
				t.Errorf("lingting-%s does not wait for a healthy %s", st, dep)
			}
		}
	}
}

func checkVolumes(t *testing.T, c composeFile, name string, svc composeService) {
	t.Helper()
	for _, v := range svc.Volumes {
		src, _, _ := strings.Cut(v, ":")
		if strings.HasPrefix(src, ".") {
			if _, err := os.Stat(filepath.FromSlash(src)); err != nil {
				t.Errorf("%s: bind mount source %s: %v", name, src, err)
			}
		} else if _, ok := c.Volumes[src]; !ok {
			t.Errorf("%s: named volume %s is not declared", name, src)
		}
	}
}

// TestGrafanaProvisioning: the compose file's data sources carry the uids and types the
// dashboards and alert rules reference, and Grafana mounts the generated provisioning.
func TestGrafanaProvisioning(t *testing.T) {
	b, err := os.ReadFile("grafana/datasources.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Datasources []struct {
			UID, Type string
			JSONData  map[string]any `yaml:"jsonData"`
		}
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{dashboards.DatasourceUID: dashboards.PluginType, dashboards.PrometheusUID: dashboards.PrometheusType}
	for _, d := range doc.Datasources {
		if want[d.UID] != d.Type {
			t.Errorf("data source %s of type %s, want one of %v", d.UID, d.Type, want)
		}
		delete(want, d.UID)
	}
	if len(want) > 0 {
		t.Errorf("data sources missing: %v", want)
	}
	mounts := strings.Join(readCompose(t).Services["grafana"].Volumes, "\n")
	for _, p := range []string{"dashboards/provisioning/dashboards", "dashboards/provisioning/alerting", "dashboards/json:" + dashboards.ProvisionedJSONMount} {
		if !strings.Contains(mounts, p) {
			t.Errorf("grafana does not mount %s", p)
		}
	}
}

// tool finds a checker binary; with CI=true a missing one fails the test.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found: install the Debian package %s", name, pkg)
		}
		t.Skipf("%s not found (Debian package %s)", name, pkg)
	}
	return p
}

// TestPrometheusConfig has promtool check the Prometheus config and its rules.
func TestPrometheusConfig(t *testing.T) {
	promtool := tool(t, "promtool", "prometheus")
	dir := t.TempDir()
	cfg, err := os.ReadFile("prometheus/prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile("prometheus/rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	// The config names the rules by their path in the container.
	cfg = []byte(strings.ReplaceAll(string(cfg), "/etc/prometheus/rules.yml", filepath.Join(dir, "rules.yml")))
	os.WriteFile(filepath.Join(dir, "prometheus.yml"), cfg, 0o644)
	os.WriteFile(filepath.Join(dir, "rules.yml"), rules, 0o644)
	if out, err := exec.Command(promtool, "check", "config", filepath.Join(dir, "prometheus.yml")).CombinedOutput(); err != nil {
		t.Errorf("promtool check config: %v\n%s", err, out)
	}
}

// TestAlertmanagerConfig has amtool check the Alertmanager config.
func TestAlertmanagerConfig(t *testing.T) {
	amtool := tool(t, "amtool", "prometheus-alertmanager")
	if out, err := exec.Command(amtool, "check-config", "alertmanager/alertmanager.yml").CombinedOutput(); err != nil {
		t.Errorf("amtool check-config: %v\n%s", err, out)
	}
}
