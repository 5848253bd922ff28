package k8s_test

// rejectCase is one mutation of a shipped manifest that validation must reject.
type rejectCase struct {
	name     string
	file     string
	old, new string // old must occur exactly once in file
	want     string // a substring of the error
}

// rejectCases: schema errors (caught by the strict API decoder), value errors (the
// apimachinery validation helpers) and semantic errors (the checks of this package).
var rejectCases = []rejectCase{
	// Schema.
	{"misspelt field", "enrich.yaml",
		"  replicas: 3\n", "  replica: 3\n",
		`unknown field "spec.replica"`},
	{"field at the wrong level", "enrich.yaml",
		"port: metrics\n            periodSeconds: 5\n", "port: metrics\n              periodSeconds: 5\n",
		`unknown field "spec.template.spec.containers[0].startupProbe.httpGet.periodSeconds"`},
	{"wrong type", "enrich.yaml",
		"containerPort: 9464\n", "containerPort: \"9464\"\n",
		"cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"},
	{"duplicate field", "enrich.yaml",
		"  replicas: 3\n", "  replicas: 3\n  replicas: 4\n",
		`key "replicas" already set in map`},
	{"bad quantity", "enrich.yaml",
		"memory: 1Gi\n", "memory: 1GB\n",
		`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (at spec.template.spec.containers[0].resources.limits.memory: "1GB")`},
	{"kind not in the scheme", "disruption.yaml",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: lingting-sink", "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: lingting-sink",
		`no kind "PodDisruptionBudget" is registered for version "policy/v1beta1"`},
	{"kustomization field misspelt", kustomizationFile,
		"resources:\n", "resource:\n",
		`unknown field "resource"`},
	// Values.
	{"bad label value", "enrich.yaml",
		"    app.kubernetes.io/part-of: lingting\n", "    app.kubernetes.io/part-of: lingting/stages\n",
		`metadata.labels: Invalid value: "lingting/stages": a valid label must be`},
	{"bad object name", "enrich.yaml",
		"  name: lingting-enrich\n", "  name: Lingting_Enrich\n",
		"metadata.name: a lowercase RFC 1123 subdomain must consist of"},
	{"port name too long", "enrich.yaml",
		"- name: metrics\n              containerPort", "- name: prometheus-metrics\n              containerPort",
		"port name prometheus-metrics: must be no more than 15 characters"},
	// Semantics.
	{"selector does not match the pod labels", "enrich.yaml",
		"\n      app.kubernetes.io/component: enrich\n", "\n      app.kubernetes.io/component: enricher\n",
		"Deployment/lingting-enrich: selector map[app.kubernetes.io/component:enricher app.kubernetes.io/name:lingting] does not match its pod template's labels"},
	{"budget selects no pods", "disruption.yaml",
		"component: sink\n", "component: sinks\n",
		"PodDisruptionBudget/lingting-sink: selector app.kubernetes.io/component=sinks,app.kubernetes.io/name=lingting selects no workload's pods"},
	{"probe on an undeclared port", "enrich.yaml",
		"port: metrics\n            periodSeconds: 20", "port: http\n            periodSeconds: 20",
		"liveness probe port http is not a container port"},
	{"no limits", "enrich.yaml",
		"            limits:\n              cpu: 2\n              memory: 1Gi\n", "",
		"no cpu request and limit"},
	{"request above the limit", "enrich.yaml",
		"cpu: 1\n              memory: 768Mi", "cpu: 3\n              memory: 768Mi",
		"cpu request 3 exceeds the limit 2"},
	{"unknown stage", "enrich.yaml",
		"args: [enrich,", "args: [enricher,",
		`args ["enricher" "--config" "/etc/lingting/lingting.yaml"], want [STAGE --config FILE]`},
	{"config from a ConfigMap not shipped", "enrich.yaml",
		"name: lingting-config\n", "name: lingting-conf\n",
		"config /etc/lingting/lingting.yaml is not in a ConfigMap the kustomization ships"},
	{"manifest left out of the kustomization", kustomizationFile,
		"  - disruption.yaml\n", "",
		"disruption.yaml is not in kustomization.yaml's resources"},
}
