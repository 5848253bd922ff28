// Package bus moves batches of records between Lingting's stages with at-least-once
// delivery. It has one contract, Publisher and Consumer, and two implementations: Memory,
// an in-process bus for the embedded single-binary mode, and Kafka, over kafka-go, for the
// distributed mode. Both pass the same conformance suite (package bustest).
//
// A Handler returns nil to acknowledge its whole batch. It may return a *Rejected error to
// send some messages of the batch to the dead-letter topic with a reason and acknowledge
// the rest. Any other error acknowledges nothing: the batch is delivered again after a
// back-off.
//
// Delivery is at least once. Publish returns only once the messages are safe: for Kafka,
// acknowledged by all in-sync replicas; for Memory, which keeps nothing on disk,
// acknowledged by every consumer group of the topic, so a collector can advance its
// checkpoint as soon as Publish returns. Both bound memory with a cap on messages in
// flight (MaxInFlight) instead of growing buffers.
//
// Both implementations export the same Prometheus series (see metrics.go): messages
// published, consumed, acknowledged, rejected and redelivered, handler batch sizes and
// durations, and per partition the committed offset and the consumer lag.
//
// This package is the only importer of kafka-go.
package bus
