package payfortest

// The bank's side of the PayFor 3-D Secure hashes (payfor.md §6, §8,
// §12.3), written from the protocol reference. The adapter has its own
// code; the two must agree only through the wire.

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
)

// RequestHash computes the Hash of a 3-D Secure form (payfor.md §6) with
// merchantPass: Base64(SHA-1(MbrId + OrderId + PurchAmount + OkUrl +
// FailUrl + TxnType + InstallmentCount + Rnd + merchantPass)), the values
// exactly as posted and plainly concatenated. Field names are matched
// case-insensitively; a missing field counts as empty.
func RequestHash(form url.Values, merchantPass string) string {
	sum := sha1.Sum([]byte(requestPlaintext(form, merchantPass)))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// requestPlaintext is the string RequestHash digests.
func requestPlaintext(form url.Values, merchantPass string) string {
	var b strings.Builder
	for _, name := range []string{"MbrId", "OrderId", "PurchAmount", "OkUrl", "FailUrl", "TxnType", "InstallmentCount", "Rnd"} {
		b.WriteString(lookup(form, name))
	}
	b.WriteString(merchantPass)
	return b.String()
}

// ResponseHash computes the ResponseHash of a 3-D Secure callback
// (payfor.md §6, §12.3) as the bank signs it by default:
// Base64(SHA-1(MerchantID + merchantPass + OrderId + AuthCode +
// ProcReturnCode + 3DStatus + ResponseRnd + userCode)), the values taken
// from cb (names matched case-insensitively, missing fields empty).
func ResponseHash(cb url.Values, merchantPass, userCode string) string {
	sum := sha1.Sum([]byte(responsePlaintext(cb, merchantPass, userCode)))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// ResponseHashSHA256 is ResponseHash with SHA-256 instead of SHA-1: the
// 44-character form merchants with the newer hash setting get (payfor.md
// §12.3, the 2024 capture without HashType).
func ResponseHashSHA256(cb url.Values, merchantPass, userCode string) string {
	sum := sha256.Sum256([]byte(responsePlaintext(cb, merchantPass, userCode)))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// responsePlaintext is the string ResponseHash digests.
func responsePlaintext(cb url.Values, merchantPass, userCode string) string {
	return lookup(cb, "MerchantID") + merchantPass + lookup(cb, "OrderId") + lookup(cb, "AuthCode") +
		lookup(cb, "ProcReturnCode") + lookup(cb, "3DStatus") + lookup(cb, "ResponseRnd") + userCode
}

// lookup returns the first value of the field called name, matched
// case-insensitively (an exact match wins), or "".
func lookup(v url.Values, name string) string {
	if vs, ok := v[name]; ok && len(vs) > 0 {
		return vs[0]
	}
	for k, vs := range v {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// has reports whether the field called name is present (matched
// case-insensitively).
func has(v url.Values, name string) bool {
	if _, ok := v[name]; ok {
		return true
	}
	for k := range v {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}
