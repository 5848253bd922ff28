package event

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Raw is the envelope a collector wraps around one record exactly as the platform returned
// it. Payload is the platform's own JSON (a Weibo status, a Douyin comment, a decrypted
// WeCom chat-archive message …); the platform's parser turns it into Mentions.
type Raw struct {
	Schema    int             `json:"schema"`
	ID        string          `json:"id"`       // ID(Platform, NativeID)
	Platform  Platform        `json:"platform"` // where the record comes from
	Kind      Kind            `json:"kind"`     // what the record is
	NativeID  string          `json:"native_id"`
	FetchedAt time.Time       `json:"fetched_at"` // when the collector received it
	Payload   json.RawMessage `json:"payload"`    // the platform's JSON, unmodified
}

// NewRaw builds an envelope with its deterministic id.
func NewRaw(p Platform, k Kind, nativeID string, fetchedAt time.Time, payload []byte) Raw {
	return Raw{
		ID: ID(p, nativeID), Platform: p, Kind: k, NativeID: nativeID,
		FetchedAt: fetchedAt.UTC(), Payload: json.RawMessage(payload),
	}
}

// Validate reports the first structural problem of r, naming the field.
func (r Raw) Validate() error {
	switch {
	case !r.Platform.Valid():
		return fmt.Errorf("raw envelope: platform %q is not known", r.Platform)
	case !r.Kind.Valid():
		return fmt.Errorf("raw envelope: kind %q is not known", r.Kind)
	case r.NativeID == "":
		return errors.New("raw envelope: native_id is empty")
	case r.ID != ID(r.Platform, r.NativeID):
		return fmt.Errorf("raw envelope: id %q does not match platform and native_id", r.ID)
	case len(r.Payload) == 0:
		return errors.New("raw envelope: payload is empty")
	}
	return nil
}
