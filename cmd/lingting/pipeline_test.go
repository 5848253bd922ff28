package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/simulate"
)

// testSim is a short, fast simulation with a crisis and malformed payloads in it.
func testSim() simulate.Config {
	start := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	return simulate.Config{
		Seed: 42, Start: start, End: start.Add(40 * time.Minute), Step: time.Minute,
		RatePerHour: 1500, MalformedEvery: 40,
		Crises: []simulate.Crisis{{Brand: "茶小满", Topic: "茶小满食品安全", Headline: "曝光！茶小满后厨使用过期原料",
			Complaints: []string{"用过期原料", "后厨有老鼠"}, Offset: 10 * time.Minute, Duration: 20 * time.Minute}},
	}
}

// testConfig is the embedded pipeline over sim on loopback ports chosen by the kernel.
func testConfig(t *testing.T, sim simulate.Config) Config {
	return Config{
		DataDir:       t.TempDir(),
		MetricsListen: "127.0.0.1:0",
		LogLevel:      "warn",
		ClickHouse:    ClickHouseConfig{Listen: "127.0.0.1:0"},
		Sources:       SourcesConfig{Simulate: &sim},
	}.withDefaults()
}

// expected is what the simulation should store: the ids of the mentions its envelopes
// parse into, and how many envelopes are dead letters.
func expected(t *testing.T, sim simulate.Config) (ids map[string]bool, dead int) {
	t.Helper()
	src, err := simulate.New(sim)
	if err != nil {
		t.Fatal(err)
	}
	ids = map[string]bool{}
	for cursor := ""; ; {
		b, err := src.Fetch(context.Background(), cursor)
		if errors.Is(err, ingest.ErrDone) {
			return ids, dead
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range b.Raws {
			ms, err := parsers()[raw.Platform](raw)
			if err != nil {
				dead++
				continue
			}
			for _, m := range ms {
				ids[m.ID] = true
			}
		}
		dead += len(b.Bad)
		cursor = b.Next
	}
}

// snapshotQuery reads back every stored mention, the way a data scientist would.
const snapshotQuery = `SELECT id, platform, kind, created_at, text, author_id, thread_id, parent_id,
	sentiment_score, sentiment_label, brands, hashtags, tokens
	FROM lingting.mentions FINAL ORDER BY id FORMAT JSONEachRow`

// readAddr is the ClickHouse HTTP endpoint of the process that owns dataDir; "" while
// there is none.
func readAddr(t *testing.T, dataDir string) string {
	t.Helper()
	addr, err := os.ReadFile(filepath.Join(dataDir, addrFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("reading the endpoint address: %v", err)
	}
	return string(addr)
}

// storedCount is the number of distinct mentions stored in dataDir's running store; 0
// while it is not serving.
func storedCount(t *testing.T, dataDir string) int {
	addr := readAddr(t, dataDir)
	if addr == "" {
		return 0
	}
	resp, err := http.Post("http://"+addr+"/", "text/plain", strings.NewReader("SELECT count() FROM lingting.mentions FINAL"))
	if err != nil {
		return 0 // not serving (yet, or any more)
	}
	defer resp.Body.Close()
	var n int
	if _, err := fmt.Fscan(resp.Body, &n); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("counting stored mentions: %s: %v", resp.Status, err)
	}
	return n
}

// httpQueryAddr runs query on the ClickHouse HTTP endpoint at addr, TSV out.
func httpQueryAddr(t *testing.T, addr, query string) string {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/?"+url.Values{"default_format": {"TSV"}}.Encode(), "text/plain", strings.NewReader(query))
	if err != nil {
		t.Fatalf("querying: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("query %q: %s: %s", query, resp.Status, b)
	}
	return strings.TrimSpace(string(b))
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func countAddr(t *testing.T, addr, query string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(httpQueryAddr(t, addr, query), &n); err != nil {
		t.Fatalf("reading count of %q: %v", query, err)
	}
	return n
}

// TestRunWithAlertsOff: with the alert stage switched off, its consumer group must not be
// declared on the in-process bus, or publishing would wait for it forever.
func TestRunWithAlertsOff(t *testing.T) {
	sim := testSim()
	sim.End = sim.Start.Add(5 * time.Minute)
	cfg := testConfig(t, sim)
	cfg.Alert.Off = true
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	r := allRoles
	r.untilCollected = true
	if err := runPipeline(ctx, cfg, r, newLogger(testWriter{t}, "warn"), nil); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("the pipeline did not finish: publishing waited for a stage that never ran")
	}
}
