// Package bustest is the conformance suite of the bus contract: every implementation of
// bus.Publisher and bus.Consumer (the in-process Memory, the Kafka bus) must pass Run.
//
// Each sub-test uses its own topic (Topic) and consumer groups, so implementations may
// share one broker across sub-tests. The suite waits for conditions, never for fixed
// times; a sub-test that cannot reach its condition fails after a generous deadline.
package bustest
