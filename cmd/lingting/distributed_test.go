package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"golang.org/x/sync/errgroup"

	"github.com/lingting/lingting/bus"
)

// TestDistributedMatchesEmbedded runs the same simulation twice: embedded (one process,
// in-process bus) and distributed (collect → Kafka → enrich → Kafka → sink, each stage
// with its own config and data directory, over a Kafka-protocol broker on loopback TCP),
// and finds the same stored rows.
func TestDistributedMatchesEmbedded(t *testing.T) {
	sim := testSim()
	want, dead := expected(t, sim)
	if len(want) < 500 || dead == 0 {
		t.Fatalf("test simulation too small: %d mentions, %d dead letters", len(want), dead)
	}
	log := newLogger(testWriter{t}, "warn")

	var embedded string
	err := runPipeline(t.Context(), testConfig(t, sim), roles{collect: true, enrich: true, sink: true, untilCollected: true}, log,
		func(ctx context.Context, st *store) error {
			embedded = httpQueryAddr(t, st.addr, snapshotQuery)
			checkStored(t, st.addr, len(want), dead)
			return nil
		})
	if err != nil {
		t.Fatalf("embedded run: %v", err)
	}

	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.GroupMinSessionTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	kafka := &bus.KafkaConfig{Brokers: cluster.ListenAddrs(), SessionTimeout: 2 * time.Second,
		HeartbeatInterval: 200 * time.Millisecond, RebalanceTimeout: 2 * time.Second,
		JoinGroupBackoff: 200 * time.Millisecond, MaxWait: 100 * time.Millisecond, BatchWait: 20 * time.Millisecond}
	stage := func() Config {
		c := testConfig(t, sim)
		c.Kafka = kafka
		c.KafkaTopics.Partitions = 3
		return c
	}
	sink := stage()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return runPipeline(gctx, sink, roles{sink: true}, log, nil) })
	g.Go(func() error { return runPipeline(gctx, stage(), roles{enrich: true}, log, nil) })
	g.Go(func() error { return runPipeline(gctx, stage(), roles{collect: true}, log, nil) })

	waitFor(t, "the distributed sink to store every mention", 3*time.Minute, func() bool {
		return storedCount(t, sink.DataDir) >= len(want)
	})
	addr := readAddr(t, sink.DataDir)
	checkStored(t, addr, len(want), dead)
	distributed := httpQueryAddr(t, addr, snapshotQuery)
	cancel()
	if err := g.Wait(); err != nil {
		t.Fatalf("distributed run: %v", err)
	}
	compareSnapshots(t, embedded, distributed)
}

// checkStored asserts the store holds exactly the expected mentions and dead letters,
// with no duplicate after FINAL.
func checkStored(t *testing.T, addr string, mentions, dead int) {
	t.Helper()
	checks := []struct {
		query string
		want  int
	}{
		{"SELECT count() FROM lingting.mentions FINAL", mentions},
		{"SELECT uniqExact(id) FROM lingting.mentions", mentions},
		{"SELECT count() FROM lingting.dead_letters FINAL", dead},
		{"SELECT countIf(sentiment_label NOT IN ('positive', 'negative', 'neutral') OR abs(sentiment_score) > 1) FROM lingting.mentions", 0},
	}
	for _, c := range checks {
		if got := countAddr(t, addr, c.query); got != c.want {
			t.Errorf("%s = %d, want %d", c.query, got, c.want)
		}
	}
}

func compareSnapshots(t *testing.T, embedded, distributed string) {
	t.Helper()
	a, b := strings.Split(embedded, "\n"), strings.Split(distributed, "\n")
	if len(a) != len(b) {
		t.Fatalf("embedded stored %d rows, distributed %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d differs:\nembedded:    %s\ndistributed: %s", i, a[i], b[i])
		}
	}
}

// testWriter sends logs to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
