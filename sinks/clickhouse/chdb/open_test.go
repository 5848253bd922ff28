package chdb

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecondOpenFails(t *testing.T) {
	for _, dir := range []string{t.TempDir(), testDir} {
		e, err := Open(dir)
		if !errors.Is(err, ErrAlreadyOpen) {
			if e != nil {
				e.Close()
			}
			t.Errorf("Open(%s) while open: %v, want ErrAlreadyOpen", dir, err)
		}
	}
}

func TestMissingLibraryExplainsFetch(t *testing.T) {
	_, err := dlopen(filepath.Join(t.TempDir(), "libchdb.so"))
	if err == nil || !strings.Contains(err.Error(), "make chdb") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want a not-found error that says how to fetch the library", err)
	}
}

func TestLibPath(t *testing.T) {
	t.Setenv(LibEnv, "/x/libchdb.so")
	if got := LibPath(); got != "/x/libchdb.so" {
		t.Errorf("with %s: %s", LibEnv, got)
	}
	t.Setenv(LibEnv, "")
	if got := LibPath(); !strings.HasSuffix(got, filepath.Join("lingting", "chdb", LibVersion, "libchdb.so")) {
		t.Errorf("default: %s", got)
	}
}

// TestReopenPersists closes the shared engine, checks a closed engine refuses work, and
// reopens the same directory, which must still hold the data.
func TestReopenPersists(t *testing.T) {
	mustExec(t, "CREATE TABLE IF NOT EXISTS persist (id UInt32, s String) ENGINE = MergeTree ORDER BY id")
	if err := testEngine.Insert(context.Background(), "INSERT INTO persist FORMAT CSV", strings.NewReader("1,a\n2,b\n")); err != nil {
		t.Fatal(err)
	}
	old := testEngine
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := old.Query(context.Background(), "SELECT 1", ""); !errors.Is(err, ErrClosed) {
		t.Errorf("Query after Close: %v, want ErrClosed", err)
	}
	e, err := Open(testDir)
	if err != nil {
		t.Fatal(err)
	}
	testEngine = e
	if got := mustQuery(t, "SELECT id, s FROM persist ORDER BY id", "CSV"); got != "1,\"a\"\n2,\"b\"\n" {
		t.Errorf("after reopen: %q", got)
	}
}
