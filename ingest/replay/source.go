package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// Source replays envelopes from files. Fetch is called from one goroutine at a time (as
// the ingest.Runner does); Close after the last Fetch.
type Source struct {
	cfg Config
	r   *reader // the open file, kept between Fetch calls; nil when none
}

var _ ingest.Source = (*Source)(nil)

// New validates cfg (zero fields take their defaults) and returns a Source. Files are
// opened lazily by Fetch.
func New(cfg Config) (*Source, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configuring replay: %w", err)
	}
	return &Source{cfg: cfg.withDefaults()}, nil
}

// Name implements ingest.Source.
func (s *Source) Name() string { return s.cfg.Name }

// Fetch implements ingest.Source. It returns up to BatchSize lines after cursor, possibly
// from several files: valid envelopes in Raws, the other non-blank lines as dead letters in
// Bad. It never returns an empty batch: after the last line of the last file it returns
// ingest.ErrDone. A cursor this Source cannot have produced, or one beyond the end of its
// file (the file changed), is an error wrapping ingest.ErrPermanent, as is a corrupt gzip
// stream; other I/O errors are returned as they are, for the Runner to retry.
func (s *Source) Fetch(ctx context.Context, cursor string) (ingest.Batch, error) {
	if err := ctx.Err(); err != nil {
		return ingest.Batch{}, err
	}
	pos, err := parseCursor(cursor, len(s.cfg.Paths))
	if err != nil {
		return ingest.Batch{}, fmt.Errorf("replaying: %w: %w", err, ingest.ErrPermanent)
	}
	var b ingest.Batch
	for pos.file < len(s.cfg.Paths) && len(b.Raws)+len(b.Bad) < s.cfg.BatchSize {
		l, err := s.readAt(pos)
		if errors.Is(err, io.EOF) {
			s.closeFile()
			pos = position{file: pos.file + 1}
			continue
		}
		if err != nil {
			s.closeFile()
			if len(b.Raws)+len(b.Bad) > 0 {
				break // hand over what was read; the next Fetch meets the error again
			}
			return ingest.Batch{}, s.classify(pos, err)
		}
		pos = s.r.pos
		s.add(&b, l, pos.file)
	}
	if len(b.Raws)+len(b.Bad) == 0 {
		return ingest.Batch{}, ingest.ErrDone
	}
	b.Next = pos.String()
	return b, nil
}

// readAt reads the line at pos, reusing the open file when it is already there.
func (s *Source) readAt(pos position) (line, error) {
	if s.r == nil || s.r.pos != pos {
		s.closeFile()
		r, err := openAt(s.cfg.Paths[pos.file], pos)
		if err != nil {
			return line{}, err
		}
		s.r = r
	}
	return s.r.next(s.cfg.MaxLineBytes)
}

// add turns one line into an envelope or a dead letter; blank lines are skipped.
func (s *Source) add(b *ingest.Batch, l line, file int) {
	if blank(l.data) && !l.tooLong {
		return
	}
	path := s.cfg.Paths[file]
	payload := append([]byte(nil), l.data...)
	reason := fmt.Sprintf("line longer than %d bytes (payload holds its start)", s.cfg.MaxLineBytes)
	if !l.tooLong {
		raw, err := decodeLine(l.data)
		if err == nil {
			b.Raws = append(b.Raws, raw)
			return
		}
		reason = err.Error()
	}
	b.Bad = append(b.Bad, event.DeadLetter{
		ID:      fmt.Sprintf("%s:%s:%s:%d", ingest.StageCollect, s.cfg.Name, path, l.at),
		Stage:   ingest.StageCollect,
		Source:  s.cfg.Name,
		Reason:  fmt.Sprintf("%s at byte %d: %s", path, l.at, reason),
		Payload: payload,
	})
}

// classify marks errors retrying cannot fix as permanent.
func (s *Source) classify(pos position, err error) error {
	path := s.cfg.Paths[pos.file]
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("replaying %s from %s: %w", path, pos, err)
	}
	return fmt.Errorf("replaying %s from %s: %w: %w", path, pos, err, ingest.ErrPermanent)
}

func (s *Source) closeFile() {
	if s.r != nil {
		s.r.close()
		s.r = nil
	}
}

// Close releases the open file, if any. The Source may not be used afterwards.
func (s *Source) Close() error {
	s.closeFile()
	return nil
}
