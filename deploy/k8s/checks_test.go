package k8s_test

import (
	"fmt"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// stages are the subcommands of the distributed mode (ARCHITECTURE.md).
var stages = []string{"collect", "enrich", "resolve", "sink", "alert"}

// workload is what the checks need of a Deployment or a StatefulSet.
type workload struct {
	where, name string
	replicas    *int32
	selector    *metav1.LabelSelector
	template    corev1.PodTemplateSpec
	serviceName string                         // StatefulSet only
	claims      []corev1.PersistentVolumeClaim // StatefulSet only
}

// bundle is the decoded manifests, by kind.
type bundle struct {
	namespace  string
	workloads  []workload
	services   []*corev1.Service
	configMaps map[string]*corev1.ConfigMap
	pdbs       []*policyv1.PodDisruptionBudget
}

// check runs every semantic check on the decoded objects and returns every problem.
// The stages found running are returned too.
func check(k kustomization, objs []object) (map[string]bool, []error) {
	b := bundle{namespace: k.Namespace, configMaps: map[string]*corev1.ConfigMap{}}
	var errs []error
	seen := map[string]string{}
	for _, o := range objs {
		meta, err := metaOf(o)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		id := o.obj.GetObjectKind().GroupVersionKind().Kind + "/" + meta.Name
		if prev, dup := seen[id]; dup {
			errs = append(errs, fmt.Errorf("%s: %s is also declared in %s", o.where, id, prev))
		}
		seen[id] = o.where
		errs = append(errs, checkMeta(o.where, id, meta, k.Namespace)...)
		b.add(o)
	}
	for _, cm := range b.configMaps {
		for key := range cm.Data {
			errs = append(errs, wrap(cm.Name+" data key", validation.IsConfigMapKey(key))...)
		}
	}
	running := map[string]bool{}
	for _, w := range b.workloads {
		stage, e := b.checkWorkload(w)
		running[stage] = stage != ""
		errs = append(errs, e...)
	}
	for _, s := range b.services {
		errs = append(errs, b.checkService(s)...)
	}
	for _, p := range b.pdbs {
		errs = append(errs, b.checkPDB(p)...)
	}
	return running, errs
}

func metaOf(o object) (*metav1.ObjectMeta, error) {
	switch v := o.obj.(type) {
	case *corev1.Namespace:
		return &v.ObjectMeta, nil
	case *corev1.ConfigMap:
		return &v.ObjectMeta, nil
	case *corev1.Service:
		return &v.ObjectMeta, nil
	case *appsv1.Deployment:
		return &v.ObjectMeta, nil
	case *appsv1.StatefulSet:
		return &v.ObjectMeta, nil
	case *policyv1.PodDisruptionBudget:
		return &v.ObjectMeta, nil
	}
	return nil, fmt.Errorf("%s: %T is not a kind the manifests may use", o.where, o.obj)
}

func (b *bundle) add(o object) {
	switch v := o.obj.(type) {
	case *corev1.ConfigMap:
		b.configMaps[v.Name] = v
	case *corev1.Service:
		b.services = append(b.services, v)
	case *policyv1.PodDisruptionBudget:
		b.pdbs = append(b.pdbs, v)
	case *appsv1.Deployment:
		b.workloads = append(b.workloads, workload{where: o.where, name: "Deployment/" + v.Name,
			replicas: v.Spec.Replicas, selector: v.Spec.Selector, template: v.Spec.Template})
	case *appsv1.StatefulSet:
		b.workloads = append(b.workloads, workload{where: o.where, name: "StatefulSet/" + v.Name,
			replicas: v.Spec.Replicas, selector: v.Spec.Selector, template: v.Spec.Template,
			serviceName: v.Spec.ServiceName, claims: v.Spec.VolumeClaimTemplates})
	}
}

// checkMeta validates names, namespace, labels and annotations the way the API server
// does. Names that become a DNS label (namespaces, services, StatefulSet pods'
// hostnames) must be DNS-1123/1035 labels; the others DNS-1123 subdomains.
func checkMeta(where, id string, m *metav1.ObjectMeta, namespace string) []error {
	kind, _, _ := strings.Cut(id, "/")
	nameCheck := validation.IsDNS1123Subdomain
	switch kind {
	case "Namespace", "StatefulSet":
		nameCheck = validation.IsDNS1123Label
	case "Service":
		nameCheck = validation.IsDNS1035Label
	}
	errs := wrap(where+": "+id+" metadata.name", nameCheck(m.Name))
	if m.Namespace != "" && m.Namespace != namespace {
		errs = append(errs, fmt.Errorf("%s: %s in namespace %q, the kustomization sets %q", where, id, m.Namespace, namespace))
	}
	return append(errs, checkLabels(where+": "+id, m)...)
}

// checkLabels validates label keys and values and annotation keys.
func checkLabels(what string, m *metav1.ObjectMeta) []error {
	fl := metavalidation.ValidateLabels(m.Labels, field.NewPath("metadata", "labels"))
	fl = append(fl, apivalidation.ValidateAnnotations(m.Annotations, field.NewPath("metadata", "annotations"))...)
	return fieldErrs(what, fl)
}

// wrap turns the messages of a validation.IsXxx helper into errors.
func wrap(what string, msgs []string) []error {
	var errs []error
	for _, m := range msgs {
		errs = append(errs, fmt.Errorf("%s: %s", what, m))
	}
	return errs
}

func fieldErrs(what string, fl field.ErrorList) []error {
	var errs []error
	for _, e := range fl {
		errs = append(errs, fmt.Errorf("%s: %w", what, e))
	}
	return errs
}

// selects reports whether sel (validated) selects pods labelled podLabels; an empty
// selector selects nothing here, as it would select every pod of the namespace.
func selects(what string, sel *metav1.LabelSelector, podLabels map[string]string) (bool, []error) {
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		return false, []error{fmt.Errorf("%s: no selector", what)}
	}
	errs := fieldErrs(what, metavalidation.ValidateLabelSelector(sel, metavalidation.LabelSelectorValidationOptions{}, field.NewPath("selector")))
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return false, append(errs, fmt.Errorf("%s: selector: %w", what, err))
	}
	return s.Matches(labels.Set(podLabels)), errs
}

// checkService: the service selects the pods of a workload and targets one of their
// declared ports.
func (b *bundle) checkService(s *corev1.Service) []error {
	what := "Service/" + s.Name
	var errs []error
	for i, p := range s.Spec.Ports {
		errs = append(errs, wrap(fmt.Sprintf("%s port %d name", what, i), validation.IsValidPortName(p.Name))...)
	}
	for _, w := range b.workloads {
		if ok, _ := selects(what, &metav1.LabelSelector{MatchLabels: s.Spec.Selector}, w.template.Labels); !ok {
			continue
		}
		for _, p := range s.Spec.Ports {
			if !portDeclared(p.TargetPort.String(), w.template.Spec.Containers) {
				errs = append(errs, fmt.Errorf("%s: targetPort %s is not a container port of %s", what, p.TargetPort.String(), w.name))
			}
		}
		return errs
	}
	return append(errs, fmt.Errorf("%s: selector %v selects no workload's pods", what, s.Spec.Selector))
}

// checkPDB: a budget that selects no workload's pods protects nothing.
func (b *bundle) checkPDB(p *policyv1.PodDisruptionBudget) []error {
	what := "PodDisruptionBudget/" + p.Name
	var errs []error
	if (p.Spec.MaxUnavailable == nil) == (p.Spec.MinAvailable == nil) {
		errs = append(errs, fmt.Errorf("%s: set exactly one of maxUnavailable and minAvailable", what))
	}
	for _, w := range b.workloads {
		ok, e := selects(what, p.Spec.Selector, w.template.Labels)
		if ok {
			return append(errs, e...)
		}
		if len(e) > 0 {
			return append(errs, e...)
		}
	}
	return append(errs, fmt.Errorf("%s: selector %v selects no workload's pods", what, metav1.FormatLabelSelector(p.Spec.Selector)))
}

// portDeclared reports whether port (a name or a number) is a container port.
func portDeclared(port string, cs []corev1.Container) bool {
	for _, c := range cs {
		for _, p := range c.Ports {
			if p.Name == port || fmt.Sprint(p.ContainerPort) == port {
				return true
			}
		}
	}
	return false
}

// knownStage reports whether args start with a stage the lingting binary runs.
func knownStage(args []string) bool {
	return len(args) == 3 && slices.Contains(stages, args[0]) && args[1] == "--config"
}
