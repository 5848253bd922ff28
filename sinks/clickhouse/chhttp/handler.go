package chhttp

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/sinks/clickhouse/chdb"
)

// Handler serves a chdb.Engine over ClickHouse's HTTP interface. It is safe for
// concurrent use; the engine runs one statement at a time, so requests wait for each
// other, and a client reading a large result slowly delays the others. It does not close
// the engine.
type Handler struct {
	engine  *chdb.Engine
	log     *slog.Logger
	metrics *metrics

	infoMu sync.Mutex
	info   *serverInfo // cached once read
}

// Option configures a Handler.
type Option func(*Handler)

// WithRegisterer registers the handler's metrics with reg (nil: not registered).
func WithRegisterer(reg prometheus.Registerer) Option {
	return func(h *Handler) { h.metrics = newMetrics(reg) }
}

// NewHandler returns a Handler in front of e. A nil log discards logs.
func NewHandler(e *chdb.Engine, log *slog.Logger, opts ...Option) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{engine: e, log: log}
	for _, opt := range opts {
		opt(h)
	}
	if h.metrics == nil {
		h.metrics = newMetrics(nil)
	}
	return h
}

// ServeHTTP answers "/" (statements), "/ping" and "/replicas_status".
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/ping", "/replicas_status":
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		_, _ = io.WriteString(w, "Ok.\n")
	case "/":
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if r.Method == http.MethodGet && r.URL.RawQuery == "" {
			_, _ = io.WriteString(w, "Ok.\n")
			return
		}
		h.serveStatement(w, r)
	default:
		http.Error(w, "There is no handle "+r.URL.Path, http.StatusNotFound)
	}
}

func (h *Handler) serveStatement(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	req, err := parseRequest(r)
	kind := kindOther
	if err == nil {
		kind = req.kind
		err = h.run(r.Context(), w, req)
	} else {
		writeError(w, err)
	}
	h.observe(kind, start, err)
}

// run executes a parsed request and answers it.
func (h *Handler) run(ctx context.Context, w http.ResponseWriter, req *request) error {
	info, err := h.serverInfo(ctx)
	if err != nil {
		writeError(w, err)
		return err
	}
	setCommonHeaders(w, req, info)
	switch {
	case req.data != nil:
		return h.insert(ctx, w, req)
	case req.format == "Native" && isHello(req.query):
		return writeHello(w, req.revision, info)
	case sessionOnly(req.query):
		// Without a session, SET and USE have no lasting effect in ClickHouse's HTTP
		// interface; on the engine's one connection they would leak into every later
		// request, so they are answered without running.
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return nil
	default:
		return h.query(ctx, w, req)
	}
}

func (h *Handler) insert(ctx context.Context, w http.ResponseWriter, req *request) error {
	var stats chdb.Stats
	body := &countingReader{r: req.data}
	err := h.engine.Insert(ctx, req.query, body, req.options(&stats)...)
	h.metrics.bytesInserted.Add(float64(body.n))
	if err != nil {
		writeError(w, err)
		return err
	}
	h.metrics.rowsInserted.Add(float64(stats.RowsWritten))
	w.Header().Set("X-ClickHouse-Summary", summary(stats))
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handler) query(ctx context.Context, w http.ResponseWriter, req *request) error {
	var stats chdb.Stats
	rw := newResultWriter(w, req)
	err := h.engine.QueryTo(ctx, req.query, req.format, rw, req.options(&stats)...)
	if err != nil {
		rw.fail(err)
		return err
	}
	return rw.finish()
}

func (h *Handler) observe(kind string, start time.Time, err error) {
	outcome := outcomeOK
	if err != nil {
		outcome = outcomeError
		code, _ := exception(err)
		// Statement text and engine messages may quote personal data: log the code only.
		h.log.Warn("clickhouse http statement failed", "kind", kind, "code", code)
	}
	h.metrics.queries.WithLabelValues(kind, outcome).Inc()
	h.metrics.duration.WithLabelValues(kind).Observe(time.Since(start).Seconds())
}

// sessionOnly reports whether q is a statement whose effect is the session's (SET, USE).
func sessionOnly(q string) bool {
	kw := firstKeyword(q)
	return kw == "SET" || kw == "USE"
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// serverInfo is what the engine says about itself, read once.
type serverInfo struct {
	displayName, version, timezone string
}

func (h *Handler) serverInfo(ctx context.Context) (*serverInfo, error) {
	h.infoMu.Lock()
	defer h.infoMu.Unlock()
	if h.info != nil {
		return h.info, nil
	}
	out, err := h.engine.Query(ctx, "SELECT displayName(), version(), timezone()", "TSVRaw")
	if err != nil {
		return nil, err
	}
	f := strings.Split(strings.TrimRight(string(out), "\n"), "\t")
	if len(f) != 3 {
		return nil, errors.New("reading server info: unexpected answer")
	}
	h.info = &serverInfo{displayName: f[0], version: f[1], timezone: f[2]}
	return h.info, nil
}
