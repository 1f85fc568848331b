package nestpay

import (
	"strings"

	"github.com/sanalpos/vpos/returncodes"
)

// The return-code catalogue of NestPay (returncodes.md §3.1, nestpay.md
// §5 and §13.2). A reply carries up to three raw values: ProcReturnCode
// (an ISO 8583 host code, or 99 "general error"), Extra/ERRORCODE (the
// platform's detail: CORE-nnnn, BM-nnnn, ISO8583-nn, ...) and ErrMsg. The
// most specific one decides; approval is never decided here (only Response
// "Approved" with ProcReturnCode "00" approves).

// errorCodes maps Extra/ERRORCODE values (and the 3D gate's ErrorCode /
// ErrCode form fields) to codes.
var errorCodes = returncodes.Table{
	// CORE-1xxx: request field validation; 1001-1005 are system errors.
	"CORE-1001": returncodes.SystemError,
	"CORE-1002": returncodes.SystemError,
	"CORE-1003": returncodes.SystemError,
	"CORE-1004": returncodes.SystemError,
	"CORE-1005": returncodes.SystemError,
	"CORE-1006": returncodes.InvalidRequest, // mode
	"CORE-1007": returncodes.InvalidRequest, // order type
	"CORE-1010": returncodes.InvalidRequest, // currency
	"CORE-1011": returncodes.InvalidRequest, // user/merchant id missing or too long
	"CORE-1012": returncodes.InvalidRequest,
	"CORE-1013": returncodes.InvalidRequest,
	"CORE-1014": returncodes.InvalidRequest,
	"CORE-1015": returncodes.InvalidRequest, // order id longer than 64
	"CORE-1018": returncodes.InvalidRequest, // amount too long
	"CORE-1019": returncodes.InvalidRequest, // currency
	"CORE-1022": returncodes.InvalidRequest, // IP too long
	"CORE-1023": returncodes.InvalidRequest, // installment too long
	"CORE-1024": returncodes.InvalidAmount,  // negative amount
	"CORE-1026": returncodes.InvalidRequest, // negative installment
	"CORE-1028": returncodes.InvalidRequest, // transaction id only for void
	"CORE-1029": returncodes.InvalidRequest, // installment required
	"CORE-2001": returncodes.InvalidRequest, // invalid transaction type
	"CORE-2008": returncodes.NotFound,       // no transaction available to cancel
	"CORE-2009": returncodes.InvalidAmount,  // zero amount for sale/preauth
	"CORE-2010": returncodes.InvalidCard,    // expiry date wrong
	"CORE-2011": returncodes.InvalidCard,    // expiry date format
	"CORE-2012": returncodes.InvalidCard,    // card number invalid
	"CORE-2013": returncodes.InvalidRequest, // invalid settlement request
	"CORE-2014": returncodes.InvalidRequest, // invalid query request
	"CORE-2015": returncodes.InvalidRequest, // card number missing
	"CORE-2020": returncodes.InvalidRequest, // recurring parameters
	"CORE-2021": returncodes.InvalidRequest,
	"CORE-2022": returncodes.InvalidRequest,
	"CORE-2023": returncodes.InvalidRequest,
	"CORE-2024": returncodes.InvalidRequest,
	"CORE-2201": returncodes.AuthError,               // user not authenticated
	"CORE-2202": returncodes.MerchantConfigError,     // no permission for the operation
	"CORE-2254": returncodes.AuthError,               // IP restriction
	"CORE-2504": returncodes.InvalidAmount,           // refund of zero (nestpay.md §13.2)
	"CORE-2506": returncodes.InvalidAmount,           // post-auth on zero net amount
	"CORE-2507": returncodes.DuplicateOrder,          // order number duplicated
	"CORE-2508": returncodes.InvalidTransactionState, // refund before end of day
	"CORE-2603": returncodes.InvalidRequest,          // installment table value
	// BM: between NestPay and the bank's host.
	"BM-9100": returncodes.SystemError, // host unknown
	"BM-9101": returncodes.SystemError, // port closed
	"BM-9102": returncodes.TimeoutUnknown,
	"BM-9103": returncodes.SystemError, // connection failure
	// ISO8583-xx passes the issuer code through; these are not ISO.
	"ISO8583-92":   returncodes.TimeoutUnknown, // timeout, reversal being attempted [NPN]
	"ISO8583-9998": returncodes.SystemError,
	"ISO8583-9999": returncodes.SystemError,
	"ISO8583-YK":   returncodes.FraudSuspected, // card on black list
	// Seen in captures.
	"215021":   returncodes.InvalidTransactionState, // "Net Tutar 0.": nothing left to refund
	"215001":   returncodes.NotFound,                // EXTENDED_ERROR_CODE beside CORE-2008
	"HPP-1001": returncodes.InvalidCard,             // 3D gate: card number format
	"3D-1007":  returncodes.MerchantConfigError,     // merchant usage type not supported
}

// errorFamily maps an ERRORCODE outside errorCodes by its family.
func errorFamily(code string) (returncodes.Code, bool) {
	switch {
	case strings.HasPrefix(code, "ISO8583-"):
		return returncodes.ISOCode(strings.TrimPrefix(code, "ISO8583-"))
	case strings.HasPrefix(code, "CORE-1"):
		return returncodes.InvalidRequest, true
	case strings.HasPrefix(code, "BM-"):
		return returncodes.SystemError, true
	case strings.HasPrefix(code, "HPP-"):
		return returncodes.InvalidRequest, true
	case strings.HasPrefix(code, "3D-"):
		return returncodes.ThreeDSFailed, true
	}
	return "", false
}

// errMsgs maps the texts of replies that carry no ERRORCODE (matched as
// prefixes, white space and case of the edges ignored).
var errMsgs = []struct {
	prefix string
	code   returncodes.Code
}{
	{"Insufficient permissions to perform requested operation", returncodes.AuthError},
	{"No record found for", returncodes.NotFound},
	{"Net Tutar 0", returncodes.InvalidTransactionState},
	{"Iade yapilamaz, siparis gunsonuna girmemis", returncodes.InvalidTransactionState},
	{"İptal edilmeye uygun satış işlemi bulunamadı", returncodes.NotFound},
	{"Iptal edilmeye uygun satis islemi bulunamadi", returncodes.NotFound},
	{"Kredi karti numarasi gecerli formatta degil", returncodes.InvalidCard},
	{"Taksit tablosu icin gecersiz deger", returncodes.InvalidRequest},
	{"Sifir miktarli iade yapilamaz", returncodes.InvalidAmount},
}

// messageCode maps an ErrMsg.
func messageCode(msg string) (returncodes.Code, bool) {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return "", false
	}
	for _, m := range errMsgs {
		if len(msg) >= len(m.prefix) && strings.EqualFold(msg[:len(m.prefix)], m.prefix) {
			return m.code, true
		}
	}
	return "", false
}

// procReturnCodes overrides the ISO table for ProcReturnCode values that
// NestPay uses its own way.
var procReturnCodes = returncodes.Table{
	// 99 is NestPay's "general error"; ERRORCODE says more (§3.1).
	"99": returncodes.SystemError,
	// ISO 92 at NestPay is a timeout with a reversal in progress.
	"92": returncodes.TimeoutUnknown,
}

// Normalize maps the raw codes of a NestPay answer to a returncodes.Code:
// procReturnCode is ProcReturnCode (or PROC_RET_CD of a query), errorCode
// Extra/ERRORCODE (or the 3D gate's ErrCode), errMsg the ErrMsg text. The
// most specific value decides: a known ERRORCODE or ERRORCODE family, then
// a known message, then ProcReturnCode through the ISO 8583 table. mapped
// is false when the answer was not recognised; the code is then
// DoNotHonor for a decline code, SystemError for 99 and TimeoutUnknown
// when there is no code at all.
//
// "00" yields Approved, but approval is decided by the reply's Response as
// well (Response "Approved" and ProcReturnCode "00"); the codes ISO 8583
// calls approvals with conditions (02, 08, 10, 11: "fake approvals" for
// NestPay) yield ReferToIssuer.
func Normalize(procReturnCode, errorCode, errMsg string) (code returncodes.Code, mapped bool) {
	prc := strings.TrimSpace(procReturnCode)
	ec := strings.TrimSpace(errorCode)
	if ec != "" {
		if c, ok := errorCodes.Lookup(ec); ok {
			return c, true
		}
		if c, ok := errorFamily(ec); ok {
			return c, true
		}
	}
	if c, ok := messageCode(errMsg); ok {
		return c, true
	}
	if prc == "" {
		if ec != "" {
			return returncodes.DoNotHonor, false
		}
		return returncodes.TimeoutUnknown, false
	}
	if c, ok := procReturnCodes.Lookup(prc); ok {
		return c, ec == "" || prc != "99"
	}
	return returncodes.ISOCode(prc)
}

// fakeApproval reports the ProcReturnCodes NestPay describes as "fake
// approvals that should not be used in a VPOS system" ([NPN]): they are
// declines (refer to issuer), whatever Response says.
func fakeApproval(prc string) bool {
	switch prc {
	case "02", "08", "10", "11":
		return true
	}
	return false
}

// MDStatusReturn maps a 3-D Secure mdStatus that did not lead to a payment
// to a returncodes.Code (returncodes.md §3.1): 8 (unknown card number) is
// InvalidCard, 9 (merchant not enrolled) and the 3D gate error 3D-1007 are
// MerchantConfigError, everything else is ThreeDSFailed. errCode is the
// callback's ErrCode, if any.
func MDStatusReturn(mdStatus, errCode string) returncodes.Code {
	switch {
	case strings.TrimSpace(errCode) == "3D-1007":
		return returncodes.MerchantConfigError
	case strings.TrimSpace(mdStatus) == "8":
		return returncodes.InvalidCard
	case strings.TrimSpace(mdStatus) == "9":
		return returncodes.MerchantConfigError
	}
	return returncodes.ThreeDSFailed
}
