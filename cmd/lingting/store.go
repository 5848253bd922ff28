package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chdb"
	"github.com/lingting/lingting/sinks/clickhouse/chhttp"
)

// store is where this process writes: the embedded engine served on a loopback HTTP
// endpoint, or an external ClickHouse. conn reaches either through clickhouse-go/v2.
type store struct {
	conn   driver.Conn
	engine *chdb.Engine // nil with an external ClickHouse
	server *http.Server // the embedded engine's HTTP endpoint
	addr   string       // where server listens
	lock   *os.File     // the data directory's lock, held while the engine is open
}

// openStore opens the embedded engine in dataDir (served on listen) or dials ext, and
// migrates the schema. The caller closes the store.
func openStore(ctx context.Context, dataDir, listen string, ext *clickhouse.ConnConfig, log *slog.Logger) (*store, error) {
	s := &store{}
	cfg := clickhouse.ConnConfig{}
	if ext != nil {
		cfg = *ext
	} else {
		if err := s.openEmbedded(dataDir, listen, log); err != nil {
			return nil, err
		}
		cfg.Addr = []string{s.addr}
	}
	conn, err := clickhouse.Dial(ctx, cfg)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.conn = conn
	applied, err := clickhouse.Migrate(ctx, conn, log)
	if err != nil {
		s.Close()
		return nil, err
	}
	if s.engine != nil {
		// Announced only now, so that whoever reads it finds the schema in place.
		if err := os.WriteFile(filepath.Join(dataDir, addrFile), []byte(s.addr), 0o640); err != nil {
			s.Close()
			return nil, fmt.Errorf("announcing the endpoint: %w", err)
		}
	}
	log.Info("clickhouse ready", "endpoint", cfg.Addr, "migrations_applied", applied)
	return s, nil
}

// openEmbedded locks dataDir, opens the engine in it and serves it on listen.
func (s *store) openEmbedded(dataDir, listen string, log *slog.Logger) error {
	lock, err := lockDataDir(dataDir)
	if err != nil {
		return err
	}
	s.lock = lock
	// A killed process leaves its address behind: drop it until this one is ready.
	os.Remove(filepath.Join(dataDir, addrFile))
	e, err := chdb.Open(filepath.Join(dataDir, "clickhouse"))
	if err != nil {
		s.Close()
		return fmt.Errorf("opening the embedded store: %w", err)
	}
	s.engine = e
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		s.Close()
		return fmt.Errorf("listening for the clickhouse http interface: %w", err)
	}
	s.addr = ln.Addr().String()
	s.server = &http.Server{Handler: chhttp.NewHandler(e, log), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("clickhouse http interface stopped", "err", err)
		}
	}()
	return nil
}

// Close stops the HTTP endpoint, then closes the connection and the engine, and releases
// the data directory.
func (s *store) Close() error {
	var errs []error
	if s.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		errs = append(errs, s.server.Shutdown(ctx))
		cancel()
	}
	if s.conn != nil {
		errs = append(errs, s.conn.Close())
	}
	if s.engine != nil {
		errs = append(errs, s.engine.Close())
	}
	if s.lock != nil {
		os.Remove(filepath.Join(filepath.Dir(s.lock.Name()), addrFile))
		errs = append(errs, s.lock.Close())
	}
	return errors.Join(errs...)
}

const (
	lockFile = "lingting.lock"
	addrFile = "clickhouse.addr" // the running process's HTTP endpoint, for `lingting sql`
)

// ErrDataDirBusy means another lingting process has the data directory open.
var ErrDataDirBusy = errors.New("data directory is in use by another lingting process")

// lockDataDir takes an exclusive, non-blocking lock on dataDir; the kernel releases it
// when the process dies, so a killed process never leaves a stale lock.
func lockDataDir(dataDir string) (*os.File, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dataDir, lockFile), os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("opening data directory lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", dataDir, ErrDataDirBusy)
		}
		return nil, fmt.Errorf("locking data directory: %w", err)
	}
	return f, nil
}
