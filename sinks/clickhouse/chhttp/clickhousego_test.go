package chhttp

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

func openClient(t testing.TB, method clickhouse.CompressionMethod) driver.Conn {
	t.Helper()
	u, err := url.Parse(testServer.URL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := clickhouse.Open(&clickhouse.Options{
		Protocol:    clickhouse.HTTP,
		Addr:        []string{u.Host},
		Auth:        clickhouse.Auth{Username: "default", Password: "ignored"},
		Compression: &clickhouse.Compression{Method: method},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

type mentionRow struct {
	ID        uint64    `ch:"id"`
	CreatedAt time.Time `ch:"created_at"`
	Brands    []string  `ch:"brands"`
	Score     float32   `ch:"score"`
	Platform  string    `ch:"platform"`
	Text      string    `ch:"text"`
}

func TestClickHouseGo(t *testing.T) {
	methods := []struct {
		name   string
		method clickhouse.CompressionMethod
	}{
		{"none", clickhouse.CompressionNone},
		{"gzip", clickhouse.CompressionGZIP},
		{"deflate", clickhouse.CompressionDeflate},
	}
	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) { testClickHouseGo(t, openClient(t, m.method), "chgo_"+m.name) })
	}
}

func testClickHouseGo(t *testing.T, conn driver.Conn, table string) {
	ctx := context.Background()
	if err := conn.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	ddl := "CREATE TABLE " + table + ` (
		id UInt64, created_at DateTime64(3, 'UTC'), brands Array(String), score Float32,
		platform LowCardinality(String), text String
	) ENGINE = MergeTree ORDER BY id`
	if err := conn.Exec(ctx, ddl); err != nil {
		t.Fatalf("Exec DDL: %v", err)
	}
	base := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	const n = 5000
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+table)
	if err != nil {
		t.Fatalf("PrepareBatch: %v", err)
	}
	for i := range n {
		text := fmt.Sprintf("帖子 %d\n\nwith blank line", i)
		if err := batch.Append(uint64(i), base.Add(time.Duration(i)*time.Millisecond), []string{"b1", fmt.Sprint("b", i%7)},
			float32(i%200)/100-1, []string{"weibo", "douyin", "wecom"}[i%3], text); err != nil {
			t.Fatalf("Append: %v", err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatalf("Send: %v", err)
	}

	var count uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM "+table).Scan(&count); err != nil || count != n {
		t.Fatalf("QueryRow count: %d, %v; want %d", count, err, n)
	}
	rows, err := conn.Query(ctx, "SELECT id, created_at, brands, score, platform, text FROM "+table+" WHERE id IN (1, 4999) ORDER BY id")
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	var got []mentionRow
	for rows.Next() {
		var r mentionRow
		if err := rows.ScanStruct(&r); err != nil {
			t.Fatalf("Scan: %v", err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	want := mentionRow{ID: 4999, CreatedAt: base.Add(4999 * time.Millisecond), Brands: []string{"b1", "b1"}, Score: float32(4999%200)/100 - 1, Platform: "douyin", Text: "帖子 4999\n\nwith blank line"}
	if len(got) != 2 || !got[1].CreatedAt.Equal(want.CreatedAt) || got[1].ID != want.ID || got[1].Text != want.Text ||
		got[1].Score != want.Score || got[1].Platform != want.Platform || fmt.Sprint(got[1].Brands) != fmt.Sprint(want.Brands) {
		t.Errorf("rows: %+v, want second %+v", got, want)
	}

	var platform string
	var c uint64
	if err := conn.QueryRow(ctx, "SELECT platform, count() FROM "+table+" WHERE platform = {p:String} GROUP BY platform",
		clickhouse.Named("p", "wecom")).Scan(&platform, &c); err != nil || platform != "wecom" || c != n/3 {
		t.Errorf("named parameter: %q %d %v", platform, c, err)
	}
	pctx := clickhouse.Context(ctx, clickhouse.WithParameters(clickhouse.Parameters{"id": "42"}))
	var id uint64
	if err := conn.QueryRow(pctx, "SELECT id FROM "+table+" WHERE id = {id:UInt64}").Scan(&id); err != nil || id != 42 {
		t.Errorf("WithParameters: %d %v", id, err)
	}
	sctx := clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"max_block_size": 777}))
	var setting string
	if err := conn.QueryRow(sctx, "SELECT toString(getSetting('max_block_size'))").Scan(&setting); err != nil || setting != "777" {
		t.Errorf("per-query setting: %q %v", setting, err)
	}

	err = conn.Exec(ctx, "SELECT * FROM no_such_table")
	var ex *clickhouse.Exception
	if !errors.As(err, &ex) || ex.Code != 60 {
		t.Errorf("server error: %v, want exception code 60", err)
	}
}

// TestClickHouseGoLargeResult reads a 1M-row result over HTTP: many Native blocks,
// streamed by the server.
func TestClickHouseGoLargeResult(t *testing.T) {
	conn := openClient(t, clickhouse.CompressionNone)
	rows, err := conn.Query(context.Background(), "SELECT number, toString(number) FROM numbers(1000000)")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n, sum uint64
	for rows.Next() {
		var v uint64
		var s string
		if err := rows.Scan(&v, &s); err != nil {
			t.Fatal(err)
		}
		n++
		sum += v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 1_000_000 || sum != 499999500000 {
		t.Errorf("read %d rows summing to %d", n, sum)
	}
}
