package chdb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// binaryValue holds the byte pairs that cut inline query data ("\n\n") and a NUL.
const binaryValue = "head\n\ntail\x00end\r\n\n"

func TestInsert(t *testing.T) {
	mustExec(t, "CREATE TABLE IF NOT EXISTS ins_src (id UInt32, s String, ts DateTime64(3), tags Array(String)) ENGINE = MergeTree ORDER BY id")
	mustExec(t, "INSERT INTO ins_src SELECT number, if(number % 2 = 0, '"+strings.ReplaceAll(binaryValue, "\x00", "\\0")+"', toString(number)), "+
		"toDateTime64('2024-01-01 00:00:00', 3) + number, ['a', 'b'] FROM numbers(30000)")
	native, err := testEngine.Query(context.Background(), "SELECT * FROM ins_src ORDER BY id", "Native")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(native, []byte("\n\n")) || len(native) < 2*insertChunk {
		t.Fatalf("Native test data (%d bytes) must hold \\n\\n and span several chunks", len(native))
	}
	jsonRows, err := testEngine.Query(context.Background(), "SELECT * FROM ins_src ORDER BY id", "JSONEachRow")
	if err != nil {
		t.Fatal(err)
	}
	want := mustQuery(t, "SELECT count(), sum(cityHash64(*)) FROM ins_src", "")
	tests := []struct {
		name, format string
		body         io.Reader
	}{
		{"Native", "Native", bytes.NewReader(native)},
		{"Native in short reads", "Native", iotest.HalfReader(bytes.NewReader(native))},
		{"JSONEachRow", "JSONEachRow", bytes.NewReader(jsonRows)},
		{"Values", "", strings.NewReader("(1, 'a\\n\\nb', '2024-01-01 00:00:00.000', ['x'])")},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := fmt.Sprintf("ins_dst_%d", i)
			mustExec(t, "CREATE TABLE "+table+" AS ins_src")
			q := "INSERT INTO " + table + " FORMAT " + tt.format
			if tt.format == "" {
				q = "INSERT INTO " + table + " (id, s, ts, tags) VALUES"
			}
			var st Stats
			if err := testEngine.Insert(context.Background(), q, tt.body, WithStats(&st)); err != nil {
				t.Fatal(err)
			}
			if st.RowsWritten == 0 {
				t.Errorf("stats report no rows written: %+v", st)
			}
			if tt.format != "" {
				if got := mustQuery(t, "SELECT count(), sum(cityHash64(*)) FROM "+table, ""); got != want {
					t.Errorf("table holds %q, want %q", got, want)
				}
			}
		})
	}
	if got := mustQuery(t, "SELECT s FROM ins_dst_0 WHERE id = 0", "TSVRaw"); got != binaryValue+"\n" {
		t.Errorf("binary value: %q, want %q", got, binaryValue)
	}
}

func TestInsertErrors(t *testing.T) {
	mustExec(t, "CREATE TABLE IF NOT EXISTS ins_err (id UInt32, s String) ENGINE = MergeTree ORDER BY id")
	readErr := errors.New("read failed")
	tests := []struct {
		name, query string
		body        io.Reader
		code        int
		wantErr     error
	}{
		{"unknown table", "INSERT INTO no_such_table FORMAT JSONEachRow", strings.NewReader(`{"id":1}`), 60, nil},
		{"malformed data", "INSERT INTO ins_err FORMAT JSONEachRow", strings.NewReader(`{"id":"x"`), -1, nil},
		{"inline data refused", "INSERT INTO ins_err FORMAT CSV\n1,a", strings.NewReader(""), 62, nil},
		{"not an insert", "SELECT 1", strings.NewReader(""), 62, nil},
		{"body fails", "INSERT INTO ins_err FORMAT JSONEachRow", iotest.ErrReader(readErr), 0, readErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := testEngine.Insert(context.Background(), tt.query, tt.body)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v (%T), want *Error", err, err)
			}
			if tt.code >= 0 && ce.Code != tt.code {
				t.Errorf("code %d, want %d: %v", ce.Code, tt.code, err)
			}
			if tt.code < 0 && ce.Code == 0 {
				t.Errorf("no code in %v", err)
			}
		})
	}
	if got := mustQuery(t, "SELECT count() FROM ins_err", ""); got != "0\n" {
		t.Errorf("failed inserts stored rows: %s", got)
	}
}

func TestSplitInsert(t *testing.T) {
	tests := []struct {
		in, stmt, format string
		ok               bool
	}{
		{"INSERT INTO t FORMAT Native", "INSERT INTO t", "Native", true},
		{"insert into db.t (a, b) format JSONEachRow;\n", "insert into db.t (a, b)", "JSONEachRow", true},
		{"INSERT INTO t (a) SETTINGS async_insert=1 FORMAT RowBinary", "INSERT INTO t (a) SETTINGS async_insert=1", "RowBinary", true},
		{"INSERT INTO t VALUES", "INSERT INTO t", "Values", true},
		{"INSERT INTO t FORMAT CSV\n1,2", "", "", false},
		{"SELECT 1 FORMAT CSV", "", "", false},
	}
	for _, tt := range tests {
		stmt, format, ok := SplitInsert(tt.in)
		if stmt != tt.stmt || format != tt.format || ok != tt.ok {
			t.Errorf("SplitInsert(%q) = %q, %q, %v; want %q, %q, %v", tt.in, stmt, format, ok, tt.stmt, tt.format, tt.ok)
		}
	}
}

// BenchmarkInsert100k inserts 100,000 rows per iteration through the streaming insert,
// in Native (binary) and JSONEachRow.
func BenchmarkInsert100k(b *testing.B) {
	mustExec(b, "CREATE TABLE IF NOT EXISTS bench_src (id UInt64, ts DateTime64(3), text String, score Float32, brands Array(String)) ENGINE = Memory")
	mustExec(b, "TRUNCATE TABLE bench_src")
	mustExec(b, "INSERT INTO bench_src SELECT number, now64(3), concat('帖子 text ', toString(number)), rand() / 4294967295, ['b1', 'b2'] FROM numbers(100000)")
	mustExec(b, "CREATE TABLE IF NOT EXISTS bench_dst AS bench_src ENGINE = MergeTree ORDER BY id")
	for _, format := range []string{"Native", "JSONEachRow"} {
		data, err := testEngine.Query(context.Background(), "SELECT * FROM bench_src", format)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := testEngine.Insert(context.Background(), "INSERT INTO bench_dst FORMAT "+format, bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*100000)/b.Elapsed().Seconds(), "rows/s")
		})
	}
	mustExec(b, "DROP TABLE bench_dst")
}
