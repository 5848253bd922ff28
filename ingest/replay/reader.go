package replay

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// errBeyondEnd means a cursor points past the end of its file: the file changed since the
// cursor was saved.
var errBeyondEnd = errors.New("offset is beyond the end of the file")

// reader reads the lines of one file from a position on.
type reader struct {
	pos  position // where the next line starts
	f    *os.File
	gz   *gzip.Reader // nil for plain files
	br   *bufio.Reader
	done bool // the last line was read
}

// openAt opens path and moves to pos.off.
func openAt(path string, pos position) (*reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r := &reader{pos: pos, f: f}
	if err := r.seek(path); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

func (r *reader) seek(path string) error {
	var src io.Reader = r.f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(r.f)
		if errors.Is(err, io.EOF) { // an empty file: no lines
			r.done = true
			return r.checkEmptyOffset()
		}
		if err != nil {
			return fmt.Errorf("reading gzip header: %w", err)
		}
		r.gz, src = gz, gz
	}
	r.br = bufio.NewReaderSize(src, 64<<10)
	if r.gz == nil {
		st, err := r.f.Stat()
		if err != nil {
			return err
		}
		if r.pos.off > st.Size() {
			return errBeyondEnd
		}
		if _, err := r.f.Seek(r.pos.off, io.SeekStart); err != nil {
			return err
		}
		return nil
	}
	n, err := io.CopyN(io.Discard, r.br, r.pos.off)
	if n < r.pos.off && (err == nil || errors.Is(err, io.EOF)) {
		return errBeyondEnd
	}
	return err
}

func (r *reader) checkEmptyOffset() error {
	if r.pos.off != 0 {
		return errBeyondEnd
	}
	return nil
}

// line is one line read: its bytes without the line end, and whether it was cut.
type line struct {
	at      int64 // offset of its first byte
	data    []byte
	tooLong bool
}

// next reads the following line, keeping at most max bytes of it. It returns io.EOF at
// the end of the file. Other errors leave the reader unusable.
func (r *reader) next(max int) (line, error) {
	if r.done {
		return line{}, io.EOF
	}
	l := line{at: r.pos.off}
	var n int64
	for {
		frag, err := r.br.ReadSlice('\n')
		n += int64(len(frag))
		if keep := max + 2 - len(l.data); keep > 0 { // room for the content plus "\r\n"
			l.data = append(l.data, frag[:min(keep, len(frag))]...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			r.done = true
			if n == 0 {
				return line{}, io.EOF
			}
		case err != nil:
			return line{}, err
		}
		r.pos.off += n
		l.data = trimEOL(l.data)
		if len(l.data) > max {
			l.data, l.tooLong = l.data[:max], true
		}
		return l, nil
	}
}

func (r *reader) close() error {
	if r.gz != nil {
		r.gz.Close()
	}
	return r.f.Close()
}
