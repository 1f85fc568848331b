package posnetv1

import (
	"strings"

	"github.com/sanalpos/vpos/returncodes"
)

// Return-code mapping (returncodes.md §3.3, posnet.md §12). Approval is
// decided by ServiceResponseData.ResponseCode alone: "00" for financial
// calls, "0000" for TransactionInquiry (returncodes.md §0 rule 1).

// responseCodes maps POSNET V1's own ResponseCode values. Other codes are
// ISO 8583 codes (two digits, or zero-padded to four) and go through
// returncodes.ISOCode.
var responseCodes = returncodes.Table{
	"0148": returncodes.AuthError,      // INVALID MID TID IP / UNAUTHORIZED REQUEST
	"0127": returncodes.DuplicateOrder, // ORDERID DAHA ONCE KULLANILMIS
	"0123": returncodes.NotFound,       // transaction not found
	"E216": returncodes.AuthError,      // Mac doğrulama hatalı
	"E219": returncodes.NotFound,       // Kayıt Bulunamadı
	"0444": returncodes.ReferToIssuer,  // bank_call in [MW] (meaning unverified)
}

// Success codes.
const (
	codeOK        = "00"   // financial calls
	codeInquiryOK = "0000" // TransactionInquiry
)

// normalise maps a ResponseCode to a returncodes.Code and reports whether
// it was known. inquiry selects the TransactionInquiry success code
// ("0000"; "00" is accepted there too). Unknown codes are DoNotHonor,
// unmapped.
func normalise(code string, inquiry bool) (returncodes.Code, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	switch {
	case code == codeOK, inquiry && code == codeInquiryOK:
		return returncodes.Approved, true
	case code == "":
		return returncodes.DoNotHonor, false
	}
	if rc, ok := responseCodes.Lookup(code); ok {
		return rc, true
	}
	iso := code
	if len(iso) == 4 && strings.HasPrefix(iso, "00") {
		iso = iso[2:]
	}
	if rc, ok := returncodes.ISOCode(iso); ok && rc != returncodes.Approved {
		return rc, true
	}
	return returncodes.DoNotHonor, false
}
