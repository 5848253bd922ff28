package alert

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(chtest.Wrap(m)) }
