package parquet_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/sinks/parquet"
)

const testRows = 3000

// TestRoundTrip exports tables and views in both formats, reads each file back with
// arrow-go and compares it, row for row and type for type, with the same selection
// queried from the engine.
func TestRoundTrip(t *testing.T) {
	conn := loaded(t, testRows)
	since, until := dataFrom.Add(10*time.Minute), dataFrom.Add(50*time.Minute)
	window := fmt.Sprintf("created_at >= toDateTime64('%s', 3, 'UTC') AND created_at < toDateTime64('%s', 3, 'UTC')",
		since.Format(time.DateTime), until.Format(time.DateTime))
	tests := []struct {
		name      string
		cfg       parquet.Config
		source    string // the same rows, queried directly
		wantTypes map[string]string
		minGroups int // parquet row groups at least
	}{
		{
			name: "mentions parquet, time range, small row groups",
			cfg: parquet.Config{Table: "mentions", Since: since, Until: until, Format: parquet.FormatParquet,
				BatchRows: 100, RowGroupRows: 700},
			source: "SELECT * FROM lingting.mentions FINAL WHERE " + window,
			wantTypes: map[string]string{
				"created_at": "timestamp[ms, tz=UTC]", "brands": "list<item: utf8, nullable>",
				"platform": "utf8", "author_followers": "uint64", "author_verified": "bool",
				"sentiment_score": "float32",
			},
			minGroups: 3,
		},
		{
			name:      "mentions arrow, chosen columns, whole table",
			cfg:       parquet.Config{Table: "mentions", Columns: []string{"id", "tokens", "enriched_at", "text"}, Format: parquet.FormatArrow, BatchRows: 512},
			source:    "SELECT id, tokens, enriched_at, text FROM lingting.mentions FINAL",
			wantTypes: map[string]string{"tokens": "list<item: utf8, nullable>", "enriched_at": "timestamp[ms, tz=UTC]"},
		},
		{
			name: "merged rollup view, no FINAL, DateTime and counts",
			cfg:  parquet.Config{Table: "mentions_per_minute_merged", Since: since, Until: until, BatchRows: 64},
			source: fmt.Sprintf("SELECT * FROM lingting.mentions_per_minute_merged WHERE minute >= toDateTime64('%s', 3, 'UTC') AND minute < toDateTime64('%s', 3, 'UTC')",
				since.Format(time.DateTime), until.Format(time.DateTime)),
			// Parquet has no seconds unit: DateTime reads back as timestamp[ms].
			wantTypes: map[string]string{"minute": "timestamp[ms, tz=UTC]", "mentions": "uint64", "sentiment_avg": "float64"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var progress []int64
			tt.cfg.Progress = func(done, total int64) { progress = append(progress, done, total) }
			var buf bytes.Buffer
			e, err := parquet.NewExporter(conn, tt.cfg, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			st, err := e.Export(context.Background(), &buf)
			if err != nil {
				t.Fatal(err)
			}
			want := sourceRows(t, conn, tt.source)
			if len(want.rows) == 0 {
				t.Fatal("the source selection is empty: the test data did not load")
			}
			got := readFile(t, tt.cfg.Format, buf.Bytes())
			compareFiles(t, got, want, tt.wantTypes)
			if st.Rows != int64(len(want.rows)) {
				t.Errorf("Stats.Rows = %d, want %d", st.Rows, len(want.rows))
			}
			if n := len(progress); n == 0 || progress[n-2] != st.Rows || progress[n-1] != st.Rows {
				t.Errorf("last progress (done, total) = %v, want (%d, %d)", progress[max(0, n-2):], st.Rows, st.Rows)
			}
			if got.groups < tt.minGroups {
				t.Errorf("%d parquet row groups, want at least %d", got.groups, tt.minGroups)
			}
		})
	}
}

func compareFiles(t *testing.T, got, want table, wantTypes map[string]string) {
	t.Helper()
	if !slices.Equal(got.cols, want.cols) {
		t.Fatalf("columns %v, want %v", got.cols, want.cols)
	}
	for col, typ := range wantTypes {
		if got.types[col] != typ {
			t.Errorf("column %s has type %s, want %s", col, got.types[col], typ)
		}
	}
	if len(got.rows) != len(want.rows) {
		t.Fatalf("%d rows in the file, want %d", len(got.rows), len(want.rows))
	}
	for i := range want.rows {
		if !reflect.DeepEqual(got.rows[i], want.rows[i]) {
			t.Fatalf("row %d differs:\n file   %v\n source %v", i, got.rows[i], want.rows[i])
		}
	}
}

// TestExportErrors checks the errors callers branch on and that nothing is written for
// a table that cannot be exported.
func TestExportErrors(t *testing.T) {
	conn := loaded(t, testRows)
	tests := []struct {
		name string
		cfg  parquet.Config
		want error
	}{
		{"missing table", parquet.Config{Table: "no_such_table"}, parquet.ErrNoTable},
		{"aggregate states", parquet.Config{Table: "mentions_per_minute"}, parquet.ErrUnsupportedType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := parquet.NewExporter(conn, tt.cfg, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := e.Export(context.Background(), &buf); !errors.Is(err, tt.want) {
				t.Fatalf("Export error = %v, want %v", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written for a failed export, want 0", buf.Len())
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	at := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		cfg     parquet.Config
		wantErr string // substring naming the field; "" for valid
	}{
		{"defaults", parquet.Config{Table: "mentions"}, ""},
		{"no table", parquet.Config{}, "table"},
		{"injection", parquet.Config{Table: "mentions; DROP TABLE x"}, "table"},
		{"bad column", parquet.Config{Table: "m", Columns: []string{"a b"}}, "columns[0]"},
		{"bad format", parquet.Config{Table: "m", Format: "csv"}, "format"},
		{"reversed range", parquet.Config{Table: "m", Since: at, Until: at}, "since"},
		{"negative batch", parquet.Config{Table: "m", BatchRows: -1}, "batch_rows"},
		{"row group below batch", parquet.Config{Table: "m", BatchRows: 100, RowGroupRows: 10}, "row_group_rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %v, want error naming %q", err, tt.wantErr)
			}
		})
	}
}
