package clickhouse_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/event"
)

// queryUint64 runs a query returning one UInt64 (count(), uniqExactMerge …).
func queryUint64(t *testing.T, conn driver.Conn, q string, args ...any) uint64 {
	t.Helper()
	var n uint64
	if err := conn.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("query %q: %v", q, err)
	}
	return n
}

// mention builds a fully enriched test mention; prefix keeps tests' ids apart in the
// shared engine.
func mention(prefix string, i int, brand string, at time.Time) event.Mention {
	native := fmt.Sprintf("%s-%d", prefix, i)
	author := event.Account{
		ID: event.ID(event.Weibo, "u-"+native), Platform: event.Weibo, NativeID: "u-" + native,
		Nickname: "小明🐱", Followers: int64(1000 + i), Verified: i%2 == 0,
	}
	return event.Mention{
		Schema: event.SchemaVersion, ID: event.ID(event.Weibo, native), Platform: event.Weibo,
		Kind: event.Post, NativeID: native, CreatedAt: at.Add(time.Duration(i) * time.Millisecond),
		Text:   "今天的咖啡☕️太好喝了 #好物推荐# @小红 [哈哈] https://t.cn/abc",
		Author: author, ThreadID: "weibo:root", ParentID: "weibo:parent", URL: "https://weibo.com/" + native,
		Engage:     event.Engagement{Likes: 12, Comments: 3, Reposts: 1},
		Lang:       "zh",
		Hashtags:   []string{"好物推荐"},
		Mentions:   []string{"小红"},
		URLs:       []string{"https://t.cn/abc"},
		Emoticons:  []string{"哈哈"},
		Emoji:      []string{"☕️"},
		Tokens:     []string{"今天", "的", "咖啡", "太", "好喝", "了"},
		Brands:     []string{brand},
		Sentiment:  event.Sentiment{Score: 0.75, Label: event.Positive},
		PersonID:   "person-1",
		EnrichedAt: time.Date(2026, 11, 23, 8, 0, 0, 123_000_000, time.UTC),
	}
}

func mentions(prefix string, n int, brand string) []event.Mention {
	at := time.Date(2026, 11, 23, 7, 30, 15, 0, time.UTC)
	ms := make([]event.Mention, n)
	for i := range ms {
		ms[i] = mention(prefix, i, brand, at)
	}
	return ms
}
