package chdb

import (
	"bytes"
	"context"
	"runtime"
	"testing"
)

type chunkCounter struct {
	chunks, total, max, lines int
}

func (c *chunkCounter) Write(p []byte) (int, error) {
	c.chunks++
	c.total += len(p)
	c.max = max(c.max, len(p))
	c.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// TestQueryToStreamsLargeResult streams a 1M-row result and checks it arrives in many
// chunks and without the Go side allocating anything near its size.
func TestQueryToStreamsLargeResult(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var c chunkCounter
	var st Stats
	if err := testEngine.QueryTo(context.Background(), "SELECT number, toString(number) FROM numbers(1000000)", "TabSeparated", &c, WithStats(&st)); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if c.lines != 1_000_000 {
		t.Fatalf("got %d lines, want 1000000", c.lines)
	}
	if c.chunks < 4 || c.max > c.total/4 {
		t.Errorf("result of %d bytes came in %d chunks, largest %d: not streamed", c.total, c.chunks, c.max)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	if allocated > uint64(c.total/4) {
		t.Errorf("Go allocated %d bytes while streaming %d", allocated, c.total)
	}
	if st.RowsRead == 0 {
		t.Errorf("no stats: %+v", st)
	}
	t.Logf("%d bytes in %d chunks (largest %d), Go allocated %d bytes, stats %+v", c.total, c.chunks, c.max, allocated, st)
}
