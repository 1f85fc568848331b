package posnetv1test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// MAC returns posnet.md §10's V1 MAC: Base64(SHA-256(the values joined
// with no separator, then encKey)). values are the values of the fields
// MACParams (or MacParams) names, in its order.
func MAC(encKey string, values ...string) string {
	h := sha256.New()
	for _, v := range values {
		h.Write([]byte(v))
	}
	h.Write([]byte(encKey))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// equalMAC compares two MACs in constant time.
func equalMAC(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }
