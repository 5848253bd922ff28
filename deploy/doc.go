// Package deploy holds Lingting's deployment files: the Dockerfile, the compose file
// (compose.yaml with compose/, grafana/, prometheus/ and alertmanager/), the Kubernetes
// manifests (k8s/) and the ClickHouse cluster schema (cluster/). It has no code; its
// tests check the compose file's structure and references, and have promtool and amtool
// (Debian packages prometheus and prometheus-alertmanager) check the Prometheus and
// Alertmanager configs.
package deploy
