package event

import (
	"encoding/json"
	"errors"
	"fmt"
)

// SchemaVersion is the version this build writes into every encoded record.
const SchemaVersion = 1

// ErrSchemaVersion means a record was written by a newer schema than this build reads.
var ErrSchemaVersion = errors.New("record schema version is newer than this build reads")

// Record is a type that travels between stages.
type Record interface {
	Raw | Mention | DeadLetter
}

// Encode writes v as JSON with the current schema version set.
func Encode[T Record](v T) ([]byte, error) {
	setSchema(&v)
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %T: %w", v, err)
	}
	return b, nil
}

// Decode reads a record written by Encode. A record without a schema version, or one that
// is not valid JSON for T, is an error; a newer version is ErrSchemaVersion.
func Decode[T Record](b []byte) (T, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("decoding %T: %w", v, err)
	}
	switch s := schemaOf(&v); {
	case s == 0:
		return v, fmt.Errorf("decoding %T: schema version missing", v)
	case s > SchemaVersion:
		return v, fmt.Errorf("decoding %T: version %d: %w", v, s, ErrSchemaVersion)
	}
	return v, nil
}

func setSchema[T Record](v *T) {
	switch r := any(v).(type) {
	case *Raw:
		r.Schema = SchemaVersion
	case *Mention:
		r.Schema = SchemaVersion
	case *DeadLetter:
		r.Schema = SchemaVersion
	}
}

func schemaOf[T Record](v *T) int {
	switch r := any(v).(type) {
	case *Raw:
		return r.Schema
	case *Mention:
		return r.Schema
	case *DeadLetter:
		return r.Schema
	}
	return 0
}
