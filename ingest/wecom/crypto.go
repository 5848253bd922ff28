package wecom

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Errors of the callback crypto.
var (
	ErrSignature = errors.New("wecom callback: msg_signature does not match")
	ErrReceiveID = errors.New("wecom callback: receiveid is not this corp")
)

// pkcs7Block is the PKCS#7 block size WeCom pads to (32, not AES's 16).
const pkcs7Block = 32

// Crypto verifies and decrypts (and, for tests and replies, encrypts) WeCom callback
// messages: msg_signature = hex(sha1(sort(token, timestamp, nonce, encrypt) joined)),
// AES-256-CBC with the 32-byte key base64-decoded from EncodingAESKey and its first 16
// bytes as IV, PKCS#7 padding to 32 bytes, plaintext = 16 random bytes, a 4-byte
// big-endian length, the message, the receiveid (the corp id). Safe for concurrent use.
type Crypto struct {
	token     string
	key       []byte
	receiveID string
}

// NewCrypto checks encodingAESKey (43 characters of base64 without padding).
func NewCrypto(token, encodingAESKey, receiveID string) (*Crypto, error) {
	if token == "" || receiveID == "" {
		return nil, errors.New("wecom callback: token and corp id are required")
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(encodingAESKey) != 43 || len(key) != 32 {
		return nil, errors.New("wecom callback: encoding_aes_key must be 43 characters of base64")
	}
	return &Crypto{token: token, key: key, receiveID: receiveID}, nil
}

// Signature computes msg_signature.
func (c *Crypto) Signature(timestamp, nonce, encrypt string) string {
	parts := []string{c.token, timestamp, nonce, encrypt}
	slices.Sort(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// Verify checks msg_signature in constant time.
func (c *Crypto) Verify(signature, timestamp, nonce, encrypt string) bool {
	want := c.Signature(timestamp, nonce, encrypt)
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(signature))) == 1
}

// Open verifies the signature and decrypts encrypt, checking the receiveid. Errors wrap
// ErrSignature or ErrReceiveID, or say what is malformed.
func (c *Crypto) Open(signature, timestamp, nonce, encrypt string) ([]byte, error) {
	if !c.Verify(signature, timestamp, nonce, encrypt) {
		return nil, ErrSignature
	}
	return c.decrypt(encrypt)
}

func (c *Crypto) decrypt(encrypt string) ([]byte, error) {
	ct, err := base64.StdEncoding.DecodeString(encrypt)
	if err != nil || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, errors.New("wecom callback: encrypt is not base64 of whole AES blocks")
	}
	block, _ := aes.NewCipher(c.key) // a 32-byte key never fails
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, c.key[:aes.BlockSize]).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad < 1 || pad > pkcs7Block || pad > len(pt) || !bytes.Equal(pt[len(pt)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, errors.New("wecom callback: bad PKCS#7 padding")
	}
	pt = pt[:len(pt)-pad]
	if len(pt) < 20 {
		return nil, errors.New("wecom callback: plaintext too short")
	}
	n := binary.BigEndian.Uint32(pt[16:20])
	if uint64(n) > uint64(len(pt)-20) {
		return nil, fmt.Errorf("wecom callback: message length %d exceeds the plaintext", n)
	}
	msg, rid := pt[20:20+n], pt[20+n:]
	if subtle.ConstantTimeCompare(rid, []byte(c.receiveID)) != 1 {
		return nil, ErrReceiveID
	}
	return msg, nil
}

// Seal encrypts msg as WeCom does and returns encrypt and its signature.
func (c *Crypto) Seal(msg []byte, timestamp, nonce string) (encrypt, signature string) {
	pt := make([]byte, 20, 20+len(msg)+len(c.receiveID)+pkcs7Block)
	rand.Read(pt[:16])
	binary.BigEndian.PutUint32(pt[16:20], uint32(len(msg)))
	pt = append(append(pt, msg...), c.receiveID...)
	pad := pkcs7Block - len(pt)%pkcs7Block
	pt = append(pt, bytes.Repeat([]byte{byte(pad)}, pad)...)
	block, _ := aes.NewCipher(c.key)
	cipher.NewCBCEncrypter(block, c.key[:aes.BlockSize]).CryptBlocks(pt, pt)
	encrypt = base64.StdEncoding.EncodeToString(pt)
	return encrypt, c.Signature(timestamp, nonce, encrypt)
}
