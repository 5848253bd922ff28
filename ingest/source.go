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

// Source is one collector.
type Source interface {
	// Name identifies the source; it keys its checkpoint and labels its metrics.
	Name() string
	// Fetch returns the next raw envelopes after cursor and the cursor that follows them.
	// cursor is opaque to the Runner ("" at the very start); it is saved only after the
	// envelopes were acknowledged by the bus. An empty batch means nothing new yet (the
	// Runner waits before asking again). Fetch blocks at most until ctx ends. Errors are
	// retried with back-off unless they wrap ErrDone or ErrPermanent.
	Fetch(ctx context.Context, cursor string) (batch []event.Raw, next string, err error)
}

// ErrPermanent marks a Fetch error that retrying cannot fix (revoked credentials, bad
// configuration). The Runner stops and returns it.
var ErrPermanent = errors.New("permanent source error")

// ParseFunc turns one raw envelope into the mentions it holds (a Weibo repost can yield
// the repost and the post it quotes). An error means the payload is malformed: the
// Runner sends the envelope to the dead-letter topic with the error as its reason and
// goes on with the rest of the batch. ParseFunc must be safe for concurrent use.
type ParseFunc func(raw event.Raw) ([]event.Mention, error)

// Parsers maps each platform to its ParseFunc.
type Parsers map[event.Platform]ParseFunc
