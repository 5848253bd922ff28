package clickhouse_test

import (
	"context"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// TestTopicsCountsTermsAndFindsEmerging writes a baseline day of a steady term and a
// burst of a new one, replays the burst, and reads topics_hourly and topics_emerging.
func TestTopicsCountsTermsAndFindsEmerging(t *testing.T) {
	conn := chtest.Migrated(t)
	ctx := context.Background()
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	// Another month than the other tests: its own partition, so its parts do not make the
	// engine merge theirs (TestReplayAddsNoDuplicates counts unmerged rows).
	base := time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)
	ms := mentions(t.Name()+"-steady", 48, "")
	for i := range ms {
		ms[i].CreatedAt = base.Add(time.Duration(i) * time.Hour)
		ms[i].Keywords = []string{"咖啡"}
	}
	burst := mentions(t.Name()+"-burst", 8, "")
	for i := range burst {
		burst[i].CreatedAt = base.Add(47 * time.Hour)
		burst[i].Hashtags = []string{"新品发布"}
	}
	for _, batch := range [][]event.Mention{ms, burst, burst, burst[:3], burst[3:]} { // replays: identical, then split
		if err := w.WriteMentions(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	if n := queryUint64(t, conn, "SELECT sum(mentions) FROM lingting.topics_hourly WHERE term = '新品发布' AND source = 'hashtag'"); n != 8 {
		t.Errorf("新品发布 counted %d times, want 8 (replay must not count)", n)
	}
	var term string
	if err := conn.QueryRow(ctx, "SELECT term FROM lingting.topics_emerging LIMIT 1").Scan(&term); err != nil {
		t.Fatal(err)
	}
	if term != "新品发布" {
		t.Errorf("top emerging term %q, want 新品发布", term)
	}
}
