package alert

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Outbox is a durable queue of alert versions per notifier: a spool directory with one
// file per notifier and alert version, written and synced before Put returns, removed
// only after the notifier accepted it. What is in it survives a crash or a notifier
// outage and is sent on the next start. Safe for concurrent use.
type Outbox struct {
	dir       string
	notifiers []string

	mu   sync.Mutex
	seq  int64
	wake map[string]chan struct{}
}

// OpenOutbox opens (creating) the spool directory dir for the named notifiers.
func OpenOutbox(dir string, notifiers []string) (*Outbox, error) {
	o := &Outbox{dir: dir, notifiers: notifiers, seq: time.Now().UnixNano(), wake: map[string]chan struct{}{}}
	for _, n := range notifiers {
		if err := os.MkdirAll(filepath.Join(dir, n, "failed"), 0o750); err != nil {
			return nil, fmt.Errorf("creating the alert outbox: %w", err)
		}
		o.wake[n] = make(chan struct{}, 1)
	}
	return o, nil
}

// Put queues alerts for every notifier. A nil error means every file is on disk.
func (o *Outbox) Put(alerts []Alert) error {
	for _, a := range alerts {
		b, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("queueing alert %s: %w", a.ID, err)
		}
		o.mu.Lock()
		o.seq++
		name := fmt.Sprintf("%020d-%s-%04d.json", o.seq, a.ID, a.Version)
		o.mu.Unlock()
		for _, n := range o.notifiers {
			if err := writeSynced(filepath.Join(o.dir, n), name, b); err != nil {
				return fmt.Errorf("queueing alert %s for %s: %w", a.ID, n, err)
			}
		}
	}
	for _, n := range o.notifiers {
		select {
		case o.wake[n] <- struct{}{}:
		default:
		}
	}
	return nil
}

// writeSynced writes name in dir atomically (temporary file, sync, rename, sync dir).
func writeSynced(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// queued is one outbox file.
type queued struct {
	name  string
	alert Alert
}

// pending returns notifier's queued alerts, oldest first. Unreadable files are moved to
// failed/ and reported in the error after the readable ones.
func (o *Outbox) pending(notifier string) ([]queued, error) {
	dir := filepath.Join(o.dir, notifier)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the alert outbox: %w", err)
	}
	var out []queued
	var errs []error
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		var a Alert
		if err == nil {
			err = json.Unmarshal(b, &a)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("outbox file %s: %w", e.Name(), err))
			o.fail(notifier, e.Name())
			continue
		}
		out = append(out, queued{e.Name(), a})
	}
	slices.SortFunc(out, func(a, b queued) int { return strings.Compare(a.name, b.name) })
	return out, errors.Join(errs...)
}

// done removes delivered files.
func (o *Outbox) done(notifier string, qs []queued) error {
	var errs []error
	for _, q := range qs {
		if err := os.Remove(filepath.Join(o.dir, notifier, q.name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// fail moves a file the notifier can never accept to failed/, kept for an operator.
func (o *Outbox) fail(notifier, name string) {
	os.Rename(filepath.Join(o.dir, notifier, name), filepath.Join(o.dir, notifier, "failed", name))
}
