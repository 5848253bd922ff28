package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lingting/lingting/ingest"
)

func TestFileCheckpointsRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir") // created on demand
	cp, err := ingest.NewFileCheckpoints(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"weibo", "replay-2026.05", "simulate/weibo", "simulate_weibo", "../escape", ".hidden", "微博", "", strings.Repeat("x", 300)}
	for _, name := range names {
		if got, err := cp.Load(t.Context(), name); err != nil || got != "" {
			t.Fatalf("Load(%q) before any Save = %q, %v; want \"\", nil", name, got, err)
		}
	}
	for i, name := range names {
		for j := range 3 { // overwrite twice
			if err := cp.Save(t.Context(), name, fmt.Sprintf("cursor-%d-%d", i, j)); err != nil {
				t.Fatalf("Save(%q): %v", name, err)
			}
		}
	}
	reopened, err := ingest.NewFileCheckpoints(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		if got, err := reopened.Load(t.Context(), name); err != nil || got != fmt.Sprintf("cursor-%d-2", i) {
			t.Errorf("Load(%q) = %q, %v", name, got, err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(names) {
		t.Errorf("%d files for %d names (temp files left or names sharing a file)", len(entries), len(names))
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".cursor") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("unexpected file %q", e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "escape.cursor")); err == nil {
		t.Error("a name escaped the directory")
	}
}

// TestFileCheckpointsConcurrent saves from many goroutines (run with -race); each name ends
// with one of the values written for it, never a torn one.
func TestFileCheckpointsConcurrent(t *testing.T) {
	cp, err := ingest.NewFileCheckpoints(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				name := fmt.Sprintf("src%d", g%2)
				if err := cp.Save(t.Context(), name, fmt.Sprintf("%d:%d", g, i)); err != nil {
					t.Error(err)
				}
				if _, err := cp.Load(t.Context(), name); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for _, name := range []string{"src0", "src1"} {
		got, err := cp.Load(t.Context(), name)
		var g, i int
		if n, _ := fmt.Sscanf(got, "%d:%d", &g, &i); err != nil || n != 2 || i != 9 {
			t.Errorf("Load(%q) = %q, %v", name, got, err)
		}
	}
}

func TestNewFileCheckpointsErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"", filepath.Join(file, "sub")} {
		if _, err := ingest.NewFileCheckpoints(dir); err == nil {
			t.Errorf("NewFileCheckpoints(%q) succeeded", dir)
		}
	}
}
