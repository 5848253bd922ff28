package k8s_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// kustomizationFile is the entry point of kubectl apply -k.
const kustomizationFile = "kustomization.yaml"

// kustomization is the part of kustomize's Kustomization (kustomize.config.k8s.io/v1beta1)
// the manifests use. It is not a Kubernetes API object, so it is decoded strictly on its
// own: a field kustomize knows but this struct does not is a field to add here on purpose.
type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Namespace  string   `json:"namespace"`
	Resources  []string `json:"resources"`
}

// object is one decoded Kubernetes document and where it came from (file#index).
type object struct {
	where string
	obj   runtime.Object
}

// newDecoder returns the API server's own strict decoder for the groups the manifests
// may use: unknown or duplicate fields, wrong types and unparsable quantities fail, and
// so does any kind not registered here.
func newDecoder() (runtime.Decoder, error) {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, policyv1.AddToScheme} {
		if err := add(s); err != nil {
			return nil, fmt.Errorf("building the scheme: %w", err)
		}
	}
	return serializer.NewCodecFactory(s, serializer.EnableStrict).UniversalDeserializer(), nil
}

// readFiles reads every YAML file of the directory, by name.
func readFiles(t *testing.T) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	return files
}

// decodeAll decodes the kustomization in files and every resource it lists, strictly.
// It returns every problem found rather than the first.
func decodeAll(files map[string][]byte) (kustomization, []object, []error) {
	var k kustomization
	if err := yaml.UnmarshalStrict(files[kustomizationFile], &k); err != nil {
		return k, nil, []error{fmt.Errorf("%s: %w", kustomizationFile, err)}
	}
	dec, err := newDecoder()
	if err != nil {
		return k, nil, []error{err}
	}
	var objs []object
	var errs []error
	for _, r := range k.Resources {
		b, ok := files[r]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: resource %s does not exist", kustomizationFile, r))
			continue
		}
		o, e := decodeFile(dec, r, b)
		objs, errs = append(objs, o...), append(errs, e...)
	}
	return k, objs, errs
}

// decodeFile splits a file into its documents and decodes each one.
func decodeFile(dec runtime.Decoder, name string, b []byte) ([]object, []error) {
	var objs []object
	var errs []error
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(b)))
	for i := 0; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return objs, errs
		}
		where := fmt.Sprintf("%s#%d", name, i)
		if err != nil {
			return objs, append(errs, fmt.Errorf("%s: %w", where, err))
		}
		if j, err := yaml.YAMLToJSON(doc); err == nil && string(j) == "null" {
			continue // comments only
		}
		obj, _, err := dec.Decode(doc, nil, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w%s", where, err, quantityHint(doc)))
		}
		// A strict decoding error still yields the object: check it too, so that one
		// typo does not hide the rest.
		if obj != nil && (err == nil || runtime.IsStrictDecodingError(err)) {
			objs = append(objs, object{where: where, obj: obj})
		}
	}
}

// quantityHint names the fields of a document that failed to decode whose quantity does
// not parse (the decoder's quantity error has no field path): "" if there is none.
func quantityHint(doc []byte) string {
	var tree any
	if err := yaml.Unmarshal(doc, &tree); err != nil {
		return ""
	}
	var bad []string
	var walk func(path string, v any, quantity bool)
	walk = func(path string, v any, quantity bool) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				q := quantity || k == "requests" || k == "limits" || k == "divisor"
				walk(path+"."+k, c, q)
			}
		case []any:
			for i, c := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), c, quantity)
			}
		default:
			if _, err := resource.ParseQuantity(fmt.Sprint(v)); quantity && err != nil {
				bad = append(bad, fmt.Sprintf("%s: %q", strings.TrimPrefix(path, "."), fmt.Sprint(v)))
			}
		}
	}
	walk("", tree, false)
	if len(bad) == 0 {
		return ""
	}
	slices.Sort(bad)
	return " (at " + strings.Join(bad, ", ") + ")"
}
