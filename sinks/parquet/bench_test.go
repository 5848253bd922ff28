package parquet_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lingting/lingting/sinks/parquet"
)

// benchRows is the size of the benchmark's table slice; LINGTING_EXPORT_BENCH_ROWS
// overrides it (docs/scaling.md records 1M).
func benchRows(b *testing.B) int {
	if s := os.Getenv("LINGTING_EXPORT_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 200_000
}

var benchLoad sync.Once

// BenchmarkExport exports benchRows mentions (ids from 10M on, so apart from the tests'
// rows) to io.Discard in each format, and reports rows/s and the peak Go heap during the
// export (the embedded engine's own memory is outside the Go heap).
func BenchmarkExport(b *testing.B) {
	n := benchRows(b)
	conn := loaded(b, testRows)
	const first = 10_000_000
	benchLoad.Do(func() {
		for off := 0; off < n; off += 500_000 {
			if err := conn.Exec(context.Background(), mentionsSQL(first+off, min(500_000, n-off), 0)); err != nil {
				b.Fatal(err)
			}
		}
	})
	since := dataFrom.Add(first * 1234 * time.Millisecond)
	for _, format := range []parquet.Format{parquet.FormatParquet, parquet.FormatArrow} {
		b.Run(string(format), func(b *testing.B) {
			var rows int64
			peak := watchHeap()
			for b.Loop() {
				e, err := parquet.NewExporter(conn, parquet.Config{Table: "mentions", Since: since, Format: format}, nil, nil)
				if err != nil {
					b.Fatal(err)
				}
				st, err := e.Export(context.Background(), io.Discard)
				if err != nil {
					b.Fatal(err)
				}
				rows += st.Rows
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		})
	}
}

// watchHeap samples the live heap every few milliseconds until the returned function is
// called, which stops sampling and returns the largest value seen.
func watchHeap() func() uint64 {
	runtime.GC()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
