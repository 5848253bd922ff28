package bus

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Topics used between stages.
const (
	// TopicMentions carries parsed, not yet enriched event.Mention records (collect → enrich).
	TopicMentions = "lingting.mentions"
	// TopicEnriched carries enriched event.Mention records (enrich → sink).
	TopicEnriched = "lingting.enriched"
	// TopicDeadLetters carries event.DeadLetter records from every stage (→ sink).
	TopicDeadLetters = "lingting.dead_letters"
)

// Message is one record on a topic. Key decides the partition (records with the same key
// keep their order); Value is an encoded event record.
type Message struct {
	Topic     string
	Key       []byte
	Value     []byte
	Partition int   // set on consumed messages
	Offset    int64 // set on consumed messages
}

// Publisher writes batches of messages to a topic.
type Publisher interface {
	// Publish blocks until every message is durably accepted, or returns an error saying
	// which were not (then none of the batch may be assumed delivered, though some may
	// be: retry the whole batch, deterministic ids make that safe). For Kafka that is an
	// acknowledgement by all in-sync replicas; for Memory it is every subscribed group's
	// handler having acknowledged the messages. When ctx ends first, the error wraps
	// ctx.Err(). msg.Topic, Partition and Offset are ignored. Safe for concurrent use.
	// The caller may reuse msgs and their byte slices once Publish returned nil; after an
	// error, Kafka may still be writing them.
	Publish(ctx context.Context, topic string, msgs ...Message) error
}

// Handler processes one batch. nil acknowledges the batch; *Rejected (possibly wrapped)
// dead-letters the listed messages and acknowledges the batch; any other error
// acknowledges nothing and the same batch is delivered again after a back-off (so a
// handler must be idempotent). A handler is called from one goroutine per Consume call,
// with that call's ctx. It must not modify batch or its byte slices (Memory shares them
// between groups) nor keep them after returning.
type Handler func(ctx context.Context, batch []Message) error

// Consumer delivers a topic's messages to a handler as a member of a consumer group.
type Consumer interface {
	// Consume blocks, calling h with batches of topic's messages in offset order per
	// partition, until ctx ends (then it returns nil) or an unrecoverable error occurs
	// (the bus was closed: ErrClosed; h rejected a position outside its batch). It hands
	// one batch at a time to h, commits an offset only after h acknowledged it, and never
	// past a message that is not yet acknowledged; after a restart in the same group,
	// delivery resumes at the first unacknowledged message. Each group receives every
	// message; within a group each message goes to one member at a time. Call Consume
	// once per member; several calls may run concurrently.
	Consume(ctx context.Context, topic, group string, h Handler) error
}

// Rejection names one message of a batch that cannot be processed, and why.
type Rejection struct {
	Index  int    // position in the batch passed to the handler
	Reason string // human-readable; stored with the dead letter
}

// Rejected is returned by a Handler whose batch held messages that can never be processed
// (malformed, unknown schema …). The bus publishes, for each listed message, an
// event.DeadLetter to TopicDeadLetters (ID from DeadLetterID, Stage the group, Source the
// topic, the reason, the message value as payload) and then acknowledges the whole batch;
// if the dead letters cannot be published, nothing is acknowledged and the batch comes
// again. Rejections of messages read from TopicDeadLetters itself are logged, not
// published again (a stage that cannot store dead letters would otherwise feed itself).
type Rejected struct {
	Items []Rejection
}

// Error lists the rejected positions and reasons.
func (r *Rejected) Error() string {
	parts := make([]string, len(r.Items))
	for i, it := range r.Items {
		parts[i] = fmt.Sprintf("#%d: %s", it.Index, it.Reason)
	}
	return fmt.Sprintf("%d message(s) rejected: %s", len(r.Items), strings.Join(parts, "; "))
}

// Reject adds a rejection; it is a convenience for handlers building a *Rejected.
func (r *Rejected) Reject(index int, reason string) {
	r.Items = append(r.Items, Rejection{Index: index, Reason: reason})
}

// Err returns r when it holds rejections and nil otherwise, so a handler can end with
// `return rej.Err()`.
func (r *Rejected) Err() error {
	if r == nil || len(r.Items) == 0 {
		return nil
	}
	return r
}

// checkPublish is what every Publish checks before writing: a topic name, a live ctx
// (its error wrapped), and a bus that closed has not ended (ErrClosed).
func checkPublish(ctx context.Context, topic string, closed context.Context) error {
	if topic == "" {
		return errors.New("publishing: topic is empty")
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publishing to %s: %w", topic, err)
	}
	if closed.Err() != nil {
		return ErrClosed
	}
	return nil
}
