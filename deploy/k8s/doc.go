// Package k8s holds Lingting's Kubernetes manifests (kustomize: kubectl apply -k
// deploy/k8s) and, in its tests, their validation. Every document is decoded by the API
// server's own strict decoder for the typed Kubernetes API (k8s.io/api core/v1, apps/v1
// and policy/v1 registered in a runtime.Scheme, serializer.EnableStrict): an unknown,
// misplaced or duplicate field, a wrong type, an unparsable quantity or a kind outside
// those groups fails. kustomization.yaml, not an API object, is decoded strictly into
// the part of kustomize's Kustomization it uses. Names, labels, annotations, port and
// environment names are checked with k8s.io/apimachinery's validation helpers, and the
// objects are then checked for what the cluster would only report at run time or never:
// selectors that match their pod labels, probes on a declared port, requests and limits
// on every container, the config mounted from the ConfigMap the kustomization ships,
// stage names the binary knows, and a config that the lingting binary loads
// (cmd/lingting tests). TestValidatorRejects mutates the shipped manifests to show that
// each kind of mistake is rejected. The Kubernetes modules are imported by tests only.
package k8s
