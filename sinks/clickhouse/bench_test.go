package clickhouse_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// BenchmarkWriteMentions measures WriteMentions of 10k-row batches through clickhouse-go
// HTTP and chhttp into the embedded engine. Each iteration writes new ids.
func BenchmarkWriteMentions(b *testing.B) {
	const rows = 10_000
	conn := chtest.Migrated(b)
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		ms := mentions(fmt.Sprintf("bench-%d", i), rows, "bench")
		b.StartTimer()
		if err := w.WriteMentions(ctx, ms); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWriteMentionsAndAccounts is what MentionsHandler does per batch.
func BenchmarkWriteMentionsAndAccounts(b *testing.B) {
	const rows = 10_000
	conn := chtest.Migrated(b)
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		ms := mentions(fmt.Sprintf("bench-acc-%d", i), rows, "bench")
		b.StartTimer()
		if err := w.WriteMentions(ctx, ms); err != nil {
			b.Fatal(err)
		}
		if err := w.WriteAccounts(ctx, ms); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
}
