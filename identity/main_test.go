package identity

import (
	"testing"

	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

func TestMain(m *testing.M) { chtest.Main(m) }
