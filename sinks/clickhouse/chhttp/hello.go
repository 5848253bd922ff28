package chhttp

import (
	"encoding/binary"
	"net/http"
	"strings"
)

// helloQuery is the statement clickhouse-go/v2 opens every HTTP connection with.
const helloQuery = "select displayname(), version(), revision(), timezone()"

// Protocol revisions from which the Native block layout grows a block-info header and
// a per-column custom-serialization flag.
const (
	revisionBlockInfo           = 1
	revisionCustomSerialization = 54454
)

// isHello reports whether q is clickhouse-go's connection handshake query.
func isHello(q string) bool {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	return strings.TrimSuffix(q, ";") == helloQuery
}

// writeHello answers the handshake query with one Native block encoded at the client's
// revision, reporting revision 0 so that the client decodes every later block (which
// the engine writes in the revision-0 layout) as is.
func writeHello(w http.ResponseWriter, revision uint64, info *serverInfo) error {
	var b []byte
	if revision >= revisionBlockInfo {
		b = binary.AppendUvarint(b, 1) // field 1: is_overflows
		b = append(b, 0)
		b = binary.AppendUvarint(b, 2) // field 2: bucket_num
		b = binary.LittleEndian.AppendUint32(b, 0xFFFFFFFF)
		b = binary.AppendUvarint(b, 0) // end of block info
	}
	b = binary.AppendUvarint(b, 4) // columns
	b = binary.AppendUvarint(b, 1) // rows
	column := func(name, typ string, data []byte) {
		b = appendString(b, name)
		b = appendString(b, typ)
		if revision >= revisionCustomSerialization {
			b = append(b, 0)
		}
		b = append(b, data...)
	}
	column("displayName()", "String", appendString(nil, info.displayName))
	column("version()", "String", appendString(nil, info.version))
	column("revision()", "UInt32", binary.LittleEndian.AppendUint32(nil, 0))
	column("timezone()", "String", appendString(nil, info.timezone))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("X-ClickHouse-Format", "Native")
	_, err := w.Write(b)
	return err
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
