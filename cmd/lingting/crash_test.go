package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lingting/lingting/ingest/simulate"
)

// TestKilledMidRunLosesNothing starts `lingting run` as a real process, kills it with
// SIGKILL while it stores, starts it again on the same data directory, and finds every
// mention and dead letter of the simulation stored exactly once (after FINAL). Then it
// stops the process with SIGTERM and expects a clean exit.
func TestKilledMidRunLosesNothing(t *testing.T) {
	sim := testSim()
	sim.Crises = []simulate.Crisis{} // none: the YAML below says so too
	want, dead := expected(t, sim)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "lingting.yaml")
	yaml := fmt.Sprintf(`data_dir: %s
metrics_listen: 127.0.0.1:0
log_level: warn
clickhouse: {listen: "127.0.0.1:0"}
runner: {interval: 150ms}
sources:
  simulate:
    seed: %d
    start: %s
    end: %s
    step: %s
    rate_per_hour: %g
    malformed_every: %d
    crises: []
`, filepath.Join(dir, "data"), sim.Seed, sim.Start.Format(time.RFC3339), sim.End.Format(time.RFC3339),
		sim.Step, sim.RatePerHour, sim.MalformedEvery)
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(dir, "data")

	first := start(t, cfgPath)
	waitFor(t, "the first run to store a third of the mentions", 2*time.Minute, func() bool {
		return storedCount(t, dataDir) > len(want)/3
	})
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	before := countStoredOffline(t, dataDir)
	t.Logf("killed after %d of %d mentions were stored", before, len(want))

	second := start(t, cfgPath)
	waitFor(t, "the second run to store every mention", 3*time.Minute, func() bool {
		return storedCount(t, dataDir) >= len(want)
	})
	checkStored(t, readAddr(t, dataDir), len(want), dead)
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := second.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v", err)
	}
	checkServeAndSQL(t, dataDir, len(want))
}

// checkServeAndSQL: `lingting sql` reads a store no process has open, `lingting serve`
// serves it over ClickHouse's HTTP interface, and `lingting sql` then goes through that
// endpoint (the engine allows one process per directory).
func checkServeAndSQL(t *testing.T, dataDir string, want int) {
	t.Helper()
	query := "SELECT count() FROM lingting.mentions FINAL"
	sql := func() string {
		var out, errOut strings.Builder
		err := dispatch(t.Context(), []string{"sql", "--data-dir", dataDir, "--format", "TSV", query}, stdio{out: &out, err: &errOut})
		if err != nil {
			t.Fatalf("lingting sql: %v (%s)", err, errOut.String())
		}
		return strings.TrimSpace(out.String())
	}
	if got := sql(); got != fmt.Sprint(want) {
		t.Errorf("lingting sql offline: %s, want %d", got, want)
	}
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() {
		served <- dispatch(ctx, []string{"serve", "--data-dir", dataDir, "--clickhouse-listen", "127.0.0.1:0", "--log-level", "warn"},
			stdio{out: io.Discard, err: testWriter{t}})
	}()
	waitFor(t, "lingting serve to answer", time.Minute, func() bool { return storedCount(t, dataDir) == want })
	if got := sql(); got != fmt.Sprint(want) {
		t.Errorf("lingting sql through the served endpoint: %s, want %d", got, want)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("lingting serve: %v", err)
	}
}

// start runs this test binary as `lingting run --config cfgPath`.
func start(t *testing.T, cfgPath string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "run", "--config", cfgPath)
	cmd.Env = append(os.Environ(), "LINGTING_RUN_MAIN=1")
	cmd.Stderr = testWriter{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// countStoredOffline counts the mentions in a store no process has open.
func countStoredOffline(t *testing.T, dataDir string) int {
	var out strings.Builder
	if err := queryStore(t.Context(), dataDir, "SELECT count() FROM lingting.mentions FINAL", "TSV", &out); err != nil {
		t.Fatalf("counting offline: %v", err)
	}
	var n int
	fmt.Sscan(out.String(), &n)
	return n
}
