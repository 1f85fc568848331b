package garanti

import (
	"strings"

	"github.com/sanalpos/vpos/returncodes"
)

// Return-code mapping (returncodes.md §3.2). Approval is decided by
// Transaction/Response/Code == "00" alone (returncodes.md §0 rule 1); the
// tables below only say why a reply is not an approval.

// codeValidation is the Code GVPS answers for platform validation errors,
// queries and "not found", with the reason in a four-digit ReasonCode
// (garanti.md §12.2). It is not ISO 92 (returncodes.md §0 rule 2).
const codeValidation = "92"

// reasonCodes maps the GVPS ReasonCode values that come with Code 92
// (garanti.md §7, §12.2; returncodes.md §3.2). A 92 with a reason not
// listed here is InvalidRequest.
var reasonCodes = returncodes.Table{
	"0002": returncodes.InvalidRequest,          // mandatory field missing or zero
	"0108": returncodes.NotFound,                // orderhistoryinq: no record for the order
	"0110": returncodes.NotFound,                // orderinq: transaction not found
	"0208": returncodes.InvalidTransactionState, // the transaction to refund is not valid
	"0651": returncodes.AuthError,               // wrong PROVAUT/PROVRFN password or HashData
	"0752": returncodes.AuthError,               // no terminal record: wrong terminal or environment
}

// hostCodes are Garanti's own readings of two-digit Code values that
// differ from the ISO table (returncodes.md §3.2: 16 "insufficient
// balance, try tomorrow" [GAR-P]).
var hostCodes = returncodes.Table{
	"16": returncodes.InsufficientFunds,
}

// normalise maps a Garanti answer (Code, ReasonCode, SysErrMsg) to a
// returncodes.Code and reports whether the raw values were known:
//
//   - "00" is Approved;
//   - "92" is read through ReasonCode (reasonCodes); 0002 about the amount
//     is InvalidAmount; other reasons are InvalidRequest;
//   - "12" with SysErrMsg "CVC2/4CSC HATALI" (or any CVV/CVC text) is
//     InvalidCVV, otherwise ISO 12;
//   - hostCodes, then the ISO 8583 table (returncodes.ISOCode) for the
//     issuer codes the host passes through; an unknown code is
//     DoNotHonor, unmapped.
func normalise(code, reason, sysErr string) (returncodes.Code, bool) {
	code = strings.TrimSpace(code)
	switch code {
	case "00":
		return returncodes.Approved, true
	case "":
		return returncodes.TimeoutUnknown, false
	case codeValidation:
		rc, ok := reasonCodes.Lookup(reason)
		if !ok {
			return returncodes.InvalidRequest, false
		}
		if rc == returncodes.InvalidRequest && aboutAmount(sysErr) {
			return returncodes.InvalidAmount, true
		}
		return rc, true
	case "12":
		if aboutCVV(sysErr) {
			return returncodes.InvalidCVV, true
		}
	}
	if rc, ok := hostCodes.Lookup(code); ok {
		return rc, true
	}
	return returncodes.ISOCode(code)
}

// aboutAmount reports whether a 0002 SysErrMsg names the amount field
// ("TxnAmount field must not be zero ...").
func aboutAmount(sysErr string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(sysErr)), "txnamount")
}

// aboutCVV reports whether a SysErrMsg is about the card security code
// ("CVC2/4CSC HATALI").
func aboutCVV(sysErr string) bool {
	s := strings.ToUpper(sysErr)
	return strings.Contains(s, "CVC") || strings.Contains(s, "CVV") || strings.Contains(s, "4CSC")
}

// bankCode is the raw code kept beside the normalised one: Code alone for
// host answers (where ReasonCode repeats it), "92/0002" for GVPS answers.
func bankCode(code, reason string) string {
	code, reason = strings.TrimSpace(code), strings.TrimSpace(reason)
	if reason == "" || reason == code || reason == "00" {
		return code
	}
	return code + "/" + reason
}

// bankMessage is the bank's text: ErrorMsg, with SysErrMsg in parentheses
// when both are set; Message ("Approved", "Declined") when neither is.
func bankMessage(msg, errMsg, sysErr string) string {
	errMsg, sysErr = strings.TrimSpace(errMsg), strings.TrimSpace(sysErr)
	switch {
	case errMsg != "" && sysErr != "":
		return errMsg + " (" + sysErr + ")"
	case errMsg != "":
		return errMsg
	case sysErr != "":
		return sysErr
	}
	return strings.TrimSpace(msg)
}
