package dashboards_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// result is a query's rows as column name → value (the driver's Go types).
type result struct {
	cols []string
	rows []map[string]any
}

// loaded is the engine with the simulated data written once per test binary.
var loaded struct {
	sync.Once
	err error
}

// loadedConn returns a connection to the migrated engine holding the simulated data.
func loadedConn(t testing.TB) driver.Conn {
	t.Helper()
	conn := chtest.Migrated(t)
	loaded.Do(func() {
		ctx := context.Background()
		w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
		_, batches := simulated()
		for _, b := range batches {
			if loaded.err = w.WriteMentions(ctx, b); loaded.err != nil {
				return
			}
		}
		if loaded.err = w.WriteDeadLetters(ctx, deadLetters()); loaded.err != nil {
			return
		}
		if loaded.err = conn.Exec(ctx, alertsInsertSQL()); loaded.err != nil {
			return
		}
		loaded.err = conn.Exec(ctx, profilesInsertSQL())
	})
	if loaded.err != nil {
		t.Fatalf("loading simulated data: %v", loaded.err)
	}
	return conn
}

func run(t *testing.T, conn driver.Conn, sql string) result {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("running %s: %v", sql, err)
	}
	defer rows.Close()
	var r result
	types := rows.ColumnTypes()
	for _, ct := range types {
		r.cols = append(r.cols, ct.Name())
	}
	for rows.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("scanning %s: %v", sql, err)
		}
		row := map[string]any{}
		for i, c := range r.cols {
			row[c] = reflect.ValueOf(dest[i]).Elem().Interface()
		}
		r.rows = append(r.rows, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("reading %s: %v", sql, err)
	}
	return r
}

// num converts a numeric column value to float64.
func num(t *testing.T, v any) float64 {
	t.Helper()
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() { // a Nullable column's value
		rv = rv.Elem()
	}
	switch {
	case rv.CanInt():
		return float64(rv.Int())
	case rv.CanUint():
		return float64(rv.Uint())
	case rv.CanFloat():
		return rv.Float()
	}
	t.Fatalf("value %v (%T) is not a number", v, v)
	return 0
}

func str(t *testing.T, v any) string {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("value %v (%T) is not a string", v, v)
	}
	return s
}

func tm(t *testing.T, v any) time.Time {
	t.Helper()
	ts, ok := v.(time.Time)
	if !ok {
		t.Fatalf("value %v (%T) is not a time", v, v)
	}
	return ts
}
