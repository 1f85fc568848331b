package posnetv1

import (
	"strings"

	"github.com/sanalpos/vpos/internal/hashx"
)

// MAC is posnet.md §10's MAC: Base64(SHA-256(values concatenated without
// separator + encKey)).
func MAC(encKey string, values ...string) string {
	var b strings.Builder
	for _, v := range values {
		b.WriteString(v)
	}
	b.WriteString(encKey)
	return hashx.Base64(hashx.SHA256([]byte(b.String())))
}

// MACOf is the MAC over the fields a MACParams (or callback MacParams)
// list names, separated by ':', in the order named; get returns a field's
// value ("" when absent).
func MACOf(encKey, macParams string, get func(name string) string) string {
	return MAC(encKey, hashx.ConcatFields(macParams, ":", get))
}
