package dashboards_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/dashboards"
)

// benchFrom starts the benchmark's month of mentions, apart from the tests' data.
var benchFrom = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)

// benchMentionsSQL inserts mentions n0 … n0+n-1 spread evenly over 30 days from
// benchFrom: three platforms, 20 brands (one or two per mention, a tenth with none),
// 200k authors per platform with follower counts 10^k (k = 0…6, a seventh each), a third
// negative.
func benchMentionsSQL(n0, n, total int) string {
	return fmt.Sprintf(`INSERT INTO lingting.mentions
 (id, platform, kind, native_id, created_at, text, lang, author_id, author_nickname,
  author_followers, author_verified, url, likes, comments, reposts, sentiment_score,
  sentiment_label, brands, hashtags, tokens, enriched_at)
SELECT concat(p, ':bench-', toString(number)) AS id,
  ['weibo', 'douyin', 'wecom'][number %% 3 + 1] AS p, 'post', concat('bench-', toString(number)),
  toDateTime64('2027-06-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * 2592000000, %d)),
  concat('基准测试文本 ', toString(number)), 'zh',
  concat(p, ':u', toString(cityHash64(number) %% 200000)) AS author,
  concat('用户', toString(cityHash64(number) %% 200000)),
  toUInt64(pow(10, (cityHash64(number) %% 200000) %% 7)) AS followers, followers >= 100000,
  concat('https://example.com/', toString(number)), number %% 100, number %% 10, number %% 5,
  toFloat32(if(number %% 3 = 0, -0.6, 0.4)),
  if(number %% 3 = 0, 'negative', if(number %% 3 = 1, 'positive', 'neutral')),
  if(number %% 10 = 0, [], arrayDistinct([concat('品牌', toString(number %% 20)), concat('品牌', toString(number %% 7))])),
  [concat('话题', toString(number %% 500))], ['基准', '测试'],
  toDateTime64('2027-06-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * 2592000000, %d) + 1000)
FROM numbers(%d, %d)`, total, total, n0, n)
}

func benchSize(b *testing.B) int {
	if s := os.Getenv("LINGTING_DASHBOARD_BENCH_MENTIONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 200_000
}

// BenchmarkDashboardQueries loads benchSize mentions over 30 days (default 200k;
// LINGTING_DASHBOARD_BENCH_MENTIONS=10000000 for the scale) and runs every
// ClickHouse panel and alert rule query for all brands and platforms over the last 24
// hours and the last 7 days of that month (alert rules over their own evaluation range,
// as Grafana runs them), reporting each query's p50 and p95.
func BenchmarkDashboardQueries(b *testing.B) {
	n := benchSize(b)
	conn := loadedConn(b)
	ctx := context.Background()
	start := time.Now()
	for off := 0; off < n; off += 1_000_000 {
		if err := conn.Exec(ctx, benchMentionsSQL(off, min(1_000_000, n-off), n)); err != nil {
			b.Fatal(err)
		}
	}
	if err := conn.Exec(ctx, "OPTIMIZE TABLE lingting.mentions_per_minute FINAL"); err != nil {
		b.Logf("optimizing the rollup: %v", err)
	}
	b.Logf("loaded %d mentions in %v", n, time.Since(start).Round(time.Millisecond))
	brands := make([]string, 20)
	for i := range brands {
		brands[i] = "品牌" + strconv.Itoa(i)
	}
	end := benchFrom.Add(30 * 24 * time.Hour)
	for _, window := range []time.Duration{24 * time.Hour, 7 * 24 * time.Hour} {
		for _, sq := range benchQueries() {
			q := grafanaQuery{from: end.Add(-window), to: end, interval: window / 200,
				vars: map[string][]string{"brand": brands, "platform": dashboards.Platforms}}
			if sq.rangeSeconds > 0 { // an alert rule: Grafana evaluates it over its own range
				q.from = end.Add(-time.Duration(sq.rangeSeconds) * time.Second)
			}
			b.Run(fmt.Sprintf("%s/%s", window, sq.name), func(b *testing.B) {
				sql, err := q.expand(sq.sql)
				if err != nil {
					b.Fatal(err)
				}
				var took []time.Duration
				for b.Loop() {
					t0 := time.Now()
					drain(b, conn, sql)
					took = append(took, time.Since(t0))
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
			})
		}
	}
}

// namedQuery is a panel's or alert rule's SQL; rangeSeconds is an alert rule's
// relativeTimeRange (0 for panels, which read the dashboard's range).
type namedQuery struct {
	name, sql    string
	rangeSeconds int
}

func benchQueries() []namedQuery {
	var qs []namedQuery
	for _, d := range clickHouseDashboards() {
		for _, p := range d.Panels {
			qs = append(qs, namedQuery{name: d.UID + "/" + p.Title, sql: p.Targets[0].RawSQL})
		}
	}
	for _, g := range dashboards.AlertGroups() {
		for _, r := range g.Rules {
			qs = append(qs, namedQuery{"alert/" + r.UID, r.Data[0].Model["rawSql"].(string), r.Data[0].RelativeTimeRange.From})
		}
	}
	return qs
}

func drain(b *testing.B, conn driver.Conn, sql string) {
	rows, err := conn.Query(context.Background(), sql)
	if err != nil {
		b.Fatalf("running %s: %v", sql, err)
	}
	defer rows.Close()
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}
