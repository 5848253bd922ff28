package chhttp

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/lingting/lingting/sinks/clickhouse/chdb"
)

// Error codes the handler reports for failures that are not the engine's.
const (
	codeStdException   = 1001 // STD_EXCEPTION
	codeQueryCancelled = 394  // QUERY_WAS_CANCELLED
	codeTimeout        = 159  // TIMEOUT_EXCEEDED
)

// exception returns the ClickHouse code and "Code: N. DB::Exception: ..." text for err.
func exception(err error) (int, string) {
	var ce *chdb.Error
	switch {
	case errors.As(err, &ce) && ce.Code > 0:
		return ce.Code, ce.Error()
	case errors.As(err, &ce):
		return codeStdException, fmt.Sprintf("Code: %d. DB::Exception: %s. (STD_EXCEPTION)", codeStdException, ce.Message)
	case errors.Is(err, context.Canceled):
		return codeQueryCancelled, fmt.Sprintf("Code: %d. DB::Exception: Query was cancelled. (QUERY_WAS_CANCELLED)", codeQueryCancelled)
	case errors.Is(err, context.DeadlineExceeded):
		return codeTimeout, fmt.Sprintf("Code: %d. DB::Exception: Timeout exceeded. (TIMEOUT_EXCEEDED)", codeTimeout)
	default:
		return codeStdException, fmt.Sprintf("Code: %d. DB::Exception: %v. (STD_EXCEPTION)", codeStdException, err)
	}
}

// writeError answers err as ClickHouse does before any result was sent.
func writeError(w http.ResponseWriter, err error) {
	code, text := exception(err)
	h := w.Header()
	h.Del("X-ClickHouse-Format")
	h.Set("Content-Type", "text/plain; charset=UTF-8")
	h.Set("X-ClickHouse-Exception-Code", strconv.Itoa(code))
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = io.WriteString(w, text+"\n")
}

func setCommonHeaders(w http.ResponseWriter, req *request, info *serverInfo) {
	h := w.Header()
	id := req.queryID
	if id == "" {
		id = newQueryID()
	}
	h.Set("X-ClickHouse-Query-Id", id)
	h.Set("X-ClickHouse-Timezone", info.timezone)
	h.Set("X-ClickHouse-Server-Display-Name", info.displayName)
}

func newQueryID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func summary(s chdb.Stats) string {
	return fmt.Sprintf(`{"read_rows":"%d","read_bytes":"%d","written_rows":"%d","written_bytes":"%d","total_rows_to_read":"0","result_rows":"0","result_bytes":"0","elapsed_ns":"%d"}`,
		s.RowsRead, s.BytesRead, s.RowsWritten, s.BytesWritten, int64(s.Elapsed*1e9))
}

// contentType is the Content-Type ClickHouse sends for a format.
func contentType(format string) string {
	f := strings.ToLower(format)
	switch {
	case strings.HasPrefix(f, "tabseparated") || strings.HasPrefix(f, "tsv"):
		return "text/tab-separated-values; charset=UTF-8"
	case strings.HasPrefix(f, "csv"):
		return "text/csv; charset=UTF-8; header=absent"
	case strings.HasPrefix(f, "json"):
		return "application/json; charset=UTF-8"
	case f == "xml":
		return "application/xml; charset=UTF-8"
	case f == "native" || strings.HasPrefix(f, "rowbinary") || strings.HasPrefix(f, "arrow") ||
		f == "parquet" || f == "orc" || f == "avro" || f == "protobuf" || f == "msgpack":
		return "application/octet-stream"
	default:
		return "text/plain; charset=UTF-8"
	}
}

// resultWriter sends the response headers with the first chunk of a result, so an
// error before it can still be answered with status 500.
type resultWriter struct {
	w       http.ResponseWriter
	format  string
	gzipOut bool
	out     io.Writer
	gz      *gzip.Writer
}

func newResultWriter(w http.ResponseWriter, req *request) *resultWriter {
	return &resultWriter{w: w, format: req.format, gzipOut: req.gzipOut}
}

// Write starts the response on first use and passes p on.
func (rw *resultWriter) Write(p []byte) (int, error) {
	if rw.out == nil {
		h := rw.w.Header()
		h.Set("Content-Type", contentType(rw.format))
		h.Set("X-ClickHouse-Format", rw.format)
		rw.out = rw.w
		if rw.gzipOut {
			h.Set("Content-Encoding", "gzip")
			h.Add("Vary", "Accept-Encoding")
			rw.gz = gzip.NewWriter(rw.w)
			rw.out = rw.gz
		}
		rw.w.WriteHeader(http.StatusOK)
	}
	return rw.out.Write(p)
}

// finish ends a successful response; an empty result is answered with no body.
func (rw *resultWriter) finish() error {
	if rw.out == nil {
		rw.w.Header().Set("X-ClickHouse-Format", rw.format)
		rw.w.Header().Set("Content-Length", "0")
		rw.w.WriteHeader(http.StatusOK)
		return nil
	}
	if rw.gz != nil {
		return rw.gz.Close()
	}
	return nil
}

// fail answers err: with status 500 if nothing was sent yet, else in-band after the
// "__exception__" marker that ClickHouse clients look for.
func (rw *resultWriter) fail(err error) {
	if rw.out == nil {
		writeError(rw.w, err)
		return
	}
	_, text := exception(err)
	_, _ = io.WriteString(rw.out, "\r\n__exception__\r\n"+text+"\r\n")
	if rw.gz != nil {
		_ = rw.gz.Close()
	}
}
