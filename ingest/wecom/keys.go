package wecom

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// Keys holds the chat archive's RSA private keys by publickey_ver.
type Keys map[int]*rsa.PrivateKey

// LoadKeys reads each configured PEM file (PKCS#1 "RSA PRIVATE KEY" or PKCS#8
// "PRIVATE KEY"). Errors name the version, never the key.
func LoadKeys(cfgs []PrivateKeyConfig) (Keys, error) {
	keys := make(Keys, len(cfgs))
	for _, c := range cfgs {
		b, err := os.ReadFile(c.File)
		if err != nil {
			return nil, fmt.Errorf("reading private key version %d: %w", c.Version, err)
		}
		k, err := parseKey(b)
		if err != nil {
			return nil, fmt.Errorf("private key version %d: %w", c.Version, err)
		}
		keys[c.Version] = k
	}
	return keys, nil
}

func parseKey(b []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("neither PKCS#1 nor PKCS#8: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	return rk, nil
}

// ErrNoKey means a message was encrypted for a publickey_ver with no configured key.
var ErrNoKey = errors.New("no private key for this publickey_ver")

// Unwrap decrypts encrypt_random_key (base64, RSA PKCS#1 v1.5) with the key of version:
// the result is the key DecryptData takes.
func (k Keys) Unwrap(version int, encryptRandomKey string) (string, error) {
	key := k[version]
	if key == nil {
		return "", fmt.Errorf("publickey_ver %d: %w", version, ErrNoKey)
	}
	ct, err := base64.StdEncoding.DecodeString(encryptRandomKey)
	if err != nil {
		return "", fmt.Errorf("encrypt_random_key is not base64: %w", err)
	}
	pt, err := rsa.DecryptPKCS1v15(rand.Reader, key, ct)
	if err != nil {
		return "", fmt.Errorf("unwrapping encrypt_random_key (publickey_ver %d): %w", version, err)
	}
	return string(pt), nil
}
