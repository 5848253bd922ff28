package clickhouse

import (
	"context"
	"errors"

	ch "github.com/ClickHouse/clickhouse-go/v2"
)

// ErrInvalidMention means a mention breaks a rule of the mentions table (score outside
// [-1, 1], unknown label, missing id or created_at). Retrying cannot help; the mentions
// handler dead-letters such records instead of writing them.
var ErrInvalidMention = errors.New("invalid mention")

var (
	errEmptyID = errors.New("id is empty")
	errSchema  = errors.New("schema mismatch")
)

// permanentCodes are ClickHouse error codes that retrying the same insert cannot fix.
var permanentCodes = map[int32]bool{
	6: true, 16: true, 27: true, 36: true, 41: true, 44: true, 47: true, 53: true, 60: true,
	62: true, 69: true, 70: true, 81: true, 115: true, 117: true, 192: true, 321: true,
	469: true, 497: true, 516: true,
}

// transient reports whether an insert that failed with err may succeed when tried
// again. Context ends, schema mismatches, bad data and ClickHouse errors known to be
// permanent (syntax, unknown table or column, type mismatch, constraint violated, access
// denied …) are not; network failures, timeouts, overload (too many parts, memory
// limit) and unknown errors are.
func transient(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, errSchema) ||
		errors.Is(err, ch.ErrBatchInvalid) {
		return false
	}
	var ex *ch.Exception
	if errors.As(err, &ex) {
		return !permanentCodes[ex.Code]
	}
	return true
}
