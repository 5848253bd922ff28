//go:build !(wecomsdk && cgo)

package sdkbridge

import (
	"context"
	"time"
)

// Config says which library to load and how to initialise it.
type Config struct {
	LibraryPath   string
	CorpID        string
	Secret        string
	Proxy         string
	ProxyPassword string
	Timeout       time.Duration
}

// SDK is unavailable in this build.
type SDK struct{}

// Open always fails in a build without -tags wecomsdk.
func Open(Config) (*SDK, error) { return nil, ErrNotBuilt }

// GetChatData is unavailable in this build.
func (*SDK) GetChatData(context.Context, uint64, int) ([]byte, error) { return nil, ErrNotBuilt }

// DecryptData is unavailable in this build.
func (*SDK) DecryptData(string, string) ([]byte, error) { return nil, ErrNotBuilt }

// Close does nothing.
func (*SDK) Close() error { return nil }
