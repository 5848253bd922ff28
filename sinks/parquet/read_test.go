package parquet_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/lingting/lingting/sinks/parquet"
)

// table is rows of normalised values (times as Unix ns, arrays as []string, everything
// else as fmt.Sprint), sorted, so a file and a query result compare with DeepEqual.
type table struct {
	cols   []string
	types  map[string]string // Arrow type by column (files only)
	rows   [][]any
	groups int // Parquet row groups (Parquet files only)
}

func normalise(v any) any {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer { // Nullable
		if rv.IsNil() {
			return "NULL"
		}
		v = rv.Elem().Interface()
	}
	switch v := v.(type) {
	case time.Time:
		return v.UnixNano()
	case []string:
		if v == nil {
			return []string{}
		}
		return v
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice { // arrays of numbers
		out := make([]string, rv.Len())
		for i := range out {
			out[i] = fmt.Sprint(rv.Index(i).Interface())
		}
		return fmt.Sprint(out)
	}
	return fmt.Sprint(v)
}

func (t *table) sort() {
	sort.Slice(t.rows, func(i, j int) bool { return fmt.Sprint(t.rows[i]) < fmt.Sprint(t.rows[j]) })
}

// sourceRows runs sql and returns its rows.
func sourceRows(t *testing.T, conn driver.Conn, sql string) table {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("running %s: %v", sql, err)
	}
	defer rows.Close()
	var tb table
	cts := rows.ColumnTypes()
	for _, ct := range cts {
		tb.cols = append(tb.cols, ct.Name())
	}
	for rows.Next() {
		dest := make([]any, len(cts))
		for i, ct := range cts {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		row := make([]any, len(dest))
		for i := range dest {
			row[i] = normalise(reflect.ValueOf(dest[i]).Elem().Interface())
		}
		tb.rows = append(tb.rows, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	tb.sort()
	return tb
}

// readFile reads an exported file back with arrow-go.
func readFile(t *testing.T, format parquet.Format, b []byte) table {
	t.Helper()
	var tb table
	var recs []arrow.RecordBatch
	if format == parquet.FormatArrow {
		r, err := ipc.NewFileReader(bytes.NewReader(b), ipc.WithAllocator(memory.DefaultAllocator))
		if err != nil {
			t.Fatalf("opening the arrow file: %v", err)
		}
		defer r.Close()
		for i := range r.NumRecords() {
			rec, err := r.RecordBatch(i) // owned by the reader until the next call
			if err != nil {
				t.Fatal(err)
			}
			tb.addRecord(rec)
		}
	} else {
		pr, err := file.NewParquetReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("opening the parquet file: %v", err)
		}
		defer pr.Close()
		tb.groups = pr.NumRowGroups()
		fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: 1000}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		rr, err := fr.GetRecordReader(context.Background(), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rr.Release()
		for rr.Next() {
			rec := rr.RecordBatch()
			rec.Retain()
			recs = append(recs, rec)
		}
		if err := rr.Err(); err != nil {
			t.Fatal(err)
		}
	}
	for _, rec := range recs {
		tb.addRecord(rec)
		rec.Release()
	}
	tb.sort()
	return tb
}

func (tb *table) addRecord(rec arrow.RecordBatch) {
	if tb.cols == nil {
		tb.types = map[string]string{}
		for _, f := range rec.Schema().Fields() {
			tb.cols = append(tb.cols, f.Name)
			// Parquet names a list's element "element", Arrow "item".
			tb.types[f.Name] = strings.ReplaceAll(f.Type.String(), "element:", "item:")
		}
	}
	for i := range int(rec.NumRows()) {
		row := make([]any, rec.NumCols())
		for c := range row {
			row[c] = arrowValue(rec.Column(c), i)
		}
		tb.rows = append(tb.rows, row)
	}
}

func arrowValue(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return "NULL"
	}
	switch a := a.(type) {
	case *array.Date32:
		return a.Value(i).ToTime().UnixNano()
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UnixNano()
	case *array.List:
		start, end := a.ValueOffsets(i)
		if vals, ok := a.ListValues().(*array.String); ok {
			out := []string{}
			for j := start; j < end; j++ {
				out = append(out, vals.Value(int(j)))
			}
			return out
		}
		var out []string // numbers, formatted as the source side formats them
		for j := start; j < end; j++ {
			out = append(out, fmt.Sprint(a.ListValues().GetOneForMarshal(int(j))))
		}
		return fmt.Sprint(out)
	case *array.String:
		return a.Value(i)
	}
	return fmt.Sprint(a.GetOneForMarshal(i))
}
