package k8s_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// stages are the subcommands of the distributed mode (ARCHITECTURE.md).
var stages = []string{"collect", "enrich", "resolve", "sink", "alert"}

// decoders decode one document strictly, by apiVersion and kind.
var decoders = map[header]func(b []byte) (any, error){
	{"v1", "Namespace"}:                  strict[namespace],
	{"v1", "ConfigMap"}:                  strict[configMap],
	{"v1", "Service"}:                    strict[service],
	{"apps/v1", "Deployment"}:            strict[workload],
	{"apps/v1", "StatefulSet"}:           strict[workload],
	{"policy/v1", "PodDisruptionBudget"}: strict[podDisruptionBudget],
}

func strict[T any](b []byte) (any, error) {
	var v T
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	err := dec.Decode(&v)
	return v, err
}

// manifests decodes every resource of the kustomization, strictly.
func manifests(t *testing.T) (kustomization, []any) {
	t.Helper()
	b, err := os.ReadFile("kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	k, err := strict[kustomization](b)
	if err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	kz := k.(kustomization)
	var objs []any
	for _, r := range kz.Resources {
		objs = append(objs, decodeFile(t, r)...)
	}
	return kz, objs
}

func decodeFile(t *testing.T, path string) []any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("kustomization resource %s: %v", path, err)
	}
	var out []any
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for i := 0; ; i++ {
		var n yaml.Node
		if err := dec.Decode(&n); errors.Is(err, io.EOF) {
			return out
		} else if err != nil {
			t.Fatalf("%s document %d: %v", path, i, err)
		}
		var h header
		if err := n.Decode(&h); err != nil {
			t.Fatalf("%s document %d: %v", path, i, err)
		}
		decode, ok := decoders[h]
		if !ok {
			t.Errorf("%s document %d: %s %s is not a kind the manifests may use", path, i, h.APIVersion, h.Kind)
			continue
		}
		raw, err := yaml.Marshal(&n)
		if err != nil {
			t.Fatal(err)
		}
		obj, err := decode(raw)
		if err != nil {
			t.Errorf("%s document %d (%s): %v", path, i, h.Kind, err)
			continue
		}
		out = append(out, obj)
	}
}

// TestKustomizationListsEveryManifest: a manifest left out of kustomization.yaml is
// never applied.
func TestKustomizationListsEveryManifest(t *testing.T) {
	kz, _ := manifests(t)
	files, _ := filepath.Glob("*.yaml")
	for _, f := range files {
		if f != "kustomization.yaml" && !slices.Contains(kz.Resources, f) {
			t.Errorf("%s is not in kustomization.yaml's resources", f)
		}
	}
	if kz.Namespace != "lingting" || kz.APIVersion != "kustomize.config.k8s.io/v1beta1" || kz.Kind != "Kustomization" {
		t.Errorf("kustomization header %+v namespace %q", kz.header, kz.Namespace)
	}
}

// TestWorkloads checks every Deployment and StatefulSet: one per stage, selectors that
// select their own pods, the stage's command with the mounted config, probes on the
// metrics port's /healthz, requests and limits for CPU and memory, a non-root user, and
// volumes that exist.
func TestWorkloads(t *testing.T) {
	_, objs := manifests(t)
	configMaps := map[string]configMap{}
	for _, o := range objs {
		if c, ok := o.(configMap); ok {
			configMaps[c.Metadata.Name] = c
		}
	}
	seen := map[string]bool{}
	for _, o := range objs {
		w, ok := o.(workload)
		if !ok {
			continue
		}
		name := w.Kind + "/" + w.Metadata.Name
		spec := w.Spec
		for k, v := range spec.Selector.MatchLabels {
			if spec.Template.Metadata.Labels[k] != v {
				t.Errorf("%s: selector %s=%s does not select its pod template (labels %v)", name, k, v, spec.Template.Metadata.Labels)
			}
		}
		if len(spec.Selector.MatchLabels) == 0 || spec.Replicas == nil || *spec.Replicas < 1 {
			t.Errorf("%s: no selector or no replicas", name)
		}
		if w.Kind == "StatefulSet" && (spec.ServiceName == "" || len(spec.VolumeClaimTemplates) == 0) {
			t.Errorf("%s: a StatefulSet needs a serviceName and its volume claims", name)
		}
		if !spec.Template.Spec.SecurityContext.RunAsNonRoot {
			t.Errorf("%s: pods may run as root", name)
		}
		if len(spec.Template.Spec.Containers) != 1 {
			t.Fatalf("%s: %d containers, want 1", name, len(spec.Template.Spec.Containers))
		}
		c := spec.Template.Spec.Containers[0]
		seen[checkContainer(t, name, c, spec.Template.Spec, w, configMaps)] = true
	}
	for _, s := range stages {
		if !seen[s] {
			t.Errorf("no workload runs stage %s", s)
		}
	}
}

// checkContainer checks the stage container and returns its stage.
func checkContainer(t *testing.T, name string, c container, pod podSpec, w workload, cms map[string]configMap) string {
	t.Helper()
	if len(c.Args) != 3 || !slices.Contains(stages, c.Args[0]) || c.Args[1] != "--config" {
		t.Errorf("%s: args %q, want [STAGE --config FILE] with STAGE one of %v", name, c.Args, stages)
		return ""
	}
	if strings.HasSuffix(c.Image, ":latest") || !strings.Contains(c.Image, ":") {
		t.Errorf("%s: image %q has no pinned tag", name, c.Image)
	}
	ports := map[string]int{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	for kind, p := range map[string]*probe{"startup": c.StartupProbe, "liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		switch {
		case p == nil || p.HTTPGet == nil:
			t.Errorf("%s: no %s probe", name, kind)
		case p.HTTPGet.Path != "/healthz":
			t.Errorf("%s: %s probe on %s, want /healthz", name, kind, p.HTTPGet.Path)
		case !probePortDeclared(p.HTTPGet.Port, ports):
			t.Errorf("%s: %s probe port %v is not a container port %v", name, kind, p.HTTPGet.Port, ports)
		}
	}
	if ann := w.Spec.Template.Metadata.Annotations; ann["prometheus.io/port"] != fmt.Sprint(ports["metrics"]) || ann["prometheus.io/scrape"] != "true" {
		t.Errorf("%s: prometheus annotations %v do not scrape the metrics port %d", name, ann, ports["metrics"])
	}
	for _, res := range []string{"cpu", "memory"} {
		if c.Resources.Requests[res] == "" || c.Resources.Limits[res] == "" {
			t.Errorf("%s: no %s request and limit", name, res)
		}
	}
	checkMounts(t, name, c, pod, w, cms)
	return c.Args[0]
}

func probePortDeclared(port any, ports map[string]int) bool {
	switch p := port.(type) {
	case string:
		_, ok := ports[p]
		return ok
	case int:
		return slices.Contains(slices.Collect(maps.Values(ports)), p)
	}
	return false
}

// checkMounts: every mount has a volume, the config file lives in a mounted ConfigMap
// that the kustomization ships, and that ConfigMap has the file.
func checkMounts(t *testing.T, name string, c container, pod podSpec, w workload, cms map[string]configMap) {
	t.Helper()
	vols := map[string]volume{}
	for _, v := range pod.Volumes {
		vols[v.Name] = v
	}
	for _, vc := range w.Spec.VolumeClaimTemplates {
		vols[vc.Metadata.Name] = volume{Name: vc.Metadata.Name}
	}
	configOK := false
	for _, m := range c.VolumeMounts {
		v, ok := vols[m.Name]
		if !ok {
			t.Errorf("%s: mount %s has no volume", name, m.Name)
			continue
		}
		if v.ConfigMap == nil || !strings.HasPrefix(c.Args[2], m.MountPath+"/") {
			continue
		}
		cm, ok := cms[v.ConfigMap.Name]
		file := strings.TrimPrefix(c.Args[2], m.MountPath+"/")
		if !ok || cm.Data[file] == "" {
			t.Errorf("%s: config %s is not in a shipped ConfigMap %s", name, c.Args[2], v.ConfigMap.Name)
		}
		configOK = true
	}
	if !configOK {
		t.Errorf("%s: the config file %s is not mounted from a ConfigMap", name, c.Args[2])
	}
}

// TestPodDisruptionBudgetsSelectWorkloads: a budget that selects nothing protects nothing.
func TestPodDisruptionBudgetsSelectWorkloads(t *testing.T) {
	_, objs := manifests(t)
	for _, o := range objs {
		pdb, ok := o.(podDisruptionBudget)
		if !ok {
			continue
		}
		found := false
		for _, o := range objs {
			if w, ok := o.(workload); ok && maps.Equal(w.Spec.Selector.MatchLabels, pdb.Spec.Selector.MatchLabels) {
				found = true
			}
		}
		if !found {
			t.Errorf("PodDisruptionBudget %s selects no workload", pdb.Metadata.Name)
		}
	}
}

// TestStrictDecodingCatchesTypos keeps the strict decoding honest: a misplaced field
// must fail.
func TestStrictDecodingCatchesTypos(t *testing.T) {
	bad := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n"
	if _, err := strict[workload]([]byte(bad)); err == nil {
		t.Error("a Deployment with spec.replica (for replicas) decoded without error")
	}
}
