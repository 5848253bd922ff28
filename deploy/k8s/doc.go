// Package k8s holds Lingting's Kubernetes manifests (kustomize: kubectl apply -k
// deploy/k8s) and, in its tests, their validation: every document is decoded strictly
// into Go mirrors of the Kubernetes API fields the manifests use (a misspelt or misplaced
// field fails), and checked for what the cluster would only report at run time or never:
// selectors that match their pod labels, probes on a declared port, resources on every
// container, the config mounted from the ConfigMap the kustomization ships, stage names
// the binary knows, and a config that the lingting binary loads (cmd/lingting tests).
package k8s
