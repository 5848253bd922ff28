// Package sdkbridge loads WeCom's chat-archive C SDK (libWeWorkFinanceSdk_C.so) at run
// time with dlopen and implements wecom.SDK over it with cgo. It is compiled only with
// the build tag wecomsdk (and cgo); without it, Open returns ErrNotBuilt, so the default
// binary needs neither cgo nor the SDK.
//
// The SDK library is closed source and not shipped: production machines install it and
// point archive.library_path at it. CI runs the bridge against a test double built from
// testdata/fakesdk.c (the same function signatures, WeWorkFinanceSdk_C.h) with
// `go test -tags wecomsdk ./ingest/wecom/sdkbridge` (needs gcc).
//
// An SDK value serialises its calls (the C SDK handle is not documented as thread-safe);
// Close destroys the handle and unloads the library.
package sdkbridge
