package clickhouse_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// TestCreatedAtIndexSkipsGranules: mentions whose ids grow with time (as Weibo's and
// Douyin's do) are sorted by time within a part, so a one-day query over a part holding
// three days reads about a third of its granules (migration 0015), and counts the same.
func TestCreatedAtIndexSkipsGranules(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	// 3 × 8,192 rows over three days of a month no other test writes, ids in time order.
	const rows = 3 * 8192
	if err := conn.Exec(ctx, `INSERT INTO lingting.mentions (id, platform, native_id, created_at)
		SELECT concat('weibo:', toString(5000000000000000 + number)), 'weibo', toString(5000000000000000 + number),
		       toDateTime64('2031-03-01 00:00:00', 3, 'UTC') + toIntervalSecond(intDiv(number * 259200, `+strconv.Itoa(rows)+`))
		FROM numbers(`+strconv.Itoa(rows)+`)`); err != nil {
		t.Fatal(err)
	}
	const day = "created_at >= '2031-03-02 00:00:00' AND created_at < '2031-03-03 00:00:00'"
	if n := queryUint64(t, conn, "SELECT count() FROM lingting.mentions WHERE "+day); n != rows/3 {
		t.Errorf("one day holds %d mentions, want %d", n, rows/3)
	}
	r, err := conn.Query(ctx, "EXPLAIN indexes = 1 SELECT count() FROM lingting.mentions WHERE "+day+" AND notEmpty(id)")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var plan strings.Builder
	for r.Next() {
		var line string
		if err := r.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	m := regexp.MustCompile(`Name: created_at_minmax\n(?:.*\n)*?\s*Granules: (\d+)/(\d+)`).FindStringSubmatch(plan.String())
	if m == nil {
		t.Fatalf("the plan does not use created_at_minmax:\n%s", plan.String())
	}
	kept, of := atoi(t, m[1]), atoi(t, m[2])
	if of < 3 || kept > of/3+1 {
		t.Errorf("created_at_minmax kept %d of %d granules for one day of three:\n%s", kept, of, plan.String())
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
