package garantitest

// The bank's hashes (garanti.md §6), written from the protocol reference.
// The adapter has its own; a fake sharing the adapter's code would share
// its bugs.

import (
	"crypto/sha1"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// securityData is UPPER(HEX(SHA1(password + terminal id left-padded with
// zeros to 9 digits))) (§6.1).
func securityData(password, terminalID string) string {
	sum := sha1.Sum([]byte(password + leftPad(terminalID, 9)))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// leftPad pads s with zeros on the left to n characters.
func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

func upperSHA512(s string) string {
	sum := sha512.Sum512([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func upperSHA1(s string) string {
	sum := sha1.Sum([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// hashData512 is the XML HashData of version 512 (§6.2):
// UPPER(HEX(SHA512(OrderID + TerminalID + CardNumber + Amount +
// CurrencyCode + SecurityData))), every part as sent.
func hashData512(orderID, terminalID, cardNumber, amount, currency, secData string) string {
	return upperSHA512(orderID + terminalID + cardNumber + amount + currency + secData)
}

// hashDataLegacy is the legacy (v0.00/v0.01) XML HashData (§6.3):
// UPPER(HEX(SHA1(OrderID + TerminalID + CardNumber + Amount +
// SecurityData))), no currency.
func hashDataLegacy(orderID, terminalID, cardNumber, amount, secData string) string {
	return upperSHA1(orderID + terminalID + cardNumber + amount + secData)
}

// secure3DHash512 is the 3-D form's secure3dhash of version 512 (§6.2),
// which includes txncurrencycode.
func secure3DHash512(terminalID, orderID, amount, currency, successURL, errorURL, txnType, installments, storeKey, secData string) string {
	return upperSHA512(terminalID + orderID + amount + currency + successURL + errorURL + txnType + installments + storeKey + secData)
}

// secure3DHashLegacy is the legacy secure3dhash (§6.3): SHA-1, no currency.
func secure3DHashLegacy(terminalID, orderID, amount, successURL, errorURL, txnType, installments, storeKey, secData string) string {
	return upperSHA1(terminalID + orderID + amount + successURL + errorURL + txnType + installments + storeKey + secData)
}

// callbackHash512 is the callback hash of version 512 (§6.2):
// UPPER(HEX(SHA512(hashparamsval + storekey))).
func callbackHash512(hashParamsVal, storeKey string) string {
	return upperSHA512(hashParamsVal + storeKey)
}

// callbackHashLegacy is the legacy callback hash (§6.3):
// Base64(SHA1(hashparamsval + storekey)).
func callbackHashLegacy(hashParamsVal, storeKey string) string {
	sum := sha1.Sum([]byte(hashParamsVal + storeKey))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// hashParamsValue concatenates the values of the fields hashparams names
// (split on ':', empty names ignored), without separator (§6.2).
func hashParamsValue(form map[string][]string, hashParams string) string {
	var sb strings.Builder
	for _, name := range strings.Split(hashParams, ":") {
		if name == "" {
			continue
		}
		if vs := form[name]; len(vs) > 0 {
			sb.WriteString(vs[0])
		}
	}
	return sb.String()
}

// callbackHash signs a callback's hashparamsval in the server's scheme.
func (s *Server) callbackHash(hashParamsVal, storeKey string) string {
	if s.legacy {
		return callbackHashLegacy(hashParamsVal, storeKey)
	}
	return callbackHash512(hashParamsVal, storeKey)
}

// equalHash compares a received hash with the expected one in constant
// time. Hex hashes must be upper case, as the bank computes them.
func equalHash(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
