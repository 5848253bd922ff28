package wecom

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/ingest/douyin"
)

const maxCallbackBody = 1 << 20

// Callback is the http.Handler WeCom calls with customer-contact events. GET answers
// the URL verification: it checks msg_signature over echostr and writes echostr
// decrypted. POST checks msg_signature over the Encrypt element (else 401), decrypts it
// (AES-256-CBC, PKCS#7) and checks the receiveid is the corp (else 401), converts the
// event XML to JSON and appends it to the spool (fsynced) before answering 200
// "success"; a retried event (same decrypted content) is answered without appending
// again. A spool failure answers 503 so WeCom retries. Safe for concurrent use.
type Callback struct {
	crypto *Crypto
	spool  *douyin.Spool
	m      *metrics
	log    *slog.Logger
	now    func() time.Time
}

// NewCallback returns the handler. The spool is the caller's (closed after the server
// stopped); reg and log may be nil.
func NewCallback(crypto *Crypto, spool *douyin.Spool, reg prometheus.Registerer, log *slog.Logger) (*Callback, error) {
	if crypto == nil || spool == nil {
		return nil, errors.New("creating wecom callback: crypto and spool are required")
	}
	return &Callback{crypto: crypto, spool: spool, m: newMetrics(reg), log: orDiscard(log), now: time.Now}, nil
}

// ServeHTTP implements http.Handler.
func (h *Callback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sig, ts, nonce := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")
	switch r.Method {
	case http.MethodGet:
		msg, err := h.crypto.Open(sig, ts, nonce, q.Get("echostr"))
		if err != nil {
			h.reject(w, err)
			return
		}
		h.m.callbacks.WithLabelValues("echo").Inc()
		w.Write(msg)
	case http.MethodPost:
		h.post(w, r, sig, ts, nonce)
	default:
		h.answer(w, "method", http.StatusMethodNotAllowed)
	}
}

func (h *Callback) post(w http.ResponseWriter, r *http.Request, sig, ts, nonce string) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCallbackBody))
	if err != nil {
		h.answer(w, "too_large", http.StatusRequestEntityTooLarge)
		return
	}
	var env callbackEnvelope
	if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		h.answer(w, "malformed", http.StatusBadRequest)
		return
	}
	plain, err := h.crypto.Open(sig, ts, nonce, env.Encrypt)
	if err != nil {
		h.reject(w, err)
		return
	}
	record := plain // kept as XML when it does not convert: the source dead-letters it
	if j, err := xmlToJSON(plain); err == nil {
		record = j
	}
	sum := sha256.Sum256(plain)
	dup, err := h.spool.Append(douyin.SpoolRecord{MsgID: hex.EncodeToString(sum[:16]), At: h.now().UTC(), Body: record})
	switch {
	case err != nil:
		h.log.Error("wecom callback not spooled; answering 503 so it is retried", "err", err)
		h.answer(w, "spool_error", http.StatusServiceUnavailable)
	case dup:
		h.m.callbacks.WithLabelValues("duplicate").Inc()
		w.Write([]byte("success"))
	default:
		h.m.callbacks.WithLabelValues("accepted").Inc()
		w.Write([]byte("success"))
	}
}

func (h *Callback) reject(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrSignature):
		h.answer(w, "bad_signature", http.StatusUnauthorized)
	case errors.Is(err, ErrReceiveID):
		h.answer(w, "bad_receiveid", http.StatusUnauthorized)
	default:
		h.answer(w, "malformed", http.StatusBadRequest)
	}
	h.log.Warn("wecom callback rejected", "err", err)
}

func (h *Callback) answer(w http.ResponseWriter, outcome string, status int) {
	h.m.callbacks.WithLabelValues(outcome).Inc()
	w.WriteHeader(status)
}

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return log
}
