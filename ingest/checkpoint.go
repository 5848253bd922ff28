package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Checkpoints stores each source's cursor between runs.
type Checkpoints interface {
	// Load returns the cursor last saved under name, or "" when none was saved.
	Load(ctx context.Context, name string) (cursor string, err error)
	// Save durably records cursor under name: once Save returned nil, a later Load
	// (also after a crash) returns cursor or a cursor saved after it.
	Save(ctx context.Context, name, cursor string) error
}

// FileCheckpoints keeps one small file per source name in a directory. Each Save writes a
// temporary file, fsyncs it, renames it over the old one and fsyncs the directory, so a
// crash leaves either the old or the new cursor, never a torn one. Safe for concurrent use.
type FileCheckpoints struct {
	dir string
	mu  sync.Mutex // serialises writers; one process is expected to own dir
}

// NewFileCheckpoints returns checkpoints kept in dir, which it creates if needed.
func NewFileCheckpoints(dir string) (*FileCheckpoints, error) {
	if dir == "" {
		return nil, errors.New("creating checkpoint store: directory is empty")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating checkpoint directory: %w", err)
	}
	return &FileCheckpoints{dir: dir}, nil
}

// Load implements Checkpoints. A missing file is no checkpoint ("", nil).
func (c *FileCheckpoints) Load(_ context.Context, name string) (string, error) {
	b, err := os.ReadFile(c.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("loading checkpoint %q: %w", name, err)
	}
	return string(b), nil
}

// Save implements Checkpoints.
func (c *FileCheckpoints) Save(_ context.Context, name, cursor string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.write(c.path(name), cursor); err != nil {
		return fmt.Errorf("saving checkpoint %q: %w", name, err)
	}
	return nil
}

func (c *FileCheckpoints) write(path, cursor string) error {
	tmp, err := os.CreateTemp(c.dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(cursor); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(c.dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// path maps a source name to its file. Names made only of [A-Za-z0-9._-] (and not
// starting with a dot) are used as they are; any other name is sanitised and suffixed with
// a hash of the original, so two names never share a file.
func (c *FileCheckpoints) path(name string) string {
	return filepath.Join(c.dir, fileName(name)+".cursor")
}

func fileName(name string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
	if clean == name && name != "" && !strings.HasPrefix(name, ".") && len(name) <= 100 {
		return name
	}
	if len(clean) > 64 {
		clean = clean[:64]
	}
	sum := sha256.Sum256([]byte(name))
	return strings.TrimLeft(clean, ".") + "~" + hex.EncodeToString(sum[:6])
}

// MemoryCheckpoints keeps cursors in memory only: for tests, benchmarks and runs that
// start from the beginning every time. Safe for concurrent use. The zero value is ready.
type MemoryCheckpoints struct {
	mu sync.Mutex
	m  map[string]string
}

// Load implements Checkpoints.
func (c *MemoryCheckpoints) Load(_ context.Context, name string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[name], nil
}

// Save implements Checkpoints.
func (c *MemoryCheckpoints) Save(_ context.Context, name, cursor string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]string)
	}
	c.m[name] = cursor
	return nil
}
