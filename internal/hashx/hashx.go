package hashx

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// SHA1 returns the SHA-1 digest of b. Several bank protocols (NestPay legacy,
// PayFor, InterPOS, Kuveyt Türk, Param, Garanti legacy) still require it.
func SHA1(b []byte) []byte {
	sum := sha1.Sum(b)
	return sum[:]
}

// SHA256 returns the SHA-256 digest of b.
func SHA256(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

// SHA512 returns the SHA-512 digest of b.
func SHA512(b []byte) []byte {
	sum := sha512.Sum512(b)
	return sum[:]
}

// HMACSHA256 returns the HMAC-SHA256 of msg under key.
func HMACSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// HMACSHA512 returns the HMAC-SHA512 of msg under key.
func HMACSHA512(key, msg []byte) []byte {
	m := hmac.New(sha512.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// Base64 returns b in standard Base64 with padding (RFC 4648 §4), the form
// every bank protocol uses for raw digests.
func Base64(b []byte) string {
	return base64.StdEncoding.EncodeToString(b)
}

// HexUpper returns b as upper-case hexadecimal (Garanti's HashData and
// secure3dhash).
func HexUpper(b []byte) string {
	return strings.ToUpper(hex.EncodeToString(b))
}

// HexLower returns b as lower-case hexadecimal.
func HexLower(b []byte) string {
	return hex.EncodeToString(b)
}

// Equal reports whether a and b are the same string, in time that depends
// only on their lengths, not on where they differ. Use it for every comparison
// of a received signature with an expected one. It is byte-exact: callers
// normalise case (for hex) before comparing when a protocol allows it.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// ISO88599 returns the ISO-8859-9 (Turkish Latin-5) bytes of s. It fails,
// naming the character, when s holds a rune that Latin-5 cannot represent or
// is not valid UTF-8: a hash over substituted bytes would only be rejected by
// the bank later, with no hint why.
func ISO88599(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return nil, fmt.Errorf("hashx: invalid UTF-8 at byte %d", i)
			}
		}
		b, ok := charmap.ISO8859_9.EncodeRune(r)
		if !ok {
			return nil, fmt.Errorf("hashx: character %q (U+%04X) at byte %d has no ISO-8859-9 encoding", r, r, i)
		}
		out = append(out, b)
	}
	return out, nil
}

// ConcatFields concatenates, without a separator, the values of the fields
// named in names, in the order named. names is a list separated by sep, as
// banks send it in callbacks: NestPay legacy / Garanti / InterPOS
// "HASHPARAMS" and POSNET V1 "MacParams" use ":", Akbank "hashParams" uses
// "+", Tosla "HashParameters" uses ",". Empty names (the trailing ":" of a
// HASHPARAMS list) are skipped. get returns a field's value ("" when it is
// missing); pass url.Values.Get, or a closure that also supplies fields the
// bank names but does not post (Tosla's ApiUser).
func ConcatFields(names, sep string, get func(name string) string) string {
	var b strings.Builder
	for name := range strings.SplitSeq(names, sep) {
		if name == "" {
			continue
		}
		b.WriteString(get(name))
	}
	return b.String()
}
