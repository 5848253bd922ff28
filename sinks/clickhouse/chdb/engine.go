package chdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"unsafe"
)

// Engine is one open chDB connection to a data directory. Its methods are safe for
// concurrent use; the connection runs one statement at a time, so they wait for each
// other (a waiting call gives up when its context ends).
type Engine struct {
	lib  *lib
	conn *uintptr // chdb_connection*, as chdb_connect returned it
	dir  string
	// sem holds the connection: a one-slot semaphore rather than a mutex so that waiting
	// callers can give up on their context.
	sem    chan struct{}
	closed bool
	// baseline remembers the connection's own values of settings that WithSettings
	// changed, to put them back; guarded by sem.
	baseline map[string]string
}

// The process's one open engine (chDB allows a single storage path per process).
var (
	openMu sync.Mutex
	openDB *Engine
)

// Open loads libchdb.so (once per process, see LibPath), then connects to the data
// directory dataDir, creating it if needed. It fails with ErrAlreadyOpen while another
// Engine of the process is open; after that one's Close, any path may be opened again.
// Reopening a directory finds the data stored there. The caller closes the Engine.
func Open(dataDir string) (*Engine, error) {
	openMu.Lock()
	defer openMu.Unlock()
	if openDB != nil {
		return nil, fmt.Errorf("opening chdb at %s (open at %s): %w", dataDir, openDB.dir, ErrAlreadyOpen)
	}
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("opening chdb: resolving %s: %w", dataDir, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("opening chdb: creating data directory: %w", err)
	}
	l, conn, err := connect(dir)
	if err != nil {
		return nil, err
	}
	e := &Engine{lib: l, conn: conn, dir: dir, sem: make(chan struct{}, 1)}
	openDB = e
	return e, nil
}

// connect loads the library and connects with signal actions and the thread's signal
// mask saved before and restored after, so the engine cannot take Go's handlers.
func connect(dir string) (*lib, *uintptr, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	saved := saveSignals()
	defer restoreSignals(saved)

	l, err := load()
	if err != nil {
		return nil, nil, err
	}
	l.setSignalHandlers(0)
	args := []string{"clickhouse", "--path=" + dir}
	argv := make([]*byte, len(args))
	bufs := make([][]byte, len(args))
	for i, a := range args {
		bufs[i] = append([]byte(a), 0)
		argv[i] = &bufs[i][0]
	}
	var pin runtime.Pinner
	defer pin.Unpin()
	for _, b := range bufs {
		pin.Pin(&b[0])
	}
	conn := l.connect(int32(len(argv)), &argv[0])
	runtime.KeepAlive(bufs)
	if conn == nil || *conn == 0 {
		return nil, nil, fmt.Errorf("opening chdb at %s: connect failed (is another process using it?)", dir)
	}
	return l, conn, nil
}

// Dir returns the engine's absolute data directory.
func (e *Engine) Dir() string { return e.dir }

// Version returns the engine library's version, e.g. "26.7.2".
func (e *Engine) Version() string { return e.lib.version() }

// Close closes the connection, which shuts the engine down; it waits for a running
// statement to finish. Calling Close again returns nil.
func (e *Engine) Close() error {
	e.sem <- struct{}{}
	defer func() { <-e.sem }()
	if e.closed {
		return nil
	}
	e.closed = true
	e.lib.closeConn(e.conn)
	openMu.Lock()
	if openDB == e {
		openDB = nil
	}
	openMu.Unlock()
	return nil
}

// acquire takes the connection, or returns the context's error or ErrClosed.
func (e *Engine) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case e.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if e.closed {
		<-e.sem
		return ErrClosed
	}
	return nil
}

func (e *Engine) release() { <-e.sem }

// handle returns the connection handle (chdb_connection) to pass to the library.
func (e *Engine) handle() uintptr { return *e.conn }

// cbytes returns a pointer to s's bytes and its length for a call that takes explicit
// lengths; the caller keeps s alive across the call.
func cbytes(s string) (*byte, uintptr) {
	if len(s) == 0 {
		return new(byte), 0
	}
	return unsafe.StringData(s), uintptr(len(s))
}
