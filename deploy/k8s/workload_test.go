package k8s_test

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// checkWorkload checks a Deployment or StatefulSet: a selector that selects its own
// pods, replicas, a StatefulSet's service and claims, a non-root pod, and its one stage
// container. It returns the stage the workload runs ("" if none).
func (b *bundle) checkWorkload(w workload) (string, []error) {
	what := w.where + ": " + w.name
	ok, errs := selects(what, w.selector, w.template.Labels)
	if !ok && w.selector != nil {
		errs = append(errs, fmt.Errorf("%s: selector %v does not match its pod template's labels %v", what, w.selector.MatchLabels, w.template.Labels))
	}
	if w.replicas == nil || *w.replicas < 1 {
		errs = append(errs, fmt.Errorf("%s: no replicas", what))
	}
	if strings.HasPrefix(w.name, "StatefulSet/") && (!b.hasService(w.serviceName) || len(w.claims) == 0) {
		errs = append(errs, fmt.Errorf("%s: a StatefulSet needs its headless Service (serviceName %q) and volume claims", what, w.serviceName))
	}
	errs = append(errs, checkLabels(what+" template", &w.template.ObjectMeta)...)
	pod := w.template.Spec
	if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		errs = append(errs, fmt.Errorf("%s: pods may run as root (set securityContext.runAsNonRoot)", what))
	}
	if len(pod.Containers) != 1 {
		return "", append(errs, fmt.Errorf("%s: %d containers, want 1", what, len(pod.Containers)))
	}
	stage, e := b.checkContainer(what, pod.Containers[0], w)
	return stage, append(errs, e...)
}

func (b *bundle) hasService(name string) bool {
	for _, s := range b.services {
		if s.Name == name {
			return true
		}
	}
	return false
}

// checkContainer checks the stage container: the stage's command, a pinned image,
// valid port and env names, probes on a declared port's /healthz, the scrape
// annotations, CPU and memory requests no larger than limits, and the config mount.
func (b *bundle) checkContainer(what string, c corev1.Container, w workload) (string, []error) {
	errs := wrap(what+" container name", validation.IsDNS1123Label(c.Name))
	if !knownStage(c.Args) {
		return "", append(errs, fmt.Errorf("%s: args %q, want [STAGE --config FILE] with STAGE one of %v", what, c.Args, stages))
	}
	if strings.HasSuffix(c.Image, ":latest") || !strings.Contains(c.Image, ":") {
		errs = append(errs, fmt.Errorf("%s: image %q has no pinned tag", what, c.Image))
	}
	metrics := int32(0)
	for _, p := range c.Ports {
		errs = append(errs, wrap(what+" port name "+p.Name, validation.IsValidPortName(p.Name))...)
		errs = append(errs, wrap(what+" port "+p.Name, validation.IsValidPortNum(int(p.ContainerPort)))...)
		if p.Name == "metrics" {
			metrics = p.ContainerPort
		}
	}
	for _, e := range c.Env {
		errs = append(errs, wrap(what+" env "+e.Name, validation.IsEnvVarName(e.Name))...)
	}
	for kind, p := range map[string]*corev1.Probe{"startup": c.StartupProbe, "liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		switch {
		case p == nil || p.HTTPGet == nil:
			errs = append(errs, fmt.Errorf("%s: no %s probe", what, kind))
		case p.HTTPGet.Path != "/healthz":
			errs = append(errs, fmt.Errorf("%s: %s probe on %s, want /healthz", what, kind, p.HTTPGet.Path))
		case !portDeclared(p.HTTPGet.Port.String(), []corev1.Container{c}):
			errs = append(errs, fmt.Errorf("%s: %s probe port %s is not a container port", what, kind, p.HTTPGet.Port.String()))
		}
	}
	if ann := w.template.Annotations; metrics == 0 || ann["prometheus.io/port"] != fmt.Sprint(metrics) || ann["prometheus.io/scrape"] != "true" {
		errs = append(errs, fmt.Errorf("%s: prometheus annotations %v do not scrape the metrics port %d", what, ann, metrics))
	}
	errs = append(errs, checkResources(what, c.Resources)...)
	errs = append(errs, b.checkMounts(what, c, w)...)
	return c.Args[0], errs
}

// checkResources: CPU and memory have a request and a limit, and the request fits the
// limit. The quantities were parsed by resource.ParseQuantity while decoding.
func checkResources(what string, r corev1.ResourceRequirements) []error {
	var errs []error
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, okReq := r.Requests[res]
		lim, okLim := r.Limits[res]
		switch {
		case !okReq || !okLim:
			errs = append(errs, fmt.Errorf("%s: no %s request and limit", what, res))
		case req.Cmp(lim) > 0:
			errs = append(errs, fmt.Errorf("%s: %s request %s exceeds the limit %s", what, res, req.String(), lim.String()))
		}
	}
	return errs
}

// checkMounts: every mount has a volume, the config file lives in a mounted ConfigMap
// that the kustomization ships, and that ConfigMap has the file.
func (b *bundle) checkMounts(what string, c corev1.Container, w workload) []error {
	var errs []error
	vols := map[string]corev1.Volume{}
	for _, v := range w.template.Spec.Volumes {
		errs = append(errs, wrap(what+" volume "+v.Name, validation.IsDNS1123Label(v.Name))...)
		vols[v.Name] = v
	}
	for _, pvc := range w.claims {
		vols[pvc.Name] = corev1.Volume{Name: pvc.Name}
	}
	config := c.Args[2]
	configOK := false
	for _, m := range c.VolumeMounts {
		v, ok := vols[m.Name]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: mount %s has no volume", what, m.Name))
			continue
		}
		if v.ConfigMap == nil || !strings.HasPrefix(config, m.MountPath+"/") {
			continue
		}
		configOK = true
		cm, ok := b.configMaps[v.ConfigMap.Name]
		if file := strings.TrimPrefix(config, m.MountPath+"/"); !ok || cm.Data[file] == "" {
			errs = append(errs, fmt.Errorf("%s: config %s is not in a ConfigMap the kustomization ships (volume %s, ConfigMap %s)", what, config, v.Name, v.ConfigMap.Name))
		}
	}
	if !configOK {
		errs = append(errs, fmt.Errorf("%s: the config file %s is not mounted from a ConfigMap", what, config))
	}
	return errs
}
