package chhttp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// csvRows generates n CSV rows on the fly, so the test's own side holds no body.
type csvRows struct {
	n, i    int
	buf     []byte // reused for every row
	pending []byte // the unread rest of buf
}

func (g *csvRows) Read(p []byte) (int, error) {
	total := 0
	for total < len(p) {
		if len(g.pending) == 0 {
			if g.i == g.n {
				break
			}
			g.buf = fmt.Appendf(g.buf[:0], "%d,\"row %d with some text to make it longer than a few bytes\"\n", g.i, g.i)
			g.pending = g.buf
			g.i++
		}
		n := copy(p[total:], g.pending)
		g.pending = g.pending[n:]
		total += n
	}
	if total == 0 {
		return 0, io.EOF
	}
	return total, nil
}

// TestStreamingBoundsMemory sends a ~70 MB insert body and reads a ~70 MB result, and
// checks the process allocated far less than either: neither is buffered whole.
func TestStreamingBoundsMemory(t *testing.T) {
	do(t, httpCase{params: url.Values{"query": {"CREATE TABLE big (id UInt32, s String) ENGINE = MergeTree ORDER BY id"}}})
	const rows = 1_000_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	q := url.Values{"query": {"INSERT INTO big FORMAT CSV"}}
	resp, err := http.Post(testServer.URL+"/?"+q.Encode(), "text/csv", &csvRows{n: rows})
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("insert: %d %s", resp.StatusCode, msg)
	}
	q = url.Values{"query": {"SELECT * FROM big ORDER BY id"}, "default_format": {"CSV"}}
	resp, err = http.Get(testServer.URL + "/?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	if n < 50<<20 {
		t.Fatalf("result only %d bytes", n)
	}
	if allocated > uint64(n/4) && !raceEnabled {
		t.Errorf("allocated %d bytes to move %d bytes each way", allocated, n)
	}
	t.Logf("moved %d bytes each way, allocated %d", n, allocated)
}

// TestErrorAfterResultBegan: a failure after the first blocks went out is appended
// in-band, where curl users see it and clickhouse-go reports it.
func TestErrorAfterResultBegan(t *testing.T) {
	const query = "SELECT number, throwIf(number = 300000) FROM numbers(1000000)"
	q := url.Values{"query": {query}, "max_block_size": {"10000"}}
	resp, body := do(t, httpCase{params: q})
	if resp.StatusCode != 200 || !strings.Contains(body, "__exception__\r\nCode: 395.") {
		t.Errorf("status %d, body ends %q", resp.StatusCode, body[max(0, len(body)-300):])
	}

	conn := openClient(t, clickhouse.CompressionNone)
	ctx := clickhouse.Context(context.Background(), clickhouse.WithSettings(clickhouse.Settings{"max_block_size": 10000}))
	rows, err := conn.Query(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	err = rows.Err()
	rows.Close()
	var ex *clickhouse.Exception
	if err == nil || !strings.Contains(err.Error(), "395") {
		t.Errorf("clickhouse-go: %v (%T), want the code 395 exception", err, ex)
	}
}
