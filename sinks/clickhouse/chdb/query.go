package chdb

import (
	"context"
	"io"
	"runtime"
	"strings"
	"unsafe"
)

// notStreamable is in the engine's refusal to stream a statement that is not a query.
const notStreamable = "Streaming query is not supported"

// DefaultFormat is the output format used when a call passes "".
const DefaultFormat = "TabSeparated"

// Query runs query and returns its whole result in format (a ClickHouse output format
// name; "" means TabSeparated; a FORMAT clause in the query wins). It is meant for small
// results: use QueryTo for anything large. It blocks until the statement ends; the
// context is checked only before the statement starts (the engine cannot interrupt a
// non-streaming statement). Engine failures are *Error.
func (e *Engine) Query(ctx context.Context, query, format string, opts ...Option) ([]byte, error) {
	o := collect(opts)
	var out []byte
	err := e.run(ctx, query, o, func() error {
		var err error
		out, err = e.queryLocked(query, format, o.params, o.stats)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// QueryTo runs query and streams its result in format into w chunk by chunk (about one
// engine block each), so memory stays bounded whatever the result's size. Statements
// the engine cannot stream (DDL, SET, ...) run as with Query. It holds the
// connection until the result is fully written: a slow w delays every other statement.
// When ctx ends or w fails, the query is cancelled and that error returned. Engine
// failures, including one after some chunks were written, are *Error.
func (e *Engine) QueryTo(ctx context.Context, query, format string, w io.Writer, opts ...Option) error {
	o := collect(opts)
	return e.run(ctx, query, o, func() error {
		return e.streamLocked(ctx, query, format, o.params, w, o.stats)
	})
}

// queryLocked runs one statement and copies its result. The caller holds the connection.
func (e *Engine) queryLocked(query, format string, params map[string]string, stats *Stats) ([]byte, error) {
	if format == "" {
		format = DefaultFormat
	}
	q, qn := cbytes(query)
	f, fn := cbytes(format)
	var res uintptr
	if len(params) == 0 {
		res = e.lib.queryN(e.handle(), q, qn, f, fn)
	} else {
		cp := newCParams(params)
		res = e.lib.queryParamsN(e.handle(), q, qn, f, fn, cp.namePtr(), cp.nameLenPtr(), cp.valuePtr(), cp.valueLenPtr(), cp.count())
		cp.free()
	}
	runtime.KeepAlive(query)
	runtime.KeepAlive(format)
	if res == 0 {
		return nil, &Error{Message: "chdb: query returned no result"}
	}
	defer e.lib.destroyResult(res)
	if msg := e.lib.resultError(res); msg != "" {
		return nil, parseError(msg)
	}
	out := append([]byte(nil), e.resultBytes(res)...)
	e.addStats(res, stats)
	return out, nil
}

// streamLocked runs one streaming statement into w. The caller holds the connection.
func (e *Engine) streamLocked(ctx context.Context, query, format string, params map[string]string, w io.Writer, stats *Stats) error {
	if format == "" {
		format = DefaultFormat
	}
	q, qn := cbytes(query)
	f, fn := cbytes(format)
	var res uintptr
	if len(params) == 0 {
		res = e.lib.streamQueryN(e.handle(), q, qn, f, fn)
	} else {
		cp := newCParams(params)
		res = e.lib.streamQueryParamsN(e.handle(), q, qn, f, fn, cp.namePtr(), cp.nameLenPtr(), cp.valuePtr(), cp.valueLenPtr(), cp.count())
		cp.free()
	}
	runtime.KeepAlive(query)
	runtime.KeepAlive(format)
	if res == 0 {
		return &Error{Message: "chdb: streaming query returned no handle"}
	}
	defer e.lib.destroyResult(res)
	if msg := e.lib.resultError(res); msg != "" {
		if !strings.Contains(msg, notStreamable) {
			return parseError(msg)
		}
		// DDL and other statements that produce no stream run as one piece.
		out, err := e.queryLocked(query, format, params, stats)
		if err == nil && len(out) > 0 {
			_, err = w.Write(out)
		}
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			e.lib.streamCancel(e.handle(), res)
			return err
		}
		done, err := e.fetchChunk(res, w, stats)
		if err != nil || done {
			return err
		}
	}
}

// fetchChunk fetches one chunk of a streaming result and writes it to w. done reports
// the end of the stream.
func (e *Engine) fetchChunk(res uintptr, w io.Writer, stats *Stats) (done bool, err error) {
	chunk := e.lib.streamFetch(e.handle(), res)
	if chunk == 0 {
		return true, &Error{Message: "chdb: stream fetch returned no result"}
	}
	defer e.lib.destroyResult(chunk)
	if msg := e.lib.resultError(chunk); msg != "" {
		return true, parseError(msg)
	}
	data := e.resultBytes(chunk)
	if len(data) == 0 {
		return true, nil
	}
	e.addStats(chunk, stats)
	// w must not retain data (io.Writer's contract): it is C memory freed below.
	if _, err := w.Write(data); err != nil {
		e.lib.streamCancel(e.handle(), res)
		return true, err
	}
	return false, nil
}

// resultBytes returns a view of a result's C buffer, valid until it is destroyed.
func (e *Engine) resultBytes(res uintptr) []byte {
	n := e.lib.resultLength(res)
	p := e.lib.resultBuffer(res)
	if n == 0 || p == nil {
		return nil
	}
	return unsafe.Slice(p, int(n))
}

func (e *Engine) addStats(res uintptr, s *Stats) {
	if s == nil {
		return
	}
	s.RowsRead += e.lib.resultRowsRead(res)
	s.BytesRead += e.lib.resultBytesRead(res)
	s.RowsWritten += e.lib.resultRowsWritten(res)
	s.BytesWritten += e.lib.resultBytesWritten(res)
	s.Elapsed += e.lib.resultElapsed(res)
}
