package wecom

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

// The sample of WeCom's callback documentation and its official WXBizMsgCrypt libraries.
const (
	sampleToken  = "QDG6eK"
	sampleCorpID = "wx5823bf96d3bd56c7"
	sampleAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	sampleEcho   = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	samplePost   = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`
)

func sampleCrypto(t testing.TB) *Crypto {
	c, err := NewCrypto(sampleToken, sampleAESKey, sampleCorpID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCryptoKnownAnswers replays the documented sample: the URL check and a message.
func TestCryptoKnownAnswers(t *testing.T) {
	c := sampleCrypto(t)
	echo, err := c.Open("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", sampleEcho)
	if err != nil || string(echo) != "1616140317555161061" {
		t.Fatalf("echostr = %q, %v", echo, err)
	}
	var env callbackEnvelope
	if err := xml.Unmarshal([]byte(samplePost), &env); err != nil {
		t.Fatal(err)
	}
	msg, err := c.Open("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", env.Encrypt)
	if err != nil || !strings.Contains(string(msg), "<Content><![CDATA[hello]]></Content>") {
		t.Fatalf("message = %q, %v", msg, err)
	}
}

func TestCryptoRejects(t *testing.T) {
	c := sampleCrypto(t)
	enc, sig := c.Seal([]byte("<xml><A>1</A></xml>"), "1", "2")
	other, _ := NewCrypto(sampleToken, sampleAESKey, "ww-other-corp")
	otherToken, _ := NewCrypto("other", sampleAESKey, sampleCorpID)
	tampered := "A" + enc[1:] // Seal's random prefix makes enc differ per run: change its first byte
	if enc[0] == 'A' {
		tampered = "B" + enc[1:]
	}
	tests := []struct {
		name    string
		c       *Crypto
		sig     string
		enc     string
		wantErr error  // errors.Is target, or nil with wantMsg
		wantMsg string // substring
	}{
		{name: "round trip", c: c, sig: sig, enc: enc},
		{name: "wrong token", c: otherToken, sig: sig, enc: enc, wantErr: ErrSignature},
		{name: "tampered", c: c, sig: sig, enc: tampered, wantErr: ErrSignature},
		{name: "other corp", c: other, sig: sig, enc: enc, wantErr: ErrReceiveID},
		{name: "not base64", c: c, sig: c.Signature("1", "2", "!!"), enc: "!!", wantMsg: "base64"},
		{name: "bad padding", c: c, sig: c.Signature("1", "2", "AAAAAAAAAAAAAAAAAAAAAA=="), enc: "AAAAAAAAAAAAAAAAAAAAAA==", wantMsg: "padding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := tt.c.Open(tt.sig, "1", "2", tt.enc)
			switch {
			case tt.wantErr == nil && tt.wantMsg == "":
				if err != nil || string(msg) != "<xml><A>1</A></xml>" {
					t.Fatalf("Open = %q, %v", msg, err)
				}
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Open error %v, want %v", err, tt.wantErr)
			case tt.wantMsg != "" && (err == nil || !strings.Contains(err.Error(), tt.wantMsg)):
				t.Fatalf("Open error %v, want %q", err, tt.wantMsg)
			}
		})
	}
	if _, err := NewCrypto("t", "short", "c"); err == nil {
		t.Error("a short EncodingAESKey was accepted")
	}
}

func FuzzCryptoOpen(f *testing.F) {
	c := sampleCrypto(f)
	enc, sig := c.Seal([]byte("<xml/>"), "1", "2")
	f.Add(sig, enc, []byte("msg"))
	f.Add("", sampleEcho, []byte(""))
	f.Fuzz(func(t *testing.T, sig, enc string, msg []byte) {
		c.Open(sig, "1", "2", enc)         // never panics
		c.decrypt(enc)                     // nor does decryption of any input
		e, s := c.Seal(msg, "ts", "nonce") // and sealing round-trips
		got, err := c.Open(s, "ts", "nonce", e)
		if err != nil || string(got) != string(msg) {
			t.Fatalf("round trip: %q, %v", got, err)
		}
	})
}

func FuzzXMLToJSON(f *testing.F) {
	f.Add([]byte("<xml><CreateTime>1</CreateTime><Event><![CDATA[x]]></Event></xml>"))
	f.Add([]byte("<xml><A><B>1</B></A></xml>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		xmlToJSON(b)
	})
}
