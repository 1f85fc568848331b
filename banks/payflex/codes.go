package payflex

import (
	"strings"

	"github.com/sanalpos/vpos/returncodes"
)

// Return-code mapping (returncodes.md §3.4, payflex.md §7). Approval is
// decided by ResultCode == "0000" alone (returncodes.md §0 rule 1); the
// tables below only say why a reply is not an approval.

// approvedCode is the ResultCode of an approval.
const approvedCode = "0000"

// resultCodes maps VakıfBank/PayFlex's own four-digit ResultCodes. The
// zero-padded ISO 8583 codes (0001..0096) are read through the ISO table
// (returncodes.ISOCode) when they are not listed here.
var resultCodes = returncodes.Table{
	"0312": returncodes.InvalidCVV,
	"0315": returncodes.InsufficientFunds,
	"0320": returncodes.InvalidTransactionState, // no pre-authorisation to close
	"0323": returncodes.InvalidAmount,           // pre-auth close amount mismatch
	"0358": returncodes.CardRestricted,
	"0359": returncodes.LimitExceeded,
	"0381": returncodes.PickupLostStolen,
	"0382": returncodes.FraudSuspected,
	"0400": returncodes.ThreeDSFailed,
	"0501": returncodes.InvalidRequest,
	"0503": returncodes.InvalidRequest,
	"0540": returncodes.NotFound,
	"0541": returncodes.InvalidTransactionState,
	"0542": returncodes.LimitExceeded, // daily refund limit
	"0570": returncodes.MerchantConfigError,
	"0577": returncodes.MerchantConfigError,
	"0580": returncodes.ThreeDSFailed,
	"0581": returncodes.ThreeDSFailed,
	"0582": returncodes.ThreeDSFailed,
	"0583": returncodes.ThreeDSFailed,
	"0961": returncodes.CardRestricted,
	"0962": returncodes.MerchantConfigError,
	"0963": returncodes.MerchantConfigError,
	"0966": returncodes.DuplicateOrder,
	"0971": returncodes.InvalidTransactionState,
	"0974": returncodes.SystemError,
	"0978": returncodes.CardRestricted,
	"0982": returncodes.InvalidTransactionState,
	"0983": returncodes.NotFound,
	"0984": returncodes.InvalidAmount,
	"1001": returncodes.SystemError,
	"1006": returncodes.DuplicateOrder,
	"1007": returncodes.NotFound,
	"1044": returncodes.CardRestricted,
	"1046": returncodes.InvalidAmount,
	"1047": returncodes.InvalidAmount,
	"1049": returncodes.InvalidAmount,
	"1050": returncodes.InvalidCVV,
	"1051": returncodes.InvalidCard,
	"1052": returncodes.InvalidCard,
	"1054": returncodes.InvalidRequest,
	"1059": returncodes.InvalidTransactionState,
	"1060": returncodes.InvalidRequest,
	"1061": returncodes.DuplicateOrder, // an approved transaction with this order id exists
	"1065": returncodes.InvalidTransactionState,
	"1073": returncodes.SystemError,
	"1074": returncodes.TimeoutUnknown, // reference not finished yet: poll
	"1078": returncodes.InvalidRequest,
	"1082": returncodes.InvalidRequest,
	"1083": returncodes.InvalidTransactionState,
	"1088": returncodes.InvalidTransactionState,
	"1089": returncodes.InvalidTransactionState,
	"1101": returncodes.InvalidTransactionState,
	"1104": returncodes.MerchantConfigError,
	"1105": returncodes.AuthError, // merchant IP not allow-listed
	"1110": returncodes.MerchantConfigError,
	"1111": returncodes.MerchantConfigError,
	"1112": returncodes.MerchantConfigError,
	"1113": returncodes.SystemError,
	"1115": returncodes.ThreeDSFailed, // MpiTransactionId not found
	"1116": returncodes.ThreeDSFailed, // ECI differs from the MPI record
	"1117": returncodes.ThreeDSFailed, // CAVV differs from the MPI record
	"1125": returncodes.MerchantConfigError,
	"1126": returncodes.ThreeDSFailed, // data differs from the MPI record
	"1128": returncodes.ThreeDSFailed, // MpiTransactionId already used
	"1147": returncodes.MerchantConfigError,
	"1148": returncodes.MerchantConfigError,
	"1153": returncodes.MerchantConfigError,
	"2012": returncodes.SystemError,
	"2200": returncodes.MerchantConfigError,
	"2202": returncodes.SystemError, // batch closed: refund instead of cancel
	"5001": returncodes.AuthError,
	"5002": returncodes.MerchantConfigError,
	"6027": returncodes.AuthError,
	"7777": returncodes.SystemError,
	"8484": returncodes.InvalidRequest,
	"9000": returncodes.LimitExceeded,
	"9001": returncodes.LimitExceeded,
	"9027": returncodes.AuthError,
	"9031": returncodes.AuthError,
	"9032": returncodes.AuthError,
	"9033": returncodes.AuthError,
	"9036": returncodes.AuthError,
	"9037": returncodes.AuthError,
	"9039": returncodes.AuthError,
	"9058": returncodes.InvalidAmount,
	"9060": returncodes.InvalidCard,
	"9061": returncodes.InvalidCVV,
	"9063": returncodes.InvalidCard,
	"9064": returncodes.InvalidRequest,
	"9065": returncodes.AuthError,
	"9066": returncodes.AuthError,
	"9067": returncodes.InvalidRequest,
	"9072": returncodes.InvalidTransactionState,
	"9073": returncodes.InvalidTransactionState,
	"9074": returncodes.InvalidTransactionState,
	"9077": returncodes.InvalidTransactionState,
	"9078": returncodes.InvalidTransactionState,
	"9079": returncodes.InvalidAmount,
	"9587": returncodes.AuthError,
	"9595": returncodes.DuplicateOrder,
	"9601": returncodes.NotFound,
}

// mpiCodes maps the MPI enrollment's MessageErrorCode (payflex.md §4.1,
// §10.3; the full list is not public).
var mpiCodes = returncodes.Table{
	"2005": returncodes.AuthError, // merchant cannot be found for this bank
}

// normalise maps a ResultCode to a returncodes.Code and reports whether the
// raw value was known: "0000" is Approved; the PayFlex table above; the
// ranges of returncodes.md §3.4 (field validation, merchant management
// APIs, search criteria) as InvalidRequest; then the zero-padded ISO 8583
// codes. An unknown code is DoNotHonor, unmapped; an empty one
// TimeoutUnknown.
func normalise(code string) (returncodes.Code, bool) {
	code = strings.TrimSpace(code)
	switch code {
	case approvedCode:
		return returncodes.Approved, true
	case "":
		return returncodes.TimeoutUnknown, false
	}
	if rc, ok := resultCodes.Lookup(code); ok {
		return rc, true
	}
	if n, ok := fourDigits(code); ok {
		switch {
		case n >= 1095 && n <= 1146, n >= 4000 && n <= 4008, n >= 9025 && n <= 9026,
			n == 9553, n >= 9578 && n <= 9583, n == 9099:
			return returncodes.InvalidRequest, true
		case n >= 5000 && n <= 5018, n >= 6000 && n <= 6036, n >= 9028 && n <= 9057,
			n >= 9080 && n <= 9121, n == 9200, n == 9201, n >= 9993:
			return returncodes.InvalidRequest, true
		}
	}
	return returncodes.ISOCode(code)
}

// fourDigits parses a four-digit code.
func fourDigits(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
