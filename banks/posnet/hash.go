package posnet

import (
	"github.com/sanalpos/vpos/internal/hashx"
)

// h is posnet.md §6's H(s) = Base64(SHA-256(s)).
func h(s string) string { return hashx.Base64(hashx.SHA256([]byte(s))) }

// FirstHash is posnet.md §6.1's "security data": H(encKey + ";" +
// terminalID).
func FirstHash(encKey, terminalID string) string { return h(encKey + ";" + terminalID) }

// RequestMAC is the MAC of oosResolveMerchantData and oosTranData
// (posnet.md §6.2): H(xid;amount;currency;merchantID;firstHash), with xid
// the 20-character XID, amount in kuruş and currency the POSNET code (TL).
func RequestMAC(xid, amount, currency, merchantID, firstHash string) string {
	return h(xid + ";" + amount + ";" + currency + ";" + merchantID + ";" + firstHash)
}

// ResponseMAC is the expected mac of an oosResolveMerchantDataResponse
// (posnet.md §6.3): H(mdStatus;xid;amount;currency;merchantID;firstHash),
// over the values of that response.
func ResponseMAC(mdStatus, xid, amount, currency, merchantID, firstHash string) string {
	return h(mdStatus + ";" + xid + ";" + amount + ";" + currency + ";" + merchantID + ";" + firstHash)
}
