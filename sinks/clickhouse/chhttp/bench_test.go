package chhttp

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// BenchmarkClickHouseGoInsert100k sends one batch of 100,000 mention-like rows per
// iteration through clickhouse-go/v2 over HTTP into the embedded engine.
func BenchmarkClickHouseGoInsert100k(b *testing.B) {
	for _, m := range []struct {
		name   string
		method clickhouse.CompressionMethod
	}{{"none", clickhouse.CompressionNone}, {"gzip", clickhouse.CompressionGZIP}} {
		b.Run(m.name, func(b *testing.B) {
			conn := openClient(b, m.method)
			ctx := context.Background()
			table := "bench_" + m.name
			if err := conn.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+table+` (id UInt64, created_at DateTime64(3, 'UTC'),
				brands Array(String), score Float32, platform LowCardinality(String), text String) ENGINE = MergeTree ORDER BY id`); err != nil {
				b.Fatal(err)
			}
			const n = 100_000
			texts := make([]string, 1000)
			for i := range texts {
				texts[i] = fmt.Sprintf("今天买的手机 %d 用起来很顺手，拍照也清楚 #数码# @品牌官方", i)
			}
			base := time.Now()
			for b.Loop() {
				batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+table)
				if err != nil {
					b.Fatal(err)
				}
				for i := range n {
					if err := batch.Append(uint64(i), base.Add(time.Duration(i)*time.Millisecond), []string{"b1", "b2"},
						float32(i%200)/100-1, "weibo", texts[i%len(texts)]); err != nil {
						b.Fatal(err)
					}
				}
				if err := batch.Send(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "rows/s")
			if err := conn.Exec(ctx, "DROP TABLE "+table); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkClickHouseGoQueryRow measures one small statement's round trip through
// clickhouse-go/v2, the handler and the engine, plain and with a per-statement setting
// (which costs the engine a read and two SETs).
func BenchmarkClickHouseGoQueryRow(b *testing.B) {
	conn := openClient(b, clickhouse.CompressionNone)
	for _, c := range []struct {
		name string
		ctx  context.Context
	}{
		{"plain", context.Background()},
		{"with setting", clickhouse.Context(context.Background(), clickhouse.WithSettings(clickhouse.Settings{"max_threads": 1}))},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				var v uint8
				if err := conn.QueryRow(c.ctx, "SELECT 1").Scan(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
