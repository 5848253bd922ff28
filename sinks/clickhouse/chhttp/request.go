package chhttp

import (
	"bufio"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/lingting/lingting/sinks/clickhouse/chdb"
)

// maxQuerySize caps a statement read from a request body (insert data excepted).
const maxQuerySize = 16 << 20

// headSize is how much of a body is looked at for the start of an INSERT's data.
const headSize = 64 << 10

// httpOnly are URL parameters that belong to the HTTP interface, not to the engine's
// settings.
var httpOnly = map[string]bool{
	"query": true, "database": true, "default_format": true, "user": true, "password": true,
	"query_id": true, "quota_key": true, "session_id": true, "session_timeout": true,
	"session_check": true, "client_protocol_version": true, "enable_http_compression": true,
	"http_zlib_compression_level": true, "wait_end_of_query": true, "buffer_size": true,
	"send_progress_in_http_headers": true, "http_headers_progress_interval_ms": true,
	"add_http_cors_header": true, "compress": true, "decompress": true, "stacktrace": true,
}

// request is one parsed HTTP request: a statement, with its data for an INSERT.
type request struct {
	query    string    // the statement; for an insert "INSERT ... FORMAT <fmt>"
	data     io.Reader // insert data, nil for other statements
	format   string    // output format: the FORMAT clause, default_format or TabSeparated
	kind     string    // kindSelect, kindInsert or kindOther
	params   map[string]string
	settings map[string]string
	database string
	revision uint64 // client_protocol_version, 0 if absent
	gzipOut  bool   // answer gzip-compressed
	queryID  string
	body     io.Closer
}

// badRequest is an error answered with a ClickHouse code before the engine is involved.
func badRequest(code int, format string, args ...any) error {
	return &chdb.Error{Code: code, Message: "DB::Exception: " + fmt.Sprintf(format, args...)}
}

// parseRequest reads the statement of r; an INSERT's data is left in the body to stream.
func parseRequest(r *http.Request) (*request, error) {
	v := r.URL.Query()
	req := &request{
		database: v.Get("database"),
		queryID:  v.Get("query_id"),
		params:   map[string]string{},
		settings: map[string]string{},
	}
	if v.Get("compress") == "1" || v.Get("decompress") == "1" {
		return nil, badRequest(1, "ClickHouse block compression (compress/decompress, lz4 or zstd) is not supported by the embedded server: use gzip or no compression. (UNSUPPORTED_METHOD)")
	}
	req.revision, _ = strconv.ParseUint(v.Get("client_protocol_version"), 10, 64)
	req.gzipOut = v.Get("enable_http_compression") == "1" && acceptsGzip(r.Header.Get("Accept-Encoding"))
	for k, vals := range v {
		switch {
		case strings.HasPrefix(k, "param_"):
			req.params[strings.TrimPrefix(k, "param_")] = vals[0]
		case !httpOnly[k]:
			req.settings[k] = vals[0]
		}
	}
	if _, ok := req.settings["readonly"]; !ok && r.Method == http.MethodGet {
		req.settings["readonly"] = "2" // as ClickHouse: GET only reads
	}
	body, err := decodedBody(r)
	if err != nil {
		return nil, err
	}
	req.body = r.Body
	if err := req.readStatement(v.Get("query"), body, r.ContentLength == 0); err != nil {
		return nil, err
	}
	req.kind = statementKind(req.query)
	req.format = outputFormat(req.query, v.Get("default_format"))
	return req, nil
}

// readStatement takes the statement from the URL's query, the body, or both.
func (req *request) readStatement(urlQuery string, body io.Reader, emptyBody bool) error {
	if _, _, ok := chdb.SplitInsert(urlQuery); ok {
		req.query, req.data = urlQuery, body
		return nil
	}
	if emptyBody {
		req.query = urlQuery
	} else {
		src := body
		if urlQuery != "" {
			src = io.MultiReader(strings.NewReader(urlQuery+"\n"), body)
		}
		var err error
		if req.query, req.data, err = splitStatement(src); err != nil {
			return err
		}
	}
	if strings.TrimSpace(req.query) == "" {
		return badRequest(62, "Empty query. (SYNTAX_ERROR)")
	}
	return nil
}

func acceptsGzip(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(name, "gzip") {
			return true
		}
	}
	return false
}

// decodedBody undoes the request's Content-Encoding.
func decodedBody(r *http.Request) (io.Reader, error) {
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return r.Body, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, badRequest(354, "Cannot read gzip request body: %v. (CANNOT_DECOMPRESS)", err)
		}
		return zr, nil
	case "deflate":
		zr, err := zlib.NewReader(r.Body)
		if err != nil {
			return nil, badRequest(354, "Cannot read deflate request body: %v. (CANNOT_DECOMPRESS)", err)
		}
		return zr, nil
	default:
		return nil, badRequest(1, "Unsupported Content-Encoding %q: use gzip, deflate or none. (UNSUPPORTED_METHOD)", enc)
	}
}

// insertHeadRe finds an INSERT whose data follows it in the same text: after
// "FORMAT <name>" and the end of that line, or after VALUES.
var insertHeadRe = regexp.MustCompile(`(?is)^\s*(INSERT\s+INTO\s+[^'"]*?)(?:\s+FORMAT\s+([A-Za-z0-9_]+)[ \t]*(?:\r?\n|$)|\s*\bVALUES\b\s*)`)

// splitStatement reads a statement from src. For an INSERT with data it returns the
// statement as "INSERT ... FORMAT <fmt>" and the rest of src as the data, unread;
// otherwise it reads the whole statement (at most maxQuerySize bytes).
func splitStatement(src io.Reader) (query string, data io.Reader, err error) {
	br := bufio.NewReaderSize(src, headSize)
	head, _ := br.Peek(headSize)
	if m := insertHeadRe.FindSubmatchIndex(head); m != nil && !containsWord(head[m[2]:m[3]], "select") {
		format := "Values"
		if m[4] >= 0 {
			format = string(head[m[4]:m[5]])
		}
		query = string(head[m[2]:m[3]]) + " FORMAT " + format
		if _, err := br.Discard(m[1]); err != nil {
			return "", nil, fmt.Errorf("reading request body: %w", err)
		}
		return query, br, nil
	}
	all, err := io.ReadAll(io.LimitReader(br, maxQuerySize+1))
	if err != nil {
		return "", nil, fmt.Errorf("reading request body: %w", err)
	}
	if len(all) > maxQuerySize {
		return "", nil, badRequest(62, "Query is longer than %d bytes: send INSERT data after INSERT ... FORMAT <format>. (SYNTAX_ERROR)", maxQuerySize)
	}
	return string(all), nil, nil
}

var wordRe = regexp.MustCompile(`[A-Za-z_]+`)

func containsWord(b []byte, word string) bool {
	for _, w := range wordRe.FindAll(b, -1) {
		if strings.EqualFold(string(w), word) {
			return true
		}
	}
	return false
}

var (
	commentRe     = regexp.MustCompile(`(?s)^(\s+|--[^\n]*\n?|/\*.*?\*/|\()`)
	firstWordRe   = regexp.MustCompile(`^[A-Za-z]+`)
	formatClause  = regexp.MustCompile(`(?is)\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$`)
	selectLeaders = map[string]bool{"SELECT": true, "WITH": true, "SHOW": true, "DESCRIBE": true, "DESC": true, "EXPLAIN": true, "EXISTS": true}
)

// firstKeyword is q's first word, upper-cased, after comments and parentheses.
func firstKeyword(q string) string {
	for {
		loc := commentRe.FindStringIndex(q)
		if loc == nil || loc[1] == 0 {
			break
		}
		q = q[loc[1]:]
	}
	return strings.ToUpper(firstWordRe.FindString(q))
}

// statementKind classifies a statement by its first keyword.
func statementKind(q string) string {
	switch word := firstKeyword(q); {
	case selectLeaders[word]:
		return kindSelect
	case word == "INSERT":
		return kindInsert
	default:
		return kindOther
	}
}

// outputFormat is the statement's FORMAT clause, else def, else TabSeparated.
func outputFormat(q, def string) string {
	if m := formatClause.FindStringSubmatch(q); m != nil {
		return m[1]
	}
	if def != "" {
		return def
	}
	return chdb.DefaultFormat
}

// options are the engine options of the statement.
func (req *request) options(stats *chdb.Stats) []chdb.Option {
	opts := []chdb.Option{chdb.WithStats(stats)}
	if len(req.params) > 0 {
		opts = append(opts, chdb.WithParams(req.params))
	}
	if len(req.settings) > 0 {
		opts = append(opts, chdb.WithSettings(req.settings))
	}
	if req.database != "" {
		opts = append(opts, chdb.WithDatabase(req.database))
	}
	return opts
}
