package chdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/ebitengine/purego"
)

// LibVersion is the chDB release whose libchdb.so this binding is written and tested
// against (npm package @chdb/lib-linux-x64-gnu).
const LibVersion = "26.7.3-stable.1"

// LibEnv names the environment variable that overrides the path of libchdb.so.
const LibEnv = "LINGTING_CHDB_LIB"

// LibPath returns where libchdb.so is loaded from: $LINGTING_CHDB_LIB if set, else
// <user cache dir>/lingting/chdb/<LibVersion>/libchdb.so.
func LibPath() string {
	if p := os.Getenv(LibEnv); p != "" {
		return p
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = filepath.Join(os.TempDir(), "cache")
	}
	return filepath.Join(dir, "lingting", "chdb", LibVersion, "libchdb.so")
}

// lib holds the C entry points of libchdb.so. Opaque handles (connections, results,
// insert streams) are uintptrs that Go never dereferences.
type lib struct {
	version             func() string
	setSignalHandlers   func(enabled int32)
	connect             func(argc int32, argv **byte) *uintptr
	closeConn           func(conn *uintptr)
	queryN              func(conn uintptr, q *byte, qlen uintptr, f *byte, flen uintptr) uintptr
	queryParamsN        func(conn uintptr, q *byte, qlen uintptr, f *byte, flen uintptr, names **byte, nameLens *uintptr, values **byte, valueLens *uintptr, n uintptr) uintptr
	streamQueryN        func(conn uintptr, q *byte, qlen uintptr, f *byte, flen uintptr) uintptr
	streamQueryParamsN  func(conn uintptr, q *byte, qlen uintptr, f *byte, flen uintptr, names **byte, nameLens *uintptr, values **byte, valueLens *uintptr, n uintptr) uintptr
	streamFetch         func(conn uintptr, res uintptr) uintptr
	streamCancel        func(conn uintptr, res uintptr)
	destroyResult       func(res uintptr)
	resultBuffer        func(res uintptr) *byte
	resultLength        func(res uintptr) uintptr
	resultError         func(res uintptr) string
	resultRowsRead      func(res uintptr) uint64
	resultBytesRead     func(res uintptr) uint64
	resultRowsWritten   func(res uintptr) uint64
	resultBytesWritten  func(res uintptr) uint64
	resultElapsed       func(res uintptr) float64
	streamInsertN       func(conn uintptr, q *byte, qlen uintptr, f *byte, flen uintptr) uintptr
	streamAppend        func(stream uintptr, data *byte, n uintptr) int32
	streamDone          func(stream uintptr) uintptr
	streamCancelInsert  func(stream uintptr)
	streamInsertError   func(stream uintptr) string
	destroyInsertStream func(stream uintptr)
	classifyQueryN      func(conn uintptr, q *byte, qlen uintptr, db *byte, dblen uintptr, out *queryAnalysis) int32
}

// queryAnalysis is chdb_query_analysis_v1.
type queryAnalysis struct {
	structSize     uint32
	statementCount uint32
	flags          uint32
	queryClass     uint32
}

// queryClassReadOnly is CHDB_QUERY_READ_ONLY: SELECT, SHOW, DESCRIBE, EXPLAIN, EXISTS, CHECK.
const queryClassReadOnly = 0

// The library is process-wide state by nature (one dlopen, one storage path per
// process), so its handle is loaded once per process and shared.
var (
	loadOnce   sync.Once
	loadedLib  *lib
	loadErr    error
	loadedPath string
)

// load opens libchdb.so once per process and resolves its entry points. Signal actions
// are saved before dlopen (static initialisers may install handlers) and restored by the
// caller after connecting.
func load() (*lib, error) {
	loadOnce.Do(func() {
		loadedPath = LibPath()
		loadedLib, loadErr = dlopen(loadedPath)
	})
	if loadErr != nil {
		return nil, loadErr
	}
	return loadedLib, nil
}

func dlopen(path string) (l *lib, err error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("loading chdb: %s not found: fetch it with `make chdb` "+
				"(deploy/chdb/fetch.sh, which runs npm pack @chdb/lib-linux-x64-gnu@%s) or set %s: %w",
				path, LibVersion, LibEnv, err)
		}
		return nil, fmt.Errorf("loading chdb: %w", err)
	}
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		return nil, fmt.Errorf("loading chdb from %s: %w", path, err)
	}
	defer func() {
		// RegisterLibFunc panics on a missing symbol: an incompatible library.
		if r := recover(); r != nil {
			l, err = nil, fmt.Errorf("loading chdb from %s (want version %s): %v", path, LibVersion, r)
		}
	}()
	l = &lib{}
	reg := func(fptr any, name string) { purego.RegisterLibFunc(fptr, h, name) }
	reg(&l.version, "chdb_version")
	reg(&l.setSignalHandlers, "chdb_set_signal_handlers_enabled")
	reg(&l.connect, "chdb_connect")
	reg(&l.closeConn, "chdb_close_conn")
	reg(&l.queryN, "chdb_query_n")
	reg(&l.queryParamsN, "chdb_query_with_params_n")
	reg(&l.streamQueryN, "chdb_stream_query_n")
	reg(&l.streamQueryParamsN, "chdb_stream_query_with_params_n")
	reg(&l.streamFetch, "chdb_stream_fetch_result")
	reg(&l.streamCancel, "chdb_stream_cancel_query")
	reg(&l.destroyResult, "chdb_destroy_query_result")
	reg(&l.resultBuffer, "chdb_result_buffer")
	reg(&l.resultLength, "chdb_result_length")
	reg(&l.resultError, "chdb_result_error")
	reg(&l.resultRowsRead, "chdb_result_rows_read")
	reg(&l.resultBytesRead, "chdb_result_bytes_read")
	reg(&l.resultRowsWritten, "chdb_result_rows_written")
	reg(&l.resultBytesWritten, "chdb_result_bytes_written")
	reg(&l.resultElapsed, "chdb_result_elapsed")
	reg(&l.streamInsertN, "chdb_stream_insert_n")
	reg(&l.streamAppend, "chdb_stream_append")
	reg(&l.streamDone, "chdb_stream_done")
	reg(&l.streamCancelInsert, "chdb_stream_cancel_insert")
	reg(&l.streamInsertError, "chdb_stream_insert_error")
	reg(&l.destroyInsertStream, "chdb_destroy_insert_stream")
	reg(&l.classifyQueryN, "chdb_classify_query_n")
	return l, nil
}
