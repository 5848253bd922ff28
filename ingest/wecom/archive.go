package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
)

// SDK is the chat-archive SDK (WeWorkFinanceSdk). The official C library sits behind
// the cgo bridge in ingest/wecom/sdkbridge (build tag wecomsdk); tests use fakes.
// Implementations must be safe for use from one goroutine at a time.
type SDK interface {
	// GetChatData returns the SDK's JSON answer for the messages after seq, at most limit
	// (≤ 1000): {"errcode":0,"errmsg":"ok","chatdata":[{"seq","msgid","publickey_ver",
	// "encrypt_random_key","encrypt_chat_msg"}…]}. A non-zero SDK return code is an
	// *SDKError.
	GetChatData(ctx context.Context, seq uint64, limit int) ([]byte, error)
	// DecryptData decrypts encrypt_chat_msg with the unwrapped random key.
	DecryptData(randomKey, encryptChatMsg string) ([]byte, error)
}

// SDKError is a non-zero return code of an SDK call.
type SDKError struct {
	Call string
	Code int
}

func (e *SDKError) Error() string { return fmt.Sprintf("wecom sdk %s returned %d", e.Call, e.Code) }

// permanentArchiveCodes are SDK return codes and server errcodes no retry fixes: bad
// parameters or secret (10000, 40001), IP not allowed (10009, 301042), certificate
// error (10011), archive not enabled (301052?) is left retryable.
var permanentArchiveCodes = map[int]bool{10000: true, 10009: true, 10011: true, 40001: true, 301042: true}

// ArchiveSource is the ingest.Source of the chat archive. Its cursor is the seq of the
// last message handed out (decimal; "" is 0): the Runner saves it only after the bus
// acknowledged, so a restart asks GetChatData for the same messages again. Each Fetch
// makes one GetChatData call (blocking up to the SDK timeout) and, per message, unwraps
// encrypt_random_key with the private key of its publickey_ver (pure Go, RSA PKCS#1
// v1.5) and calls DecryptData. Messages that cannot be decrypted (no key for their
// version, a failed unwrap or decryption, no msgid) become dead letters holding the
// still-encrypted item; switch records are skipped. Called from one goroutine at a time.
type ArchiveSource struct {
	name  string
	sdk   SDK
	keys  Keys
	limit int
	m     *metrics
	log   *slog.Logger
	now   func() time.Time
}

// NewArchiveSource returns the source. cfg must be valid and have Archive set; sdk is
// the caller's (closed by it after the Runner stopped).
func NewArchiveSource(cfg Config, sdk SDK, reg prometheus.Registerer, log *slog.Logger) (*ArchiveSource, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("wecom config: %w", err)
	}
	if cfg.Archive == nil || sdk == nil {
		return nil, errors.New("wecom archive: archive config and sdk are required")
	}
	cfg = cfg.withDefaults()
	keys, err := LoadKeys(cfg.Archive.PrivateKeys)
	if err != nil {
		return nil, fmt.Errorf("wecom config: archive.%w", err)
	}
	return &ArchiveSource{name: cfg.Name + "-archive", sdk: sdk, keys: keys, limit: cfg.Archive.Limit, m: newMetrics(reg), log: orDiscard(log), now: time.Now}, nil
}

// Name implements ingest.Source.
func (s *ArchiveSource) Name() string { return s.name }

// chatData is the answer of GetChatData.
type chatData struct {
	ErrCode  int              `json:"errcode"`
	ErrMsg   string           `json:"errmsg"`
	ChatData []chatDataRecord `json:"chatdata"`
}

type chatDataRecord struct {
	Seq              uint64 `json:"seq"`
	MsgID            string `json:"msgid"`
	PublicKeyVer     int    `json:"publickey_ver"`
	EncryptRandomKey string `json:"encrypt_random_key"`
	EncryptChatMsg   string `json:"encrypt_chat_msg"`
}

// Fetch implements ingest.Source.
func (s *ArchiveSource) Fetch(ctx context.Context, cur string) (ingest.Batch, error) {
	var seq uint64
	if cur != "" {
		n, err := strconv.ParseUint(cur, 10, 64)
		if err != nil {
			return ingest.Batch{}, fmt.Errorf("%w: wecom archive cursor %q is not a seq", ingest.ErrPermanent, cur)
		}
		seq = n
	}
	data, err := s.getChatData(ctx, seq)
	if err != nil {
		return ingest.Batch{}, err
	}
	b := ingest.Batch{Next: cur}
	for _, rec := range data.ChatData {
		s.add(&b, rec)
		if rec.Seq > seq {
			seq = rec.Seq
			b.Next = strconv.FormatUint(seq, 10)
		}
	}
	s.m.seq.WithLabelValues(s.name).Set(float64(seq))
	return b, nil
}

func (s *ArchiveSource) getChatData(ctx context.Context, seq uint64) (*chatData, error) {
	raw, err := s.sdk.GetChatData(ctx, seq, s.limit)
	var sdkErr *SDKError
	if errors.As(err, &sdkErr) {
		s.m.sdkErrors.WithLabelValues(s.name, strconv.Itoa(sdkErr.Code)).Inc()
		if permanentArchiveCodes[sdkErr.Code] {
			return nil, fmt.Errorf("%w: %w", ingest.ErrPermanent, err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("getting wecom chat data after seq %d: %w", seq, err)
	}
	var data chatData
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, fmt.Errorf("decoding wecom chat data: %w", err)
	}
	if data.ErrCode != 0 {
		s.m.apiErrors.WithLabelValues(s.name, strconv.Itoa(data.ErrCode)).Inc()
		err := fmt.Errorf("wecom GetChatData errcode %d: %s", data.ErrCode, data.ErrMsg)
		if permanentArchiveCodes[data.ErrCode] {
			return nil, fmt.Errorf("%w: %w", ingest.ErrPermanent, err)
		}
		return nil, err
	}
	return &data, nil
}

// add decrypts one record into an envelope, a dead letter, or nothing (switch).
func (s *ArchiveSource) add(b *ingest.Batch, rec chatDataRecord) {
	plain, err := s.decrypt(rec)
	if err != nil {
		item, _ := json.Marshal(rec) // still encrypted: no personal data in clear
		b.Bad = append(b.Bad, event.DeadLetter{Reason: fmt.Sprintf("wecom archive seq %d: %v", rec.Seq, err), Payload: item})
		return
	}
	var head struct {
		MsgID   string `json:"msgid"`
		Action  string `json:"action"`
		MsgTime int64  `json:"msgtime"`
	}
	if err := json.Unmarshal(plain, &head); err != nil || head.MsgID == "" {
		b.Bad = append(b.Bad, event.DeadLetter{Reason: fmt.Sprintf("wecom archive seq %d: decrypted message has no msgid (%v)", rec.Seq, err), Payload: plain})
		return
	}
	if head.Action == "switch" {
		s.m.ignored.WithLabelValues(s.name, "switch").Inc()
		return
	}
	b.Raws = append(b.Raws, event.NewRaw(event.WeCom, event.Chat, head.MsgID, s.now(), plain))
	s.m.records.WithLabelValues(s.name, string(event.Chat)).Inc()
	s.m.lastMsgTime.WithLabelValues(s.name).Set(float64(head.MsgTime) / 1000)
}

func (s *ArchiveSource) decrypt(rec chatDataRecord) ([]byte, error) {
	key, err := s.keys.Unwrap(rec.PublicKeyVer, rec.EncryptRandomKey)
	if errors.Is(err, ErrNoKey) {
		s.m.keyMissing.WithLabelValues(s.name, strconv.Itoa(rec.PublicKeyVer)).Inc()
	}
	if err != nil {
		return nil, err
	}
	plain, err := s.sdk.DecryptData(key, rec.EncryptChatMsg)
	var sdkErr *SDKError
	if errors.As(err, &sdkErr) {
		s.m.sdkErrors.WithLabelValues(s.name, strconv.Itoa(sdkErr.Code)).Inc()
	}
	if err != nil {
		return nil, fmt.Errorf("decrypting: %w", err)
	}
	return plain, nil
}
