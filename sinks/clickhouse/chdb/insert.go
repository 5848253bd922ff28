package chdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
)

// insertChunk is how much insert data is handed to the engine per call.
const insertChunk = 256 << 10

var (
	insertFormatRe = regexp.MustCompile(`(?is)^\s*(INSERT\s+INTO\s+.*?)\s+FORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$`)
	insertValuesRe = regexp.MustCompile(`(?is)^\s*(INSERT\s+INTO\s+.*?)\s+VALUES\s*;?\s*$`)
)

// SplitInsert splits "INSERT INTO t [(cols)] [SETTINGS ...] FORMAT <fmt>" (or "... VALUES")
// into the statement without its FORMAT clause and the input format. ok is false when
// query is not an INSERT ending with FORMAT or VALUES (for example when data follows).
func SplitInsert(query string) (stmt, format string, ok bool) {
	if m := insertFormatRe.FindStringSubmatch(query); m != nil {
		return m[1], m[2], true
	}
	if m := insertValuesRe.FindStringSubmatch(query); m != nil {
		return m[1], "Values", true
	}
	return "", "", false
}

// Insert runs query, an "INSERT INTO t [(cols)] FORMAT <fmt>" statement with no data,
// and streams body, the data in that format (binary formats included), into it in
// chunks; body is read to EOF and not closed. The rows are committed when body ends
// without error. If ctx ends or body fails first, the insert is cancelled
// (ClickHouse semantics: blocks already written stay written). Engine failures are
// *Error.
func (e *Engine) Insert(ctx context.Context, query string, body io.Reader, opts ...Option) error {
	stmt, format, ok := SplitInsert(query)
	if !ok {
		return &Error{Code: 62, Message: "DB::Exception: insert query must be INSERT INTO ... FORMAT <format> with the data sent separately. (SYNTAX_ERROR)"}
	}
	o := collect(opts)
	return e.run(ctx, stmt, o, func() error {
		return e.insertLocked(ctx, stmt, format, body, o.stats)
	})
}

func (e *Engine) insertLocked(ctx context.Context, stmt, format string, body io.Reader, stats *Stats) error {
	q, qn := cbytes(stmt)
	f, fn := cbytes(format)
	s := e.lib.streamInsertN(e.handle(), q, qn, f, fn)
	runtime.KeepAlive(stmt)
	runtime.KeepAlive(format)
	if s == 0 {
		return &Error{Message: "chdb: streaming insert returned no handle"}
	}
	defer e.lib.destroyInsertStream(s)
	if msg := e.lib.streamInsertError(s); msg != "" {
		return parseError(msg)
	}
	if err := e.appendAll(ctx, s, body); err != nil {
		e.lib.streamCancelInsert(s)
		return err
	}
	res := e.lib.streamDone(s)
	if res == 0 {
		return &Error{Message: "chdb: finishing insert returned no result"}
	}
	defer e.lib.destroyResult(res)
	if msg := e.lib.resultError(res); msg != "" {
		return parseError(msg)
	}
	e.addStats(res, stats)
	return nil
}

// appendAll copies body into the insert stream in chunks of up to insertChunk bytes.
func (e *Engine) appendAll(ctx context.Context, s uintptr, body io.Reader) error {
	buf := make([]byte, insertChunk)
	for {
		n, rerr := io.ReadFull(body, buf)
		if n > 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if e.lib.streamAppend(s, &buf[0], uintptr(n)) != 0 {
				return e.insertError(s)
			}
		}
		switch {
		case rerr == nil:
		case errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF):
			return nil
		default:
			return fmt.Errorf("reading insert data: %w", rerr)
		}
	}
}

func (e *Engine) insertError(s uintptr) error {
	if msg := e.lib.streamInsertError(s); msg != "" {
		return parseError(msg)
	}
	return &Error{Message: "chdb: appending insert data failed"}
}
