package dashboards_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docQueryRE finds the ```sql blocks of a Markdown file.
var docQueryRE = regexp.MustCompile("(?s)```sql\n(.*?)\n```")

// TestDocQueries runs every example query of docs/queries.md against the engine holding
// the simulated data, with now() pinned to the end of that data. A query must return
// rows unless its first line says "-- rows: may be empty"; a few results are checked
// against the ground truth.
func TestDocQueries(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "queries.md"))
	if err != nil {
		t.Fatal(err)
	}
	conn := loadedConn(t)
	now := "toDateTime64('" + rangeTo.Format("2006-01-02 15:04:05") + "', 3, 'UTC')"
	blocks := docQueryRE.FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 10 {
		t.Fatalf("found %d sql blocks in docs/queries.md, want at least 10", len(blocks))
	}
	for _, m := range blocks {
		q := m[1]
		name, _, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(q, "-- rows: may be empty")), "\n")
		t.Run(name, func(t *testing.T) {
			r := run(t, conn, strings.ReplaceAll(q, "now()", now))
			if len(r.rows) == 0 && !strings.HasPrefix(q, "-- rows: may be empty") {
				t.Fatalf("no rows from\n%s", q)
			}
			switch {
			case strings.Contains(q, "share_pct"):
				total := 0.0
				for _, row := range r.rows {
					total += num(t, row["share_pct"])
				}
				if total < 99.5 || total > 100.5 {
					t.Errorf("shares add up to %v%%, want 100%%", total)
				}
			case strings.Contains(q, "cohort_week"):
				if len(r.rows) != 1 || num(t, r.rows[0]["customers"]) != 20 || num(t, r.rows[0]["churned_30d"]) != 5 {
					t.Errorf("cohorts %v, want one week of 20 customers with 5 churned", r.rows)
				}
			}
		})
	}
}
