package douyin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SpoolRecord is one accepted webhook delivery as the spool keeps it.
type SpoolRecord struct {
	MsgID string    `json:"msg_id"`
	At    time.Time `json:"at"`   // when it was received
	Body  []byte    `json:"body"` // the raw request body, exactly as signed
}

// Spool is the durable hand-off between the webhook handler and the collector: an
// append-only log of JSON lines in numbered segment files. Append returns only after the
// record was written and fsynced, so a webhook acknowledged with 200 survives a crash.
// Append also de-duplicates by Msg-Id over a window of recent ids (those still on disk
// and the last DedupWindow appended). The reader side (Read, Release) is used by one
// SpoolSource. Safe for concurrent use; one process owns dir.
type Spool struct {
	dir     string
	maxSize int64

	mu   sync.Mutex
	f    *os.File
	seg  int64 // segment being written
	size int64
	seen *recentSet
}

// Spool defaults.
const (
	DefaultSegmentBytes = 64 << 20
	DefaultDedupWindow  = 100_000
)

// OpenSpool opens (creating it if needed) the spool in dir. A torn last line left by a
// crash during an append (never acknowledged) is cut off. segmentBytes ≤ 0 and window ≤
// 0 take the defaults.
func OpenSpool(dir string, segmentBytes int64, window int) (*Spool, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating spool directory: %w", err)
	}
	if segmentBytes <= 0 {
		segmentBytes = DefaultSegmentBytes
	}
	if window <= 0 {
		window = DefaultDedupWindow
	}
	s := &Spool{dir: dir, maxSize: segmentBytes, seen: newRecentSet(window)}
	segs, err := s.segments()
	if err != nil {
		return nil, err
	}
	for _, seg := range segs {
		if err := s.remember(seg); err != nil {
			return nil, err
		}
	}
	s.seg = 1
	if len(segs) > 0 {
		s.seg = segs[len(segs)-1]
	}
	if err := s.openSegment(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Spool) path(seg int64) string {
	return filepath.Join(s.dir, fmt.Sprintf("%016d.jsonl", seg))
}

// segments lists the segment numbers on disk, in order.
func (s *Spool) segments() ([]int64, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("listing spool: %w", err)
	}
	var segs []int64
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".jsonl")
		if n, err := strconv.ParseInt(name, 10, 64); ok && err == nil && n > 0 {
			segs = append(segs, n)
		}
	}
	slices.Sort(segs)
	return segs, nil
}

// remember adds the ids of a segment to the de-duplication set.
func (s *Spool) remember(seg int64) error {
	f, err := os.Open(s.path(seg))
	if err != nil {
		return fmt.Errorf("opening spool segment: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r struct {
			MsgID string `json:"msg_id"`
		}
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.MsgID != "" {
			s.seen.add(r.MsgID)
		}
	}
	return nil // a torn or oversized line is handled when the segment is read
}

// openSegment opens s.seg for appending, cutting a torn last line.
func (s *Spool) openSegment() error {
	f, err := os.OpenFile(s.path(s.seg), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening spool segment: %w", err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return fmt.Errorf("reading spool segment: %w", err)
	}
	size := int64(bytes.LastIndexByte(b, '\n') + 1)
	if err := f.Truncate(size); err != nil {
		f.Close()
		return fmt.Errorf("cutting torn spool line: %w", err)
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		f.Close()
		return fmt.Errorf("seeking spool segment: %w", err)
	}
	s.f, s.size = f, size
	return syncDir(s.dir)
}

// Append writes rec durably unless its MsgID was seen recently (dup true, nothing
// written). An error means nothing is acknowledged: the caller answers 5xx and Douyin
// delivers again.
func (s *Spool) Append(rec SpoolRecord) (dup bool, err error) {
	line, err := json.Marshal(rec)
	if err != nil {
		return false, fmt.Errorf("encoding spool record: %w", err)
	}
	line = append(line, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return false, errors.New("appending to spool: closed")
	}
	if rec.MsgID != "" && s.seen.has(rec.MsgID) {
		return true, nil
	}
	if s.size > 0 && s.size+int64(len(line)) > s.maxSize {
		if err := s.rotate(); err != nil {
			return false, err
		}
	}
	if _, err := s.f.Write(line); err != nil {
		s.f.Truncate(s.size) // best effort: drop a partial line
		return false, fmt.Errorf("appending to spool: %w", err)
	}
	if err := s.f.Sync(); err != nil {
		return false, fmt.Errorf("syncing spool: %w", err)
	}
	s.size += int64(len(line))
	if rec.MsgID != "" {
		s.seen.add(rec.MsgID)
	}
	return false, nil
}

func (s *Spool) rotate() error {
	if err := s.f.Close(); err != nil {
		return fmt.Errorf("closing spool segment: %w", err)
	}
	s.seg++
	return s.openSegment()
}

// Close closes the segment being written. Append fails afterwards.
func (s *Spool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// spoolPos is a reading position: segment and byte offset.
type spoolPos struct {
	Seg, Off int64
}

func (p spoolPos) String() string {
	return strconv.FormatInt(p.Seg, 10) + ":" + strconv.FormatInt(p.Off, 10)
}

func parsePos(s string) (spoolPos, error) {
	if s == "" {
		return spoolPos{}, nil
	}
	a, b, ok := strings.Cut(s, ":")
	seg, err1 := strconv.ParseInt(a, 10, 64)
	off, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || seg < 0 || off < 0 {
		return spoolPos{}, fmt.Errorf("spool cursor %q is not SEGMENT:OFFSET", s)
	}
	return spoolPos{seg, off}, nil
}

// read returns up to max complete lines after p and the position after them. At the end
// of a segment that is no longer written, it moves on to the next segment on disk.
func (s *Spool) read(p spoolPos, max int) ([][]byte, spoolPos, error) {
	if p.Seg == 0 {
		segs, err := s.segments()
		if err != nil || len(segs) == 0 {
			return nil, p, err
		}
		p = spoolPos{Seg: segs[0]}
	}
	for {
		s.mu.Lock()
		writing := s.seg // observed before reading: a segment below it was sealed before the read
		s.mu.Unlock()
		lines, next, err := s.readSegment(p, max)
		if err != nil || len(lines) > 0 {
			return lines, next, err
		}
		if p.Seg >= writing { // may still grow
			return nil, p, nil
		}
		segs, err := s.segments()
		if err != nil {
			return nil, p, err
		}
		i, _ := slices.BinarySearch(segs, p.Seg+1)
		if i == len(segs) {
			return nil, p, nil
		}
		p = spoolPos{Seg: segs[i]}
	}
}

func (s *Spool) readSegment(p spoolPos, max int) ([][]byte, spoolPos, error) {
	f, err := os.Open(s.path(p.Seg))
	if errors.Is(err, os.ErrNotExist) {
		return nil, p, nil
	}
	if err != nil {
		return nil, p, fmt.Errorf("opening spool segment: %w", err)
	}
	defer f.Close()
	if _, err := f.Seek(p.Off, io.SeekStart); err != nil {
		return nil, p, fmt.Errorf("seeking spool segment: %w", err)
	}
	r := bufio.NewReader(f)
	var lines [][]byte
	for len(lines) < max {
		line, err := r.ReadBytes('\n')
		if err != nil { // EOF, or a line still being written
			break
		}
		p.Off += int64(len(line))
		lines = append(lines, line[:len(line)-1])
	}
	return lines, p, nil
}

// release deletes the segments before seg: the checkpoint is past them.
func (s *Spool) release(seg int64) error {
	segs, err := s.segments()
	if err != nil {
		return err
	}
	for _, n := range segs {
		if n >= seg {
			break
		}
		if err := os.Remove(s.path(n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing released spool segment: %w", err)
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// recentSet remembers the last n ids added.
type recentSet struct {
	ids  map[string]struct{}
	ring []string
	next int
}

func newRecentSet(n int) *recentSet {
	return &recentSet{ids: make(map[string]struct{}, min(n, 4096)), ring: make([]string, n)}
}

func (r *recentSet) has(id string) bool { _, ok := r.ids[id]; return ok }

func (r *recentSet) add(id string) {
	if r.has(id) {
		return
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.ids, old)
	}
	r.ring[r.next] = id
	r.ids[id] = struct{}{}
	r.next = (r.next + 1) % len(r.ring)
}

// SpoolLine is one line read from a Spool: the record, or the error decoding it with the
// line's bytes.
type SpoolLine struct {
	Record SpoolRecord
	Raw    []byte // the line as stored
	Err    error  // decoding failed; Raw holds the bytes
}

// ReadFrom returns up to max records after cursor ("" is the spool's start; otherwise a
// next this method returned) and the cursor after them (cursor itself when there is
// nothing new). Lines are complete: a record being appended is never returned half.
// Segments before cursor's are deleted first: the caller passes a cursor only once
// everything before it is acknowledged (the ingest.Runner's contract). It is what
// SpoolSource uses, exported for other pushed-event collectors.
func (s *Spool) ReadFrom(cursor string, max int) ([]SpoolLine, string, error) {
	pos, err := parsePos(cursor)
	if err != nil {
		return nil, cursor, err
	}
	if pos.Seg > 0 {
		if err := s.release(pos.Seg); err != nil {
			return nil, cursor, err
		}
	}
	lines, next, err := s.read(pos, max)
	if err != nil || len(lines) == 0 {
		return nil, cursor, err
	}
	out := make([]SpoolLine, len(lines))
	for i, l := range lines {
		out[i].Raw = append([]byte(nil), l...)
		out[i].Err = json.Unmarshal(l, &out[i].Record)
	}
	return out, next.String(), nil
}
