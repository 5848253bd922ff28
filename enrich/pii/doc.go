// Package pii finds personal data in Chinese social text (mainland mobile numbers,
// 18-digit resident ID numbers with a valid checksum, bank card numbers passing the Luhn
// check, e-mail addresses and WeChat IDs where the text labels them), replaces each with
// a typed placeholder and keeps a keyed hash of it for identity matching.
package pii
