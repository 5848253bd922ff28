package douyin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// EventVerifyWebhook is the event Douyin sends to check a webhook URL; the answer echoes
// its content.challenge.
const EventVerifyWebhook = "verify_webhook"

// maxWebhookBody caps a webhook request body.
const maxWebhookBody = 1 << 20

// Webhook is the http.Handler Douyin pushes events to. It answers verify_webhook with its
// challenge; it rejects any other request whose X-Douyin-Signature is not
// Sign(client_secret, body) with 401; it appends each verified delivery to the Spool
// (fsynced) before answering 200, and answers 200 without appending a Msg-Id it already
// holds. A spool failure answers 503 so Douyin delivers again. Events are parsed later,
// by SpoolSource: a malformed but signed body is still acknowledged and becomes a dead
// letter there. Safe for concurrent use.
type Webhook struct {
	secret string
	spool  *Spool
	m      *metrics
	log    *slog.Logger
	now    func() time.Time
}

// NewWebhook returns the handler. clientSecret must not be empty; spool is owned by the
// caller (closed after the HTTP server stopped). reg and log may be nil.
func NewWebhook(clientSecret string, spool *Spool, reg prometheus.Registerer, log *slog.Logger) (*Webhook, error) {
	if clientSecret == "" || spool == nil {
		return nil, errors.New("creating douyin webhook: client secret and spool are required")
	}
	return &Webhook{secret: clientSecret, spool: spool, m: newMetrics(reg), log: orDiscard(log), now: time.Now}, nil
}

// envelope is the outer shape of every webhook event.
type envelope struct {
	Event      string          `json:"event"`
	ClientKey  string          `json:"client_key"`
	FromUserID string          `json:"from_user_id"`
	ToUserID   string          `json:"to_user_id"`
	Content    json.RawMessage `json:"content"`
	LogID      string          `json:"log_id"`
}

// ServeHTTP implements http.Handler.
func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		h.answer(w, "method", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		h.answer(w, "too_large", http.StatusRequestEntityTooLarge)
		return
	}
	var env envelope
	decodeErr := json.Unmarshal(body, &env)
	sig := r.Header.Get("X-Douyin-Signature")
	verified := VerifySignature(h.secret, body, sig)
	if decodeErr == nil && env.Event == EventVerifyWebhook && (verified || sig == "") {
		h.challenge(w, env.Content) // stores nothing, so an unsigned challenge is harmless
		return
	}
	if !verified {
		h.log.Warn("douyin webhook with a bad signature rejected", "remote", r.RemoteAddr, "signed", sig != "")
		h.answer(w, "bad_signature", http.StatusUnauthorized)
		return
	}
	msgID := r.Header.Get("Msg-Id")
	if msgID == "" {
		sum := sha256.Sum256(body)
		msgID = "sha256:" + hex.EncodeToString(sum[:16])
	}
	dup, err := h.spool.Append(SpoolRecord{MsgID: msgID, At: h.now().UTC(), Body: body})
	switch {
	case err != nil:
		h.log.Error("douyin webhook not spooled; answering 503 so it is delivered again", "err", err)
		h.answer(w, "spool_error", http.StatusServiceUnavailable)
	case dup:
		h.answer(w, "duplicate", http.StatusOK)
	default:
		h.m.webhookEvents.WithLabelValues(eventLabel(env.Event)).Inc()
		h.answer(w, "accepted", http.StatusOK)
	}
}

func (h *Webhook) challenge(w http.ResponseWriter, content json.RawMessage) {
	var c struct {
		Challenge json.RawMessage `json:"challenge"`
	}
	if json.Unmarshal(unquote(content), &c) != nil || len(c.Challenge) == 0 {
		h.answer(w, "bad_challenge", http.StatusBadRequest)
		return
	}
	h.m.webhookRequests.WithLabelValues("challenge").Inc()
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(append([]byte(`{"challenge":`), c.Challenge...), '}'))
}

func (h *Webhook) answer(w http.ResponseWriter, outcome string, status int) {
	h.m.webhookRequests.WithLabelValues(outcome).Inc()
	w.WriteHeader(status)
}

// unquote returns the JSON inside content when Douyin sent it as a JSON string, else
// content itself.
func unquote(content json.RawMessage) []byte {
	content = bytes.TrimSpace(content)
	if len(content) > 0 && content[0] == '"' {
		var s string
		if json.Unmarshal(content, &s) == nil {
			return []byte(s)
		}
	}
	return content
}

// eventLabel bounds the label values an attacker-free but open-ended field can take.
func eventLabel(e string) string {
	if len(e) > 40 {
		return "other"
	}
	return e
}

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return log
}
