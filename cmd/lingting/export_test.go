package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet/file"
)

// TestExportCommand exports from a closed data directory (the command opens the store
// itself) and from one a running process holds (the command goes through its endpoint),
// and checks the files hold the selected rows and nothing is left as .partial.
func TestExportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := openStore(ctx, dir, "127.0.0.1:0", nil, newLogger(&bytes.Buffer{}, "error"))
	if err != nil {
		t.Fatal(err)
	}
	err = st.conn.Exec(ctx, `INSERT INTO lingting.mentions (id, platform, kind, created_at, text, brands, enriched_at)
		SELECT concat('weibo:x', toString(number)), 'weibo', 'post',
		       toDateTime64('2026-03-01 00:00:00', 3, 'UTC') + toIntervalMinute(number), '测试', ['华为'],
		       toDateTime64('2026-03-01 00:00:00', 3, 'UTC') + toIntervalMinute(number)
		FROM numbers(3000)`) // 2026-03-01 00:00 … 2026-03-03 01:59
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := filepath.Join(t.TempDir(), "m.parquet")
	var stderr bytes.Buffer
	args := []string{"--data-dir", dir, "--table", "mentions", "--since", "2026-03-02", "--until", "2026-03-03T00:00:00Z", "--out", out}
	if err := runExport(ctx, args, stdio{out: &bytes.Buffer{}, err: &stderr}); err != nil {
		t.Fatalf("export from a closed store: %v (stderr %s)", err, stderr.String())
	}
	if rows := parquetRows(t, out); rows != 1440 {
		t.Errorf("parquet file holds %d rows, want 1440 (one day of minutes)", rows)
	}
	if !strings.Contains(stderr.String(), "100% 1440/1440 rows") {
		t.Errorf("progress bar %q does not end at 100%% 1440/1440 rows", stderr.String())
	}

	st, err = openStore(ctx, dir, "127.0.0.1:0", nil, newLogger(&bytes.Buffer{}, "error"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out = filepath.Join(t.TempDir(), "m.arrow")
	args = []string{"--data-dir", dir, "--table", "mentions", "--format", "arrow", "--columns", "id,created_at", "--quiet", "--out", out}
	if err := runExport(ctx, args, stdio{out: &bytes.Buffer{}, err: &bytes.Buffer{}}); err != nil {
		t.Fatalf("export through a running process: %v", err)
	}
	if rows := arrowRows(t, out); rows != 3000 {
		t.Errorf("arrow file holds %d rows, want 3000", rows)
	}
	if err := runExport(ctx, []string{"--data-dir", dir, "--table", "nope", "--quiet", "--out", out + "2"}, stdio{out: &bytes.Buffer{}, err: &bytes.Buffer{}}); err == nil {
		t.Error("exporting a missing table succeeded")
	}
	if _, err := os.Stat(out + "2.partial"); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s.partial behind (stat: %v)", out+"2", err)
	}
}

func parquetRows(t *testing.T, path string) int64 {
	t.Helper()
	r, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return r.NumRows()
}

func arrowRows(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n int64
	for i := range r.NumRecords() {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		n += rec.NumRows()
	}
	return n
}
