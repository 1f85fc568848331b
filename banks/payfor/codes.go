package payfor

import (
	"strings"

	"github.com/sanalpos/vpos/returncodes"
)

// The return-code catalogue of PayFor (payfor.md §7, §12.2;
// returncodes.md §3.5). ProcReturnCode carries either a two-digit ISO 8583
// host code ("00" approved, "05", "51", ...) or one of the platform's own
// codes: V (transaction rules), M (request validation), P, MR15, and a few
// numeric ones (101310). Approval is never decided here: only
// ProcReturnCode "00" approves (returncodes.md §0 rule 1), and V033 ("3-D
// verification successful") is not an approval.

// approvedCode is the ProcReturnCode of an approval.
const approvedCode = "00"

// procReturnCodes maps PayFor's own codes (CP.VPOS getPrivateMessage,
// grouped as in returncodes.md §3.5).
var procReturnCodes = func() returncodes.Table {
	t := returncodes.Table{
		// Amount.
		"M004": returncodes.InvalidAmount, // zero, empty or invalid amount
		"M019": returncodes.InvalidAmount, // amount must be 0.01-200,000
		"V027": returncodes.InvalidAmount, // post-auth outside ±15 % of the pre-auth
		// Card.
		"M041": returncodes.InvalidCard, // invalid card number
		"V005": returncodes.InvalidCard, // unknown card type
		"M018": returncodes.InvalidCVV,  // wrong CVV2
		// 3-D Secure.
		"M009": returncodes.ThreeDSFailed, // 3-D password mismatch
		"M011": returncodes.ThreeDSFailed, // PaReq not prepared
		"M044": returncodes.ThreeDSFailed, // MPI post error
		"V002": returncodes.ThreeDSFailed, // directory server unreachable
		"V034": returncodes.ThreeDSFailed, // 3-D user authentication failed
		"MR15": returncodes.ThreeDSFailed, // 3D Secure Authorize Error (3DPay/3DHost callback)
		// V033 "3-D verification successful" is the 3DModel intermediate
		// step: as a final answer (an abandoned 3DModel payment in a
		// report, or a callback of a model that should have booked) no
		// payment followed the authentication.
		"V033": returncodes.ThreeDSFailed,
		// Credentials and security.
		"V001": returncodes.AuthError, // merchant lookup error
		"V004": returncodes.AuthError, // user could not be authenticated
		"V008": returncodes.AuthError, // merchant not found
		"M030": returncodes.AuthError, // HASH mismatch
		"M047": returncodes.AuthError, // IP restriction for this user
		"M049": returncodes.AuthError, // system authentication failed
		// Merchant configuration.
		"V006": returncodes.MerchantConfigError,
		"V007": returncodes.MerchantConfigError, // terminal not active
		"V009": returncodes.MerchantConfigError, // merchant inactive
		"V010": returncodes.MerchantConfigError,
		"V011": returncodes.MerchantConfigError,
		"V035": returncodes.MerchantConfigError,
		"V038": returncodes.MerchantConfigError, // not authorised for the transaction type
		"M042": returncodes.MerchantConfigError, // plugin not found
		// Not found.
		"V013": returncodes.NotFound, // selected transaction not found
		"M027": returncodes.NotFound, // record not found
		"P002": returncodes.NotFound,
		// Transaction state.
		"V014": returncodes.InvalidTransactionState, // refund before end of day: void instead
		"V015": returncodes.InvalidTransactionState, // refund greater than what is left
		"V016": returncodes.InvalidTransactionState, // not a pre-authorisation
		"V017": returncodes.InvalidTransactionState, // already voided
		"V018": returncodes.InvalidTransactionState, // not voidable
		"V019": returncodes.InvalidTransactionState, // partial void not allowed
		"V025": returncodes.InvalidTransactionState, // pre-authorisation already closed
		"V026": returncodes.InvalidTransactionState, // pre-authorisation expired
		"V037": returncodes.InvalidTransactionState, // already refunded
		// Duplicate order id: V029 in the catalogue, 101310 ("Verilen
		// sipariş no önceden kullanılmıştır", payfor.md §12.2) in captures.
		"V029":   returncodes.DuplicateOrder,
		"101310": returncodes.DuplicateOrder,
		// Outcome not known yet.
		"V000": returncodes.TimeoutUnknown, // not completed / in progress
		"V020": returncodes.TimeoutUnknown, // not completed yet
		// Connection errors towards the host: the request may have been
		// passed on (returncodes.md §3.5), so a status inquiry decides.
		"V9196": returncodes.TimeoutUnknown,
		"V9199": returncodes.TimeoutUnknown,
		// System.
		"V003": returncodes.SystemError, // system closed
		"V036": returncodes.SystemError, // system error
		"V111": returncodes.SystemError, // general error ([MW])
	}
	// Request validation (returncodes.md §3.5 "Validation").
	for _, c := range []string{"M001", "M002", "M003", "M005", "M006", "M007", "M008", "M010", "M012",
		"M013", "M014", "M015", "M016", "M017", "M020", "M021", "M022", "M023", "M024", "M025", "M026",
		"M028", "M038", "M043", "M045", "M048", "M050", "M051", "V012", "V021", "V022", "V023", "V024",
		"V028", "V030", "V031", "V040", "V041", "V042", "V043"} {
		t[c] = returncodes.InvalidRequest
	}
	for n := 45; n <= 60; n++ {
		t["V0"+itoa2(n)] = returncodes.InvalidRequest
	}
	return t
}()

// isoOverrides are ISO-looking codes QNB uses its own way
// (returncodes.md §3.5: 34 is "CVV2 wrong" at QNB).
var isoOverrides = returncodes.Table{
	"34": returncodes.InvalidCVV,
}

func itoa2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// Normalize maps a ProcReturnCode to a returncodes.Code: PayFor's own
// codes through the catalogue of payfor.md §7 (V013 NotFound, V014 and
// V015 InvalidTransactionState, 101310 and V029 DuplicateOrder, V004 and
// M030 AuthError, MR15 and V034 ThreeDSFailed, V000 TimeoutUnknown, ...),
// two-digit host codes through the ISO 8583 table (with QNB's 34, CVV2
// wrong). mapped is false when the code is not recognised; the code is then
// InvalidRequest for an unknown M or P code (request validation),
// DoNotHonor for anything else, and TimeoutUnknown for an empty code.
//
// "00" yields Approved; V033, the 3DModel authentication step, does not.
func Normalize(procReturnCode string) (code returncodes.Code, mapped bool) {
	prc := strings.TrimSpace(procReturnCode)
	if c, ok := procReturnCodes.Lookup(prc); ok {
		return c, true
	}
	if c, ok := isoOverrides.Lookup(prc); ok {
		return c, true
	}
	if len(prc) == 2 {
		return returncodes.ISOCode(prc)
	}
	switch {
	case prc == "":
		return returncodes.TimeoutUnknown, false
	case strings.HasPrefix(prc, "M"), strings.HasPrefix(prc, "P"):
		return returncodes.InvalidRequest, false
	}
	return returncodes.DoNotHonor, false
}
