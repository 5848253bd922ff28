package chtest

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chdb"
	"github.com/lingting/lingting/sinks/clickhouse/chhttp"
)

// shared is the test binary's one engine. A package-level variable is unavoidable here:
// the engine itself is one per process.
var shared struct {
	sync.Mutex
	engine *chdb.Engine
	dir    string
	err    error
}

// Engine returns the test binary's shared engine, opening it in a temporary directory on
// first use. It fails the test when the engine cannot be opened (libchdb.so missing: see
// the README's test command). Do not Close it: Main does.
func Engine(t testing.TB) *chdb.Engine {
	t.Helper()
	shared.Lock()
	defer shared.Unlock()
	if shared.engine == nil && shared.err == nil {
		shared.dir, shared.err = os.MkdirTemp("", "lingting-chtest-")
		if shared.err == nil {
			shared.engine, shared.err = chdb.Open(shared.dir)
		}
	}
	if shared.err != nil {
		t.Fatalf("opening the embedded clickhouse engine: %v", shared.err)
	}
	return shared.engine
}

// Main runs the tests, then closes the shared engine and removes its directory, and exits
// with the tests' status. Call it from TestMain.
func Main(m *testing.M) { os.Exit(Wrap(m).Run()) }

// Wrap returns m with a Run that also closes the shared engine and removes its directory
// after the tests, for TestMain wrappers such as goleak.VerifyTestMain(chtest.Wrap(m)).
func Wrap(m *testing.M) interface{ Run() int } { return wrapped{m} }

type wrapped struct{ m *testing.M }

func (w wrapped) Run() int {
	code := w.m.Run()
	shared.Lock()
	defer shared.Unlock()
	if shared.engine != nil {
		shared.engine.Close()
		shared.engine = nil
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
		shared.dir = ""
	}
	return code
}

// Conn returns a clickhouse-go/v2 connection (HTTP, no compression) to the shared engine
// through a chhttp server on a loopback port. The server and the connection are closed
// when the test ends.
func Conn(t testing.TB) driver.Conn {
	t.Helper()
	srv := httptest.NewServer(chhttp.NewHandler(Engine(t), nil))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatalf("parsing test server url: %v", err)
	}
	conn, err := clickhouse.Dial(context.Background(), clickhouse.ConnConfig{Addr: []string{u.Host}})
	if err != nil {
		t.Fatalf("connecting to the embedded clickhouse: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// Migrated returns Conn(t) with the lingting schema migrated (clickhouse.Migrate; a no-op
// when an earlier test of the binary migrated already).
func Migrated(t testing.TB) driver.Conn {
	t.Helper()
	conn := Conn(t)
	if _, err := clickhouse.Migrate(context.Background(), conn, nil); err != nil {
		t.Fatalf("migrating the lingting schema: %v", err)
	}
	return conn
}
