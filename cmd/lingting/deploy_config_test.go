package main

import (
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestDeployConfigsLoad keeps the configs of the compose file and of the Kubernetes
// ConfigMap loadable by this binary (unknown fields are errors), and checks they run the
// distributed mode: Kafka and an external ClickHouse.
func TestDeployConfigsLoad(t *testing.T) {
	b, err := os.ReadFile("../../deploy/k8s/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cm struct {
		Data map[string]string `yaml:"data"`
	}
	if err := yaml.Unmarshal(b, &cm); err != nil {
		t.Fatal(err)
	}
	k8sPath := filepath.Join(t.TempDir(), "lingting.yaml")
	if err := os.WriteFile(k8sPath, []byte(cm.Data["lingting.yaml"]), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"../../deploy/compose/lingting.yaml", k8sPath} {
		c, err := loadConfig(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if c.Kafka == nil || c.ClickHouse.External == nil {
			t.Errorf("%s: kafka %v, clickhouse.external %v: want both (distributed mode)", path, c.Kafka, c.ClickHouse.External)
		}
	}
}
