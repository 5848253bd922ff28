package weibo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// flexID is a Weibo id that the API writes either as a JSON number (id) or as a string
// (idstr, mid). It keeps the decimal text; an empty flexID means the field was absent.
type flexID string

// UnmarshalJSON accepts a JSON number or string; null leaves the id empty.
func (f *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(s)
		return nil
	}
	if _, err := strconv.ParseUint(string(b), 10, 64); err != nil {
		return fmt.Errorf("id %s is not a non-negative integer", b)
	}
	*f = flexID(b)
	return nil
}

// pick returns the first non-empty id.
func pick(ids ...flexID) string {
	for _, id := range ids {
		if id != "" {
			return string(id)
		}
	}
	return ""
}
