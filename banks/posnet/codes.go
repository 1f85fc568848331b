package posnet

import (
	"strings"

	"github.com/sanalpos/vpos/returncodes"
)

// Return-code mapping (returncodes.md §3.3). Approval is decided by
// approved == "1" alone (returncodes.md §0 rule 1); the tables below only
// say why a reply is not an approval.

// respCodes maps POSNET's own respCode values. The 00xx codes not listed
// are ISO 8583 codes zero-padded and go through returncodes.ISOCode.
var respCodes = returncodes.Table{
	"0148": returncodes.AuthError,      // INVALID MID TID IP / MID,TID,IP HATALI / UNAUTHORIZED REQUEST
	"0127": returncodes.DuplicateOrder, // ORDERID DAHA ONCE KULLANILMIS
	"0123": returncodes.NotFound,       // transaction not found
	"E216": returncodes.AuthError,      // Mac doğrulama hatalı
	"E219": returncodes.NotFound,       // Kayıt bulunamadı (V1 spelling, seen in XML too)
	"0444": returncodes.ReferToIssuer,  // bank_call in [MW] (meaning unverified)
}

// normalise maps a POSNET answer to a returncodes.Code and reports whether
// the raw values were known:
//
//   - approved "1" without a respCode is Approved;
//   - approved "2" (the order was already processed) is DuplicateOrder,
//     whatever the respCode;
//   - respCodes, then the ISO table for the zero-padded issuer codes
//     (0051 -> InsufficientFunds); an unknown code is DoNotHonor, unmapped;
//   - approved "0" without any respCode is DoNotHonor, unmapped.
func normalise(approved, respCode string) (returncodes.Code, bool) {
	code := strings.ToUpper(strings.TrimSpace(respCode))
	switch {
	case approved == "1" && (code == "" || code == "00" || code == "0000"):
		return returncodes.Approved, true
	case approved == "2":
		return returncodes.DuplicateOrder, true
	case code == "":
		return returncodes.DoNotHonor, false
	}
	if rc, ok := respCodes.Lookup(code); ok {
		return rc, true
	}
	if rc, ok := returncodes.ISOCode(code); ok && rc != returncodes.Approved {
		return rc, true
	}
	return returncodes.DoNotHonor, false
}
