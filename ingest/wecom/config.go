package wecom

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Defaults applied to zero Config fields.
const (
	DefaultName          = "wecom"
	DefaultAPIBaseURL    = "https://qyapi.weixin.qq.com"
	DefaultCallbackPath  = "/wecom/callback"
	DefaultTokenEnv      = "LINGTING_WECOM_CALLBACK_TOKEN"
	DefaultAESKeyEnv     = "LINGTING_WECOM_ENCODING_AES_KEY"
	DefaultContactEnv    = "LINGTING_WECOM_CONTACT_SECRET"
	DefaultArchiveEnv    = "LINGTING_WECOM_ARCHIVE_SECRET"
	DefaultArchiveLimit  = 1000
	DefaultSDKTimeout    = 10 * time.Second
	DefaultLookupTimeout = 10 * time.Second
)

// Config configures the WeCom collectors of one corp: the customer-event callback, the
// chat archive, or both. Secrets (callback token, EncodingAESKey, the customer-contact
// secret, the chat-archive secret, the archive's RSA private keys) come from files or
// environment variables and are never logged.
type Config struct {
	// Name keys checkpoints and labels metrics: the callback source is Name+"-events",
	// the chat archive Name+"-archive". Default "wecom".
	Name string `yaml:"name"`
	// CorpID is the corp's id (ww…): the callback's receiveid and the SDK's corpid.
	CorpID string `yaml:"corp_id"`
	// APIBaseURL of the server API (gettoken, externalcontact/get).
	// Default "https://qyapi.weixin.qq.com".
	APIBaseURL string `yaml:"api_base_url"`

	Callback *CallbackConfig `yaml:"callback"`
	Archive  *ArchiveConfig  `yaml:"archive"`
}

// CallbackConfig is the customer-contact event callback (客户联系 回调).
type CallbackConfig struct {
	// Listen is the address the command serves the callback on. Required.
	Listen string `yaml:"listen"`
	// Path of the callback URL. Default "/wecom/callback".
	Path string `yaml:"path"`
	// SpoolDir holds the fsynced spool of accepted callbacks. Required.
	SpoolDir     string `yaml:"spool_dir"`
	SegmentBytes int64  `yaml:"segment_bytes"`
	// Token and EncodingAESKey of the callback settings: from TokenFile / AESKeyFile,
	// else the variables TokenEnv / AESKeyEnv (defaults LINGTING_WECOM_CALLBACK_TOKEN,
	// LINGTING_WECOM_ENCODING_AES_KEY).
	TokenFile  string `yaml:"token_file"`
	TokenEnv   string `yaml:"token_env"`
	AESKeyFile string `yaml:"encoding_aes_key_file"`
	AESKeyEnv  string `yaml:"encoding_aes_key_env"`
	// ContactSecretFile / ContactSecretEnv: the customer-contact secret. When one is set,
	// add/edit events are completed with externalcontact/get (name, unionid).
	ContactSecretFile string `yaml:"contact_secret_file"`
	ContactSecretEnv  string `yaml:"contact_secret_env"`
	// LookupTimeout bounds one externalcontact call. Default 10s.
	LookupTimeout time.Duration `yaml:"lookup_timeout"`
}

// ArchiveConfig is the chat-archive collector (会话内容存档).
type ArchiveConfig struct {
	// LibraryPath is the SDK shared library (libWeWorkFinanceSdk_C.so) the cgo bridge
	// loads; needs a binary built with -tags wecomsdk. Required.
	LibraryPath string `yaml:"library_path"`
	// SecretFile / SecretEnv: the chat-archive secret (default variable
	// LINGTING_WECOM_ARCHIVE_SECRET).
	SecretFile string `yaml:"secret_file"`
	SecretEnv  string `yaml:"secret_env"`
	// PrivateKeys are the RSA private keys (PEM) per publickey_ver.
	PrivateKeys []PrivateKeyConfig `yaml:"private_keys"`
	// Limit is the messages asked per GetChatData call (1–1000). Default 1000.
	Limit int `yaml:"limit"`
	// Timeout is the SDK call timeout. Default 10s.
	Timeout time.Duration `yaml:"timeout"`
	// Proxy and ProxyPasswordEnv are passed to GetChatData when set.
	Proxy            string `yaml:"proxy"`
	ProxyPasswordEnv string `yaml:"proxy_password_env"`
}

// PrivateKeyConfig is one version of the archive's RSA key pair.
type PrivateKeyConfig struct {
	Version int    `yaml:"version"`
	File    string `yaml:"file"`
}

// Validate reports the first invalid field, by its YAML name.
func (c Config) Validate() error {
	switch {
	case c.Callback == nil && c.Archive == nil:
		return errors.New("callback, archive: at least one is needed")
	case c.CorpID == "":
		return errors.New("corp_id: required")
	case c.APIBaseURL != "" && !strings.HasPrefix(c.APIBaseURL, "http"):
		return fmt.Errorf("api_base_url: %q is not an http(s) URL", c.APIBaseURL)
	}
	if cb := c.Callback; cb != nil {
		switch {
		case cb.Listen == "":
			return errors.New("callback.listen: required")
		case cb.SpoolDir == "":
			return errors.New("callback.spool_dir: required")
		case cb.Path != "" && !strings.HasPrefix(cb.Path, "/"):
			return fmt.Errorf("callback.path: %q must start with /", cb.Path)
		case cb.LookupTimeout < 0 || cb.SegmentBytes < 0:
			return errors.New("callback.lookup_timeout, callback.segment_bytes: must not be negative")
		}
	}
	if a := c.Archive; a != nil {
		if err := a.validate(); err != nil {
			return fmt.Errorf("archive.%w", err)
		}
	}
	return nil
}

func (a *ArchiveConfig) validate() error {
	switch {
	case a.LibraryPath == "":
		return errors.New("library_path: required")
	case a.Limit < 0 || a.Limit > 1000:
		return fmt.Errorf("limit: must be between 1 and 1000, got %d", a.Limit)
	case a.Timeout < 0:
		return fmt.Errorf("timeout: must not be negative, got %s", a.Timeout)
	case len(a.PrivateKeys) == 0:
		return errors.New("private_keys: at least one is needed")
	}
	seen := map[int]bool{}
	for i, k := range a.PrivateKeys {
		if k.File == "" || k.Version <= 0 || seen[k.Version] {
			return fmt.Errorf("private_keys[%d]: a positive, unique version and a file are required", i)
		}
		seen[k.Version] = true
	}
	return nil
}

func (c Config) withDefaults() Config {
	c.Name = orDefault(c.Name, DefaultName)
	c.APIBaseURL = strings.TrimRight(orDefault(c.APIBaseURL, DefaultAPIBaseURL), "/")
	if cb := c.Callback; cb != nil {
		x := *cb
		x.Path = orDefault(x.Path, DefaultCallbackPath)
		x.TokenEnv = orDefault(x.TokenEnv, DefaultTokenEnv)
		x.AESKeyEnv = orDefault(x.AESKeyEnv, DefaultAESKeyEnv)
		x.LookupTimeout = orDefault(x.LookupTimeout, DefaultLookupTimeout)
		c.Callback = &x
	}
	if a := c.Archive; a != nil {
		x := *a
		x.SecretEnv = orDefault(x.SecretEnv, DefaultArchiveEnv)
		x.Limit = orDefault(x.Limit, DefaultArchiveLimit)
		x.Timeout = orDefault(x.Timeout, DefaultSDKTimeout)
		c.Archive = &x
	}
	return c
}

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config { return c.withDefaults() }

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// ReadSecret returns the secret in file, else in the environment variable env; optional
// secrets pass required false and get "" when neither is set. Errors name the field and
// where it looked, never the value.
func ReadSecret(field, file, env string, required bool) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("reading %s file: %w", field, err)
		}
		if s := strings.TrimSpace(string(b)); s != "" {
			return s, nil
		}
		return "", fmt.Errorf("%s: file is empty", field)
	}
	if env != "" {
		if s := strings.TrimSpace(os.Getenv(env)); s != "" {
			return s, nil
		}
	}
	if required {
		return "", fmt.Errorf("%s: set its file or the environment variable %s", field, env)
	}
	return "", nil
}
