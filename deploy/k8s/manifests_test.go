package k8s_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// validate decodes and checks the manifests in files (kustomization.yaml and the
// resources, by name) and returns every problem found.
func validate(files map[string][]byte) []error {
	k, objs, errs := decodeAll(files)
	if k.Resources == nil {
		return append(errs, fmt.Errorf("%s lists no resources", kustomizationFile))
	}
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" || k.Namespace == "" {
		errs = append(errs, fmt.Errorf("%s: apiVersion %q kind %q namespace %q, want a kustomize.config.k8s.io/v1beta1 Kustomization with a namespace", kustomizationFile, k.APIVersion, k.Kind, k.Namespace))
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name != kustomizationFile && !slices.Contains(k.Resources, name) {
			errs = append(errs, fmt.Errorf("%s is not in %s's resources: it would never be applied", name, kustomizationFile))
		}
	}
	running, e := check(k, objs)
	errs = append(errs, e...)
	for _, s := range stages {
		if !running[s] {
			errs = append(errs, fmt.Errorf("no workload runs stage %s", s))
		}
	}
	return errs
}

// TestManifests validates the shipped manifests against the Kubernetes API schema
// (strict decoding) and the semantic checks.
func TestManifests(t *testing.T) {
	for _, err := range validate(readFiles(t)) {
		t.Error(err)
	}
}

// TestValidatorRejects keeps the validator honest: each case mutates a shipped
// manifest in one place, and validation must fail with the expected message.
func TestValidatorRejects(t *testing.T) {
	orig := readFiles(t)
	for _, tc := range rejectCases {
		t.Run(tc.name, func(t *testing.T) {
			files := maps.Clone(orig)
			src := string(files[tc.file])
			if n := strings.Count(src, tc.old); n != 1 {
				t.Fatalf("%s: %q occurs %d times, want once: fix the case", tc.file, tc.old, n)
			}
			files[tc.file] = []byte(strings.Replace(src, tc.old, tc.new, 1))
			errs := validate(files)
			if len(errs) == 0 {
				t.Fatalf("accepted: %s", tc.name)
			}
			joined := errors.Join(errs...).Error()
			if !strings.Contains(joined, tc.want) {
				t.Fatalf("rejected, but no error mentions %q:\n%s", tc.want, joined)
			}
			t.Log(joined)
		})
	}
}
