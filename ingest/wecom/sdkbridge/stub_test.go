//go:build !(wecomsdk && cgo)

package sdkbridge

import (
	"errors"
	"testing"
)

func TestOpenWithoutTag(t *testing.T) {
	if _, err := Open(Config{}); !errors.Is(err, ErrNotBuilt) {
		t.Fatalf("Open = %v, want ErrNotBuilt", err)
	}
}
