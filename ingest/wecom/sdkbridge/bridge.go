//go:build wecomsdk && cgo

package sdkbridge

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "WeWorkFinanceSdk_C.h"

typedef struct {
	WeWorkFinanceSdk_t *(*NewSdk)(void);
	int (*Init)(WeWorkFinanceSdk_t *, const char *, const char *);
	int (*GetChatData)(WeWorkFinanceSdk_t *, unsigned long long, unsigned int, const char *, const char *, int, Slice_t *);
	int (*DecryptData)(const char *, const char *, Slice_t *);
	void (*DestroySdk)(WeWorkFinanceSdk_t *);
	Slice_t *(*NewSlice)(void);
	void (*FreeSlice)(Slice_t *);
	char *(*GetContentFromSlice)(Slice_t *);
	int (*GetSliceLen)(Slice_t *);
} lt_sdk;

// lt_load resolves every function; it returns the name of the first one missing.
static const char *lt_load(void *lib, lt_sdk *f) {
#define LT_SYM(name) if ((*(void **)(&f->name) = dlsym(lib, #name)) == NULL) return #name
	LT_SYM(NewSdk); LT_SYM(Init); LT_SYM(GetChatData); LT_SYM(DecryptData); LT_SYM(DestroySdk);
	LT_SYM(NewSlice); LT_SYM(FreeSlice); LT_SYM(GetContentFromSlice); LT_SYM(GetSliceLen);
#undef LT_SYM
	return NULL;
}

static WeWorkFinanceSdk_t *lt_new(lt_sdk *f) { return f->NewSdk(); }
static int lt_init(lt_sdk *f, WeWorkFinanceSdk_t *s, const char *corp, const char *secret) { return f->Init(s, corp, secret); }
static void lt_destroy(lt_sdk *f, WeWorkFinanceSdk_t *s) { f->DestroySdk(s); }

// lt_take copies a slice's content into malloc'd memory the caller frees, and frees the slice.
static void lt_take(lt_sdk *f, Slice_t *sl, char **out, int *n) {
	*n = f->GetSliceLen(sl);
	*out = malloc(*n > 0 ? *n : 1);
	if (*n > 0) memcpy(*out, f->GetContentFromSlice(sl), *n);
	f->FreeSlice(sl);
}

static int lt_get(lt_sdk *f, WeWorkFinanceSdk_t *s, unsigned long long seq, unsigned int limit,
                  const char *proxy, const char *passwd, int timeout, char **out, int *n) {
	Slice_t *sl = f->NewSlice();
	int rc = f->GetChatData(s, seq, limit, proxy, passwd, timeout, sl);
	if (rc != 0) { f->FreeSlice(sl); return rc; }
	lt_take(f, sl, out, n);
	return 0;
}

static int lt_decrypt(lt_sdk *f, const char *key, const char *msg, char **out, int *n) {
	Slice_t *sl = f->NewSlice();
	int rc = f->DecryptData(key, msg, sl);
	if (rc != 0) { f->FreeSlice(sl); return rc; }
	lt_take(f, sl, out, n);
	return 0;
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"github.com/lingting/lingting/ingest/wecom"
)

// Config says which library to load and how to initialise it.
type Config struct {
	LibraryPath   string        // libWeWorkFinanceSdk_C.so
	CorpID        string        // corp id
	Secret        string        // chat-archive secret
	Proxy         string        // optional, e.g. socks5://10.0.0.1:8081
	ProxyPassword string        // optional, user:password
	Timeout       time.Duration // per call; default 10s
}

// SDK is a loaded and initialised chat-archive SDK. Safe for concurrent use (calls are
// serialised).
type SDK struct {
	mu      sync.Mutex
	lib     unsafe.Pointer
	fns     C.lt_sdk
	sdk     *C.WeWorkFinanceSdk_t
	proxy   *C.char
	passwd  *C.char
	timeout C.int
}

// Open loads the library, resolves the SDK functions, creates the SDK handle and calls
// Init. Errors name the missing symbol or Init's return code, never the secret.
func Open(cfg Config) (*SDK, error) {
	path := C.CString(cfg.LibraryPath)
	defer C.free(unsafe.Pointer(path))
	lib := C.dlopen(path, C.RTLD_NOW|C.RTLD_LOCAL)
	if lib == nil {
		return nil, fmt.Errorf("loading wecom sdk %s: %s", cfg.LibraryPath, C.GoString(C.dlerror()))
	}
	s := &SDK{lib: lib, timeout: C.int(10)}
	if cfg.Timeout > 0 {
		s.timeout = C.int((cfg.Timeout + time.Second - 1) / time.Second)
	}
	if missing := C.lt_load(lib, &s.fns); missing != nil {
		C.dlclose(lib)
		return nil, fmt.Errorf("loading wecom sdk %s: symbol %s not found", cfg.LibraryPath, C.GoString(missing))
	}
	s.sdk = C.lt_new(&s.fns)
	if s.sdk == nil {
		C.dlclose(lib)
		return nil, errors.New("wecom sdk NewSdk returned NULL")
	}
	corp, secret := C.CString(cfg.CorpID), C.CString(cfg.Secret)
	rc := C.lt_init(&s.fns, s.sdk, corp, secret)
	C.free(unsafe.Pointer(corp))
	C.free(unsafe.Pointer(secret))
	if rc != 0 {
		s.Close()
		return nil, &wecom.SDKError{Call: "Init", Code: int(rc)}
	}
	if cfg.Proxy != "" {
		s.proxy, s.passwd = C.CString(cfg.Proxy), C.CString(cfg.ProxyPassword)
	}
	return s, nil
}

// GetChatData implements wecom.SDK. The C call cannot be interrupted: it blocks up to
// the configured timeout even when ctx ends.
func (s *SDK) GetChatData(ctx context.Context, seq uint64, limit int) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sdk == nil {
		return nil, errors.New("wecom sdk closed")
	}
	var out *C.char
	var n C.int
	rc := C.lt_get(&s.fns, s.sdk, C.ulonglong(seq), C.uint(limit), s.proxy, s.passwd, s.timeout, &out, &n)
	if rc != 0 {
		return nil, &wecom.SDKError{Call: "GetChatData", Code: int(rc)}
	}
	defer C.free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), n), nil
}

// DecryptData implements wecom.SDK.
func (s *SDK) DecryptData(randomKey, encryptChatMsg string) ([]byte, error) {
	key, msg := C.CString(randomKey), C.CString(encryptChatMsg)
	defer C.free(unsafe.Pointer(key))
	defer C.free(unsafe.Pointer(msg))
	s.mu.Lock()
	defer s.mu.Unlock()
	var out *C.char
	var n C.int
	if rc := C.lt_decrypt(&s.fns, key, msg, &out, &n); rc != 0 {
		return nil, &wecom.SDKError{Call: "DecryptData", Code: int(rc)}
	}
	defer C.free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), n), nil
}

// Close destroys the SDK handle and unloads the library. Calls after Close fail.
func (s *SDK) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sdk != nil {
		C.lt_destroy(&s.fns, s.sdk)
		s.sdk = nil
	}
	C.free(unsafe.Pointer(s.proxy))
	C.free(unsafe.Pointer(s.passwd))
	s.proxy, s.passwd = nil, nil
	if s.lib != nil {
		C.dlclose(s.lib)
		s.lib = nil
	}
	return nil
}
