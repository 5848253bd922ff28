package ingest

import (
	"context"
	"errors"

	"github.com/lingting/lingting/event"
)

// ErrDone is returned by a Source's Fetch when it has nothing more to give, ever (a replay
// file read to its end, a simulation that reached its configured end). The Runner then
// returns nil.
var ErrDone = errors.New("source has no more records")

// ErrPermanent marks a Fetch error that retrying cannot fix (revoked credentials, bad
// configuration). The Runner stops and returns it.
var ErrPermanent = errors.New("permanent source error")

// Batch is what one Fetch returns.
type Batch struct {
	// Raws are the envelopes fetched, in the platform's order.
	Raws []event.Raw
	// Bad are records the source received but could not even wrap in an envelope (a
	// replay line that is not JSON, a webhook body that fails to decode). The Runner
	// publishes them to the dead-letter topic with the rest of the batch.
	Bad []event.DeadLetter
	// Next is the cursor that follows this batch. It is saved only after the Raws and Bad
	// records were acknowledged by the bus.
	Next string
}

// Source is one collector.
type Source interface {
	// Name identifies the source; it keys its checkpoint and labels its metrics.
	Name() string
	// Fetch returns the next records after cursor. cursor is opaque to the Runner ("" at
	// the very start; otherwise a Batch.Next this source returned before). A batch with no
	// records means nothing new yet: the Runner waits before asking again. Fetch blocks at
	// most until ctx ends. Errors are retried with back-off (same cursor) unless they wrap
	// ErrDone or ErrPermanent. A Batch returned with an error is ignored, so a source
	// returns its last records with a nil error and ErrDone on the call after. Fetch is
	// called from one goroutine at a time. The Runner logs Fetch errors: they must not
	// carry credentials (access tokens in URLs) or personal data.
	Fetch(ctx context.Context, cursor string) (Batch, error)
}

// ParseFunc turns one raw envelope into the mentions it holds (a Weibo repost can yield
// the repost and the post it quotes). An error means the payload is malformed: the
// Runner sends the envelope to the dead-letter topic with the error as its reason and
// goes on with the rest of the batch. ParseFunc must be safe for concurrent use.
type ParseFunc func(raw event.Raw) ([]event.Mention, error)

// Parsers maps each platform to its ParseFunc.
type Parsers map[event.Platform]ParseFunc
