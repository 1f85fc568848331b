package nestpaytest

// The bank's side of the NestPay 3-D Secure hashes (nestpay.md §7), written
// from the protocol reference. The adapter has its own code; the two must
// agree only through the wire.

import (
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
)

// HashVer3 computes the NestPay "ver3" hash of fields with storeKey
// (nestpay.md §7.1): every field except hash and encoding (names compared
// case-insensitively) is taken, sorted by name in natural case-insensitive
// order (PHP natcasesort, as Payten's sample does), the values are listed in
// that order with the store key appended, each element is escaped (first
// `\` becomes `\\`, then `|` becomes `\|`), the elements are joined with
// `|`, and the result is Base64(SHA-512(UTF-8 bytes)). Empty values count as
// empty elements. A field with several values contributes its last one, as
// PHP's $_POST would.
func HashVer3(fields url.Values, storeKey string) string {
	sum := sha512.Sum512([]byte(Ver3Plaintext(fields, storeKey)))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Ver3Plaintext returns the string HashVer3 digests: the escaped values of
// fields (all but hash and encoding) in natural case-insensitive name order,
// then the escaped store key, joined with `|`.
func Ver3Plaintext(fields url.Values, storeKey string) string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		if excludedFromVer3(name) {
			continue
		}
		names = append(names, name)
	}
	sort.SliceStable(names, func(i, j int) bool {
		if c := natCaseCompare(names[i], names[j]); c != 0 {
			return c < 0
		}
		return names[i] < names[j]
	})
	parts := make([]string, 0, len(names)+1)
	for _, name := range names {
		vs := fields[name]
		v := ""
		if len(vs) > 0 {
			v = vs[len(vs)-1]
		}
		parts = append(parts, escapeVer3(v))
	}
	parts = append(parts, escapeVer3(storeKey))
	return strings.Join(parts, "|")
}

// excludedFromVer3 reports whether a field is left out of a ver3 hash.
func excludedFromVer3(name string) bool {
	return strings.EqualFold(name, "hash") || strings.EqualFold(name, "encoding")
}

// escapeVer3 escapes one hash element: `\` first, then `|`.
func escapeVer3(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return strings.ReplaceAll(s, `|`, `\|`)
}

// natCaseCompare compares a and b the way PHP's strnatcasecmp does for
// field names: case-insensitively, with runs of digits compared by their
// numeric value ("f2" < "f10").
func natCaseCompare(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si := i
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			sj := j
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na := strings.TrimLeft(a[si:i], "0")
			nb := strings.TrimLeft(b[sj:j], "0")
			if len(na) != len(nb) {
				if len(na) < len(nb) {
					return -1
				}
				return 1
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
		i++
		j++
	}
	switch {
	case len(a)-i < len(b)-j:
		return -1
	case len(a)-i > len(b)-j:
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// HashLegacyRequest computes the legacy SHA-1 request hash of the 3D gate
// form (nestpay.md §7.2): Base64(SHA1(clientid + oid + amount + okUrl +
// failUrl + islemtipi + taksit + rnd + storeKey)), plain concatenation.
func HashLegacyRequest(clientID, oid, amount, okURL, failURL, islemtipi, taksit, rnd, storeKey string) string {
	return sha1Base64(clientID + oid + amount + okURL + failURL + islemtipi + taksit + rnd + storeKey)
}

// HashLegacyCallback computes the legacy SHA-1 hash of a callback
// (nestpay.md §7.2): the values of the fields named in hashParams (names
// separated by ':'; a missing field counts as empty) concatenated, then the
// store key, Base64(SHA1(...)). It returns the hash and the concatenation
// without the store key (the bank's HASHPARAMSVAL).
func HashLegacyCallback(fields url.Values, hashParams, storeKey string) (hash, paramsVal string) {
	var sb strings.Builder
	for _, name := range strings.Split(hashParams, ":") {
		if name == "" {
			continue
		}
		sb.WriteString(lookup(fields, name))
	}
	paramsVal = sb.String()
	return sha1Base64(paramsVal + storeKey), paramsVal
}

func sha1Base64(s string) string {
	sum := sha1.Sum([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// lookup returns the value of the field name, matched exactly or, failing
// that, case-insensitively ("" when absent).
func lookup(fields url.Values, name string) string {
	if vs, ok := fields[name]; ok && len(vs) > 0 {
		return vs[len(vs)-1]
	}
	for k, vs := range fields {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[len(vs)-1]
		}
	}
	return ""
}

// has reports whether the field name is present (any case).
func has(fields url.Values, name string) bool {
	if _, ok := fields[name]; ok {
		return true
	}
	for k := range fields {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// Legacy callback hash parameter lists (nestpay.md §7.2, §13.6).
const (
	legacyParams3D    = "clientid:oid:mdStatus:cavv:eci:md:rnd:"
	legacyParams3DPay = "clientid:oid:AuthCode:ProcReturnCode:Response:mdStatus:cavv:eci:md:rnd:"
)
