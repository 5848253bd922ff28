package chdb

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Sentinel errors callers may branch on with errors.Is.
var (
	// ErrAlreadyOpen is returned by Open while another Engine of this process is open:
	// chDB allows one storage path per process.
	ErrAlreadyOpen = errors.New("chdb: an engine is already open in this process")
	// ErrClosed is returned by an Engine's methods after Close.
	ErrClosed = errors.New("chdb: engine closed")
)

// Error is an error reported by the engine. Code is the ClickHouse error code (for
// example 60, UNKNOWN_TABLE; 62, SYNTAX_ERROR), or 0 when the engine's text carried none.
// Message is the text after "Code: N. ", normally starting with "DB::Exception: ".
type Error struct {
	Code    int
	Message string
}

// Error formats the error as ClickHouse does: "Code: 60. DB::Exception: ...".
func (e *Error) Error() string {
	if e.Code == 0 {
		return e.Message
	}
	return fmt.Sprintf("Code: %d. %s", e.Code, e.Message)
}

var codeRe = regexp.MustCompile(`^\s*Code:\s*(\d+)\.\s*`)

// parseError builds an *Error from the engine's error text.
func parseError(text string) *Error {
	text = strings.TrimSpace(text)
	if m := codeRe.FindStringSubmatch(text); m != nil {
		if code, err := strconv.Atoi(m[1]); err == nil {
			return &Error{Code: code, Message: text[len(m[0]):]}
		}
	}
	return &Error{Message: text}
}
