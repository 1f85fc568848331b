package garantitest

// The bank's answers: Transaction/Response blocks (garanti.md §7, §12.2,
// returncodes.md §3.2).

import "github.com/sanalpos/vpos/vpostest"

// The values of Transaction/Response/Source.
const (
	sourceHost = "HOST" // the issuer or host answered (ISO codes)
	sourceGVPS = "GVPS" // the platform: validation, queries, "not found"
)

// gvpsError is a refusal: a GVPS validation answer (Code 92 and a 4-digit
// ReasonCode) or a host decline (an ISO code in both Code and ReasonCode).
type gvpsError struct {
	source, code, reason, errMsg, sysErrMsg string
}

// The GVPS ErrorMsg texts of garanti.md §12.2 and §7 (and, for the reason
// codes garanti.md does not list, of the bank's public error list).
const (
	msgMandatory    = "Giriş yaptığınız işlem tipi için zorunlu alanları kontrol ediniz"
	msgPassword     = "User password is incorrect"
	msgTerminal     = "No terminal record"
	msgNotFoundHist = "Gönderilen sipariş numarasına ait kayıt bulunmamaktadır"
	msgNotFoundInq  = "İşlem bulunamadı"
	msgRefund       = "İade etmek istediğiniz işlem geçerli değil"
	msgHostDecline  = "İşleminizi gerçekleştiremiyoruz.Tekrar deneyiniz"
	msgDuplicate    = "Aynı sipariş içinde sadece bir tane satış işlemi yapılabilir"
	msgNotAllowed   = "Üzgünüz, bu işlemi yapmaya yetkiniz yok"
	msgVoidMissing  = "İptal edilecek işlem bulunamadı"
	msgVoidInvalid  = "İptal etmek istediğiniz işlem geçerli değil"
	msgPostMissing  = "Kapatılacak ön otorizasyon işlemi bulunamadı"
	msgPostInvalid  = "Kapama yapmak istediğiniz ön otorizasyon işlemi geçerli değil"
	msgOverRefund   = "İade tutarı, satış tutarından büyük olamaz"
	msgMD           = "MD güvenlik doğrulamasında hata"
)

// gvps returns a platform refusal: Source GVPS, Code 92.
func gvps(reason, errMsg, sysErrMsg string) *gvpsError {
	return &gvpsError{source: sourceGVPS, code: "92", reason: reason, errMsg: errMsg, sysErrMsg: sysErrMsg}
}

// errMandatory is 92/0002: a mandatory field is missing, zero or malformed;
// sys names the field as the bank's SysErrMsg does.
func errMandatory(sys string) *gvpsError { return gvps("0002", msgMandatory, sys) }

// errPassword is 92/0651: wrong password, user or hash (garanti.md §7).
func errPassword(hint string) *gvpsError {
	return gvps("0651", msgPassword, "ErrorId: 0651"+hint)
}

// errTerminal is 92/0752: unknown terminal or merchant (garanti.md §7).
func errTerminal() *gvpsError { return gvps("0752", msgTerminal, "ErrorId: 0752") }

// errNotAllowed is 92/0652: the provision user may not do this operation
// (PROVAUT voiding or refunding, PROVRFN selling). garanti.md gives no code
// for it; 0652 is the bank's published "not authorised" reason.
func errNotAllowed(sys string) *gvpsError {
	return gvps("0652", msgNotAllowed, "ErrorId: 0652 "+sys)
}

// errDuplicate is the answer to a sale or pre-authorisation whose order id
// already has an approved transaction. garanti.md did not find the text
// (§12.2, "inferred: Code 92 with a GVPS reason code"); 0104 is the bank's
// published "only one sale per order".
func errDuplicate() *gvpsError { return gvps("0104", msgDuplicate, "ErrorId: 0104") }

// errInqNotFound is orderinq's "not found" (§12.3).
func errInqNotFound() *gvpsError { return gvps("0110", msgNotFoundInq, "ErrorId: 0110") }

// errHistNotFound is orderhistoryinq's "not found" (§12.4).
func errHistNotFound() *gvpsError { return gvps("0108", msgNotFoundHist, "ErrorId: 0108") }

// errRefund is 92/0208: the refund's original is unknown, voided, not
// captured or (WithBatchRules) not settled yet (§12.2, §12.7).
func errRefund(sys string) *gvpsError { return gvps("0208", msgRefund, "ErrorId: 0208"+sys) }

// errOverRefund answers a refund of more than is left. garanti.md did not
// find the answer (inferred: host 05 or GVPS 92); 0214 is the bank's
// published "refund amount cannot exceed the sale".
func errOverRefund() *gvpsError { return gvps("0214", msgOverRefund, "ErrorId: 0214") }

// errVoidNotFound, errVoidInvalid: void of an unknown transaction, and
// second void or void of a refunded order ("92 GVPS code (inferred)",
// §12.7; 0201 and 0210 are the bank's published codes).
func errVoidNotFound() *gvpsError { return gvps("0201", msgVoidMissing, "ErrorId: 0201") }
func errVoidInvalid(sys string) *gvpsError {
	return gvps("0210", msgVoidInvalid, "ErrorId: 0210"+sys)
}

// errPostNotFound, errPostInvalid: postauth of an unknown pre-authorisation,
// and of one that is captured, voided, declined or smaller than asked
// (0102, 0209: the bank's published codes).
func errPostNotFound() *gvpsError { return gvps("0102", msgPostMissing, "ErrorId: 0102") }
func errPostInvalid(sys string) *gvpsError {
	return gvps("0209", msgPostInvalid, "ErrorId: 0209"+sys)
}

// errMD answers a 3D provisioning whose Secure3D block does not belong to
// an authenticated session of that order, amount and currency, or was used
// already (0804: the bank's published "MD security verification error").
func errMD(sys string) *gvpsError { return gvps("0804", msgMD, "ErrorId: 0804 "+sys) }

// errVoidSettled is the host's refusal of a void after the batch closed
// (§12.2, §12.7).
func errVoidSettled() *gvpsError {
	return &gvpsError{source: sourceHost, code: "05", reason: "05", errMsg: msgHostDecline, sysErrMsg: "RPC-05 condition was raised"}
}

// hostCode is the code Garanti answers for an ISO outcome code: the same,
// except that a wrong CVV is reported as 12 with SysErrMsg "CVC2/4CSC
// HATALI" (garanti.md §12.2, returncodes.md §3.2), not as ISO 82.
func hostCode(iso string) string {
	if iso == vpostest.OutcomeInvalidCVV.ISOCode() {
		return "12"
	}
	return iso
}

// hostDecline is the host's decline for an ISO outcome code (§12.2).
// ErrorMsg is the generic text of the captures; SysErrMsg carries the
// host's reason (the captured one for CVV, the bank's usual wording for the
// others).
func hostDecline(iso string) *gvpsError {
	code := hostCode(iso)
	sys := map[string]string{
		"05": "ISLEM ONAYLANMADI",
		"12": "CVC2/4CSC HATALI",
		"14": "KART NUMARASI HATALI",
		"41": "KAYIP KART, KARTA EL KOYUNUZ",
		"43": "CALINTI KART, KARTA EL KOYUNUZ",
		"51": "LIMIT YETERSIZ",
		"54": "KARTIN SURESI DOLMUS",
	}[code]
	if sys == "" {
		sys = "ISLEM ONAYLANMADI"
	}
	return &gvpsError{source: sourceHost, code: code, reason: code, errMsg: msgHostDecline, sysErrMsg: sys}
}
