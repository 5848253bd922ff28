package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/lingting/lingting/ingest"
)

// TestDemoWindow: a data directory keeps one simulated world; an interrupted demo resumes
// it, a finished one plays it on up to now (skipping time nobody watched), and ids never
// repeat because batch indices only grow.
func TestDemoWindow(t *testing.T) {
	ctx := context.Background()
	f := demoFlags{duration: time.Minute, speed: 1440, dataDir: t.TempDir()}
	cp, err := ingest.NewFileCheckpoints(f.dataDir + "/checkpoints")
	if err != nil {
		t.Fatal(err)
	}
	setCursor := func(i int64) {
		if err := cp.Save(ctx, demoSource, strconv.FormatInt(i, 10)); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

	first, from, err := demoWindow(ctx, f, t0)
	if err != nil {
		t.Fatal(err)
	}
	if first.Step != 5*time.Minute || !first.End.Equal(t0) || !from.Equal(t0.Add(-24*time.Hour)) || !first.Origin.Equal(from) {
		t.Fatalf("new world = %+v from %v, want a day of 5-minute batches ending %v", first, from, t0)
	}
	setCursor(100) // interrupted mid-way
	resumed, from, err := demoWindow(ctx, f, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if resumed != first || !from.Equal(first.at(100)) {
		t.Fatalf("interrupted demo: got %+v from %v, want the same world from batch 100", resumed, from)
	}
	setCursor(first.batch(first.End)) // finished
	next, from, err := demoWindow(ctx, f, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if next.Origin != first.Origin || next.Seed != first.Seed || !from.Equal(t0) || !next.End.Equal(t0.Add(time.Hour)) {
		t.Fatalf("finished demo an hour later: got %+v from %v, want the same world played on from %v", next, from, t0)
	}
	setCursor(next.batch(next.End))
	later, from, err := demoWindow(ctx, f, t0.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(48 * time.Hour); !from.Equal(want) || later.Origin != first.Origin {
		t.Fatalf("three days later: plays from %v, want %v (the last day only, same world)", from, want)
	}
	if _, _, err := demoWindow(ctx, demoFlags{duration: time.Minute, speed: 1440, dataDir: f.dataDir, seed: 99}, t0); err == nil {
		t.Fatal("another seed on the same data directory: no error, want one (its ids would overwrite this world's)")
	}
}
