package replay

import (
	"bytes"
	"fmt"

	"github.com/lingting/lingting/event"
)

// decodeLine turns one line (without its line end) into a valid envelope.
func decodeLine(line []byte) (event.Raw, error) {
	raw, err := event.Decode[event.Raw](line)
	if err != nil {
		return event.Raw{}, err
	}
	if err := raw.Validate(); err != nil {
		return event.Raw{}, err
	}
	return raw, nil
}

// trimEOL drops a trailing "\n" or "\r\n".
func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}

// blank reports whether a line holds only white space; blank lines are skipped.
func blank(line []byte) bool {
	return len(bytes.TrimSpace(line)) == 0
}

// position is a decoded cursor.
type position struct {
	file int   // index into Config.Paths
	off  int64 // bytes of the (decompressed) file already consumed
}

func (p position) String() string { return fmt.Sprintf("%d:%d", p.file, p.off) }

// parseCursor reads "<file index>:<byte offset>"; "" is the start.
func parseCursor(cursor string, files int) (position, error) {
	if cursor == "" {
		return position{}, nil
	}
	var p position
	var rest string
	n, _ := fmt.Sscanf(cursor, "%d:%d%s", &p.file, &p.off, &rest)
	if n != 2 || p.String() != cursor {
		return position{}, fmt.Errorf("cursor %q is not <file index>:<byte offset>", cursor)
	}
	if p.file < 0 || p.off < 0 || p.file > files || (p.file == files && p.off != 0) {
		return position{}, fmt.Errorf("cursor %q is outside the %d configured file(s)", cursor, files)
	}
	return p, nil
}
