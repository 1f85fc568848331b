package posnettest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// hashB64 is posnet.md §6's H: Base64(SHA-256(s)), standard alphabet with
// padding.
func hashB64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// FirstHash returns posnet.md §6.1's security data:
// H(encKey + ";" + terminalID).
func FirstHash(encKey, terminalID string) string { return hashB64(encKey + ";" + terminalID) }

// RequestMAC returns the mac of oosResolveMerchantData and oosTranData
// (posnet.md §6.2): H(xid;amount;currency;merchantNo;firstHash), xid the
// 20-character XID, amount in kuruş, currency the POSNET code (TL, US, ...).
func RequestMAC(xid, amount, currency, merchantNo, firstHash string) string {
	return hashB64(xid + ";" + amount + ";" + currency + ";" + merchantNo + ";" + firstHash)
}

// ResponseMAC returns the mac of an oosResolveMerchantDataResponse
// (posnet.md §6.3): H(mdStatus;xid;amount;currency;merchantNo;firstHash).
func ResponseMAC(mdStatus, xid, amount, currency, merchantNo, firstHash string) string {
	return hashB64(mdStatus + ";" + xid + ";" + amount + ";" + currency + ";" + merchantNo + ";" + firstHash)
}

// equalMAC compares two MACs in constant time.
func equalMAC(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }

// packetSign is the fake's Sign of a callback: the first 16 bytes of
// HMAC-SHA256(key, MerchantPacket + BankPacket), upper hex (the 32 hex
// digits of the real Sign). Only the bank checks it.
func packetSign(key, merchantPacket, bankPacket string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(merchantPacket + bankPacket))
	return upperHex(m.Sum(nil)[:16])
}

func upperHex(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}
