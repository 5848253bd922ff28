package chhttp

import (
	"net/url"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestMetrics(t *testing.T) {
	if h := NewHandler(testEngine, nil); h.metrics == nil {
		t.Fatal("nil registerer: no metrics")
	}
	m := testHandler.metrics
	selectOK := m.queries.WithLabelValues(kindSelect, outcomeOK)
	selectErr := m.queries.WithLabelValues(kindSelect, outcomeError)
	insertOK := m.queries.WithLabelValues(kindInsert, outcomeOK)
	before := []float64{testutil.ToFloat64(selectOK), testutil.ToFloat64(selectErr), testutil.ToFloat64(insertOK),
		testutil.ToFloat64(m.rowsInserted), testutil.ToFloat64(m.bytesInserted)}

	do(t, httpCase{params: url.Values{"query": {"SELECT 1"}}})
	do(t, httpCase{params: url.Values{"query": {"SELECT * FROM nope"}}})
	do(t, httpCase{params: url.Values{"query": {"CREATE TABLE IF NOT EXISTS metrics_t (id UInt8) ENGINE = Memory"}}})
	do(t, httpCase{params: url.Values{"query": {"INSERT INTO metrics_t FORMAT CSV"}}, body: "1\n2\n3\n"})

	after := []float64{testutil.ToFloat64(selectOK), testutil.ToFloat64(selectErr), testutil.ToFloat64(insertOK),
		testutil.ToFloat64(m.rowsInserted), testutil.ToFloat64(m.bytesInserted)}
	want := []float64{1, 1, 1, 3, 6}
	names := []string{"select ok", "select error", "insert ok", "rows inserted", "bytes inserted"}
	for i := range want {
		if got := after[i] - before[i]; got != want[i] {
			t.Errorf("%s: +%v, want +%v", names[i], got, want[i])
		}
	}
	if n, err := testutil.GatherAndCount(testReg, "lingting_chhttp_query_duration_seconds"); err != nil || n == 0 {
		t.Errorf("duration histogram: %d series, %v", n, err)
	}
}

func TestStatementKind(t *testing.T) {
	tests := map[string]string{
		"SELECT 1":                   kindSelect,
		"  -- c\n/* x */ (select 1)": kindSelect,
		"WITH 1 AS x SELECT x":       kindSelect,
		"DESCRIBE TABLE t":           kindSelect,
		"insert into t values":       kindInsert,
		"CREATE TABLE t (x UInt8)":   kindOther,
		"":                           kindOther,
	}
	for q, want := range tests {
		if got := statementKind(q); got != want {
			t.Errorf("statementKind(%q) = %s, want %s", q, got, want)
		}
	}
}
