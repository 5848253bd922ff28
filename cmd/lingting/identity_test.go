package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestIdentityEval runs the evaluation command on a small simulated population and checks
// it prints a score for every rule and overall.
func TestIdentityEval(t *testing.T) {
	var out, errb bytes.Buffer
	err := runIdentity(context.Background(), []string{"eval", "--persons", "300", "--days", "1"}, stdio{out: &out, err: &errb})
	if err != nil {
		t.Fatalf("identity eval: %v\n%s", err, errb.String())
	}
	t.Log("\n" + out.String())
	for _, want := range []string{"unionid", "pii_phone", "declared_handle", "nickname", "overall"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
