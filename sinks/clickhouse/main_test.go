package clickhouse_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// The writer starts no goroutines of its own; goleak checks that connections and test
// servers are closed too.
func TestMain(m *testing.M) { goleak.VerifyTestMain(chtest.Wrap(m)) }
