package chdb

import (
	"fmt"
	"os"
	"testing"
)

// The engine allows one storage path per process, so the package's tests share one
// Engine, opened here on a fresh directory.
var (
	testEngine  *Engine
	testDir     string
	preOpenSigs *signalState
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "chdb-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	testDir = dir
	preOpenSigs = saveSignals()
	testEngine, err = Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "opening engine:", err)
		return 1
	}
	code := m.Run()
	if err := testEngine.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "closing engine:", err)
		return 1
	}
	return code
}
