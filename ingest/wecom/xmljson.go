package wecom

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// callbackEnvelope is the POST body of a callback: the encrypted message.
type callbackEnvelope struct {
	ToUserName string `xml:"ToUserName"`
	AgentID    string `xml:"AgentID"`
	Encrypt    string `xml:"Encrypt"`
}

// xmlToJSON turns a flat callback message (<xml><Name>value</Name>…</xml>) into a JSON
// object with the same field names; CreateTime becomes a number, every other value a
// string. Nested elements are flattened to their leaf names.
func xmlToJSON(b []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	fields := map[string]any{}
	var path []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decoding callback xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if len(path) > 1 {
				if s := strings.TrimSpace(text.String()); s != "" || fields[t.Name.Local] == nil {
					fields[t.Name.Local] = value(t.Name.Local, s)
				}
			}
			path = path[:len(path)-1]
			text.Reset()
		}
	}
	if len(fields) == 0 {
		return nil, errors.New("decoding callback xml: no fields")
	}
	return json.Marshal(fields)
}

func value(name, s string) any {
	if name == "CreateTime" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	return s
}
