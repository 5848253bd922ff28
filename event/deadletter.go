package event

import "time"

// DeadLetter is a record a stage could not parse or process, kept with the reason so that
// nothing is dropped silently. Payload is the original bytes, unmodified.
type DeadLetter struct {
	Schema  int       `json:"schema"`
	ID      string    `json:"id"`     // deterministic: stage, source topic and the record's key or offset
	Stage   string    `json:"stage"`  // "collect", "enrich", "sink" …
	Source  string    `json:"source"` // topic, file or collector the payload came from
	Reason  string    `json:"reason"`
	Payload []byte    `json:"payload"`
	At      time.Time `json:"at"`
}
