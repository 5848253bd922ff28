package sdkbridge

import "errors"

// ErrNotBuilt is returned by Open in a binary built without -tags wecomsdk (or without
// cgo).
var ErrNotBuilt = errors.New("wecom chat-archive SDK bridge not built: rebuild with CGO_ENABLED=1 and -tags wecomsdk")
