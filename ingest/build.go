package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/lingting/lingting/bus"
	"github.com/lingting/lingting/event"
)

// StageCollect is the Stage of the dead letters the collectors write.
const StageCollect = "collect"

// outbox holds one batch's encoded messages.
type outbox struct {
	mentions    []bus.Message
	deadLetters []bus.Message
	perPlatform map[event.Platform]int // mentions per platform, for metrics
}

// build parses and encodes a batch. Every envelope ends up either as its mentions or as
// one dead letter; the source's Bad records become dead letters too.
func (r *Runner) build(batch Batch) outbox {
	out := outbox{
		mentions:    make([]bus.Message, 0, len(batch.Raws)),
		perPlatform: make(map[event.Platform]int, len(event.Platforms)),
	}
	for _, raw := range batch.Raws {
		msgs, err := r.mentionsOf(raw)
		if err != nil {
			out.deadLetters = append(out.deadLetters, r.deadRaw(raw, err.Error()))
			continue
		}
		out.mentions = append(out.mentions, msgs...)
		out.perPlatform[raw.Platform] += len(msgs)
	}
	for _, dl := range batch.Bad {
		out.deadLetters = append(out.deadLetters, r.deadMessage(r.fillDeadLetter(dl)))
	}
	return out
}

// mentionsOf validates, parses and encodes one envelope. Any error rejects the whole
// envelope, so that its mentions are published all together or not at all.
func (r *Runner) mentionsOf(raw event.Raw) ([]bus.Message, error) {
	if err := raw.Validate(); err != nil {
		return nil, fmt.Errorf("invalid envelope: %w", err)
	}
	parse, ok := r.parse[raw.Platform]
	if !ok || parse == nil {
		return nil, fmt.Errorf("no parser for platform %q", raw.Platform)
	}
	ms, err := safeParse(parse, raw)
	if err != nil {
		return nil, err
	}
	msgs := make([]bus.Message, 0, len(ms))
	for i, m := range ms {
		if m.ID == "" {
			return nil, fmt.Errorf("parsing %s envelope: mention #%d has no id", raw.Platform, i)
		}
		b, err := event.Encode(m)
		if err != nil {
			return nil, fmt.Errorf("encoding mention %s: %w", m.ID, err)
		}
		msgs = append(msgs, bus.Message{Topic: bus.TopicMentions, Key: []byte(m.ID), Value: b})
	}
	return msgs, nil
}

// safeParse calls parse and turns a panic into an error.
func safeParse(parse ParseFunc, raw event.Raw) (ms []event.Mention, err error) {
	defer func() {
		if p := recover(); p != nil {
			ms, err = nil, fmt.Errorf("parser for %s panicked: %v", raw.Platform, p)
		}
	}()
	ms, err = parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parsing %s envelope: %w", raw.Platform, err)
	}
	return ms, nil
}

// deadRaw wraps a rejected envelope. Its Payload is the encoded envelope; when even that
// fails (the platform payload is not JSON), it is the platform payload's bytes as they came.
func (r *Runner) deadRaw(raw event.Raw, reason string) bus.Message {
	payload, err := event.Encode(raw)
	if err != nil {
		payload = []byte(raw.Payload)
		reason += "; payload holds the platform bytes only: " + err.Error()
	}
	key := raw.ID
	if key == "" {
		key = digest(payload)
	}
	return r.deadMessage(event.DeadLetter{
		ID: deadLetterID(r.src.Name(), key), Stage: StageCollect, Source: r.src.Name(),
		Reason: reason, Payload: payload, At: r.now(),
	})
}

// fillDeadLetter completes a source's dead letter with what the source left empty.
func (r *Runner) fillDeadLetter(dl event.DeadLetter) event.DeadLetter {
	if dl.Stage == "" {
		dl.Stage = StageCollect
	}
	if dl.Source == "" {
		dl.Source = r.src.Name()
	}
	if dl.ID == "" {
		dl.ID = deadLetterID(r.src.Name(), digest(dl.Payload))
	}
	if dl.At.IsZero() {
		dl.At = r.now()
	}
	return dl
}

func (r *Runner) deadMessage(dl event.DeadLetter) bus.Message {
	b, err := event.Encode(dl)
	if err != nil {
		// Only At can fail to encode (a year outside 0–9999 from a source); strings and
		// bytes always encode, so the second attempt succeeds.
		dl.Reason += "; time reset: " + err.Error()
		dl.At = r.now()
		b, _ = event.Encode(dl)
	}
	return bus.Message{Topic: bus.TopicDeadLetters, Key: []byte(dl.ID), Value: b}
}

// deadLetterID is deterministic: the same record rejected twice gets the same id.
func deadLetterID(source, key string) string {
	return StageCollect + ":" + source + ":" + key
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256-" + hex.EncodeToString(sum[:12])
}
