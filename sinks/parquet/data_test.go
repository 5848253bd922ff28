package parquet_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// The test data: mentions every 1.234 s from dataFrom, generated inside the engine, with
// Chinese text, newlines, empty and non-empty arrays, all three labels, and a replay of
// the first replayN ids with a later enriched_at (FINAL must keep one row each).
var (
	dataFrom = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	loadOnce sync.Once
	loadErr  error
)

const replayN = 50

// mentionsSQL inserts mentions n0 … n0+n-1; shift moves enriched_at (a replay).
func mentionsSQL(n0, n, shiftSeconds int) string {
	return fmt.Sprintf(`INSERT INTO lingting.mentions
 (id, platform, kind, native_id, created_at, text, lang, author_id, author_nickname,
  author_followers, author_verified, url, likes, comments, reposts, sentiment_score,
  sentiment_label, brands, hashtags, tokens, enriched_at)
SELECT concat('weibo:exp-', toString(number)), if(number %% 3 = 2, 'douyin', 'weibo'), 'post',
  concat('exp-', toString(number)),
  toDateTime64('2031-01-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(number * 1234),
  concat('导出测试第', toString(number), '条', if(number %% 7 = 0, '\n含换行 "引号"', '')),
  'zh', concat('weibo:u', toString(number %% 13)), concat('用户', toString(number %% 13)),
  number * 97, number %% 3 = 0, concat('https://weibo.com/exp/', toString(number)),
  number %% 50, 2, 1, toFloat32(((number %% 200) - 100) / 100),
  ['positive', 'negative', 'neutral'][number %% 3 + 1],
  arraySlice(['华为', '小米', 'L''Oréal'], 1, number %% 4),
  if(number %% 5 = 0, [], ['新品发布', concat('话题', toString(number %% 9))]),
  splitByChar(' ', concat('导出 测试 ', toString(number))),
  toDateTime64('2031-01-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(number * 1234 + 500) + toIntervalSecond(%d)
FROM numbers(%d, %d)`, shiftSeconds, n0, n)
}

// loaded returns a migrated connection holding the test mentions (written once).
func loaded(t testing.TB, n int) driver.Conn {
	t.Helper()
	conn := chtest.Migrated(t)
	loadOnce.Do(func() {
		ctx := context.Background()
		if loadErr = conn.Exec(ctx, mentionsSQL(0, n, 0)); loadErr != nil {
			return
		}
		loadErr = conn.Exec(ctx, mentionsSQL(0, replayN, 3600))
	})
	if loadErr != nil {
		t.Fatalf("loading test mentions: %v", loadErr)
	}
	return conn
}
