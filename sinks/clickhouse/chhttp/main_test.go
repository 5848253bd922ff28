package chhttp

import (
	"fmt"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/sinks/clickhouse/chdb"
)

// The engine allows one storage path per process: the package's tests share one
// Engine and one server in front of it.
var (
	testEngine  *chdb.Engine
	testServer  *httptest.Server
	testReg     *prometheus.Registry
	testHandler *Handler
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "chhttp-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	testEngine, err = chdb.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "opening engine:", err)
		return 1
	}
	defer testEngine.Close()
	testReg = prometheus.NewRegistry()
	testHandler = NewHandler(testEngine, nil, WithRegisterer(testReg))
	testServer = httptest.NewServer(testHandler)
	defer testServer.Close()
	return m.Run()
}
