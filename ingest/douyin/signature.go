package douyin

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// Sign is the webhook signature Douyin sends in X-Douyin-Signature: the lower-case hex
// SHA-1 of the app's client_secret followed by the raw request body.
func Sign(clientSecret string, body []byte) string {
	h := sha1.New()
	h.Write([]byte(clientSecret))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// VerifySignature reports whether sig is Sign(clientSecret, body), comparing in constant
// time (hex case ignored). An empty secret or signature never verifies.
func VerifySignature(clientSecret string, body []byte, sig string) bool {
	if clientSecret == "" || len(sig) != sha1.Size*2 {
		return false
	}
	want := Sign(clientSecret, body)
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(sig))) == 1
}
