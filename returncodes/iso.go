package returncodes

import "strings"

// Entry is one row of the ISO 8583 field-39 table as seen through Turkish
// gateways (returncodes.md §2).
type Entry struct {
	// Raw is the two-character ISO code ("05", "N7", "1A").
	Raw string
	// Meaning is the short English meaning of the code (from [NPN], [CP],
	// [YK] as summarised in returncodes.md §2).
	Meaning string
	// Code is the normalised code the row maps to.
	Code Code
	// Pickup reports whether the card must be flagged and further attempts
	// with it blocked. ISO 33 ("expired card, pick up") is false: in
	// e-commerce it is treated as an expired card (returncodes.md §2).
	Pickup bool
	// Fraud reports whether the payment must go to fraud review. It is also
	// set on the pickup codes 07, 37 and 43 (returncodes.md §2).
	Fraud bool
	// EN is the cardholder text in English. It never reveals lost, stolen
	// or fraud reasons.
	EN string
	// TR is the cardholder text in Turkish. It never reveals lost, stolen
	// or fraud reasons.
	TR string
}

// isoRow builds an Entry whose cardholder texts are those of its Code.
func isoRow(raw, meaning string, c Code) Entry {
	return Entry{Raw: raw, Meaning: meaning, Code: c, EN: c.Message("en"), TR: c.Message("tr")}
}

// isoText builds an Entry with its own cardholder texts.
func isoText(raw, meaning string, c Code, en, tr string) Entry {
	return Entry{Raw: raw, Meaning: meaning, Code: c, EN: en, TR: tr}
}

// isoFlag builds a pickup/fraud Entry; it always shows the generic decline
// text (returncodes.md §0 rule 6).
func isoFlag(raw, meaning string, c Code, pickup, fraud bool) Entry {
	return Entry{Raw: raw, Meaning: meaning, Code: c, Pickup: pickup, Fraud: fraud,
		EN: genericDeclineEN, TR: genericDeclineTR}
}

// Row-specific cardholder texts of returncodes.md §2 that no Code uses as
// its own.
const (
	failedEN    = "The payment could not be completed. Please try again later."              // §2 row 06
	failedTR    = "İşlem tamamlanamadı. Lütfen daha sonra tekrar deneyin."                   // §2 row 06
	closedEN    = "This card can no longer be used. Please use another card."                // §2 row 46
	closedTR    = "Bu kart artık kullanılamıyor. Lütfen başka bir kart kullanın."            // §2 row 46
	cardNoEN    = "The card number is not valid. Please check it."                           // §2 row 14
	cardNoTR    = "Kart numarası geçersiz. Lütfen kontrol edin."                             // §2 row 14
	restrictEN  = "Your card is restricted. Please contact your bank."                       // §2 row 62
	restrictTR  = "Kartınız kısıtlanmış. Lütfen bankanızla görüşün."                         // §2 row 62
	stoppedEN   = "The card holder has stopped this payment."                                // §2 row R0/R1/R3
	stoppedTR   = "Kart sahibi bu ödemeyi durdurmuş."                                        // §2 row R0/R1/R3
	threeDSReqE = "Your bank requires extra verification. Please pay with 3-D Secure."       // §2 row 1A
	threeDSReqT = "Bankanız ek doğrulama istiyor. Lütfen 3D Secure ile ödeyin."              // §2 row 1A
	invalidTxEN = "This transaction cannot be made with this card. Please use another card." // §2 row 12
	invalidTxTR = "Bu işlem kartınızla yapılamıyor. Lütfen başka bir kart kullanın."         // §2 row 12
)

// isoTable is returncodes.md §2, row by row. Meanings and mappings follow
// [NPN] (NestPay manual), [CP] (QNB and VakıfBank tables), [YK] and
// [VISA] as summarised there. ISO 10 is added from §0 rule 3.
var isoTable = []Entry{
	isoRow("00", "approved", Approved),
	isoRow("01", "refer to card issuer", ReferToIssuer),
	// [NPN]: 02, 08 and 11 are "fake approvals" not to be used in a VPOS
	// system (§0 rule 3).
	isoRow("02", "refer to card issuer, special condition", ReferToIssuer),
	isoRow("03", "invalid merchant or service provider", AuthError),
	isoFlag("04", "pick up card", PickupLostStolen, true, false),
	isoRow("05", "do not honour", DoNotHonor),
	isoText("06", "error", SystemError, failedEN, failedTR),
	isoFlag("07", "pick up card, special condition", PickupLostStolen, true, true),
	isoRow("08", "honour with identification", ReferToIssuer),
	isoText("09", "request in progress, try again", SystemError,
		"Please try again in a moment.", "Lütfen biraz sonra tekrar deneyin."),
	isoRow("10", "approved for partial amount", ReferToIssuer),
	isoRow("11", "approved (VIP)", ReferToIssuer),
	// 12 is issuer-side by default; gateway-side 12 is invalid_request and
	// Garanti 12 with SysErrMsg "CVC2/4CSC HATALI" is invalid_cvv (§3.2):
	// bank packages refine it.
	isoText("12", "invalid transaction", DoNotHonor, invalidTxEN, invalidTxTR),
	isoRow("13", "invalid amount", InvalidAmount),
	isoText("14", "invalid card or account number", InvalidCard, cardNoEN, cardNoTR),
	isoText("15", "no such issuer", InvalidCard,
		"Your card's bank could not be identified. Please use another card.",
		"Kartınızın bankası tanınamadı. Lütfen başka bir kart kullanın."),
	isoText("19", "re-enter transaction", SystemError, "Please try again.", "Lütfen tekrar deneyin."),
	isoRow("21", "no action taken", DoNotHonor),
	isoRow("25", "unable to locate record", NotFound),
	isoText("28", "original denied or file temporarily unavailable", SystemError, failedEN, failedTR),
	isoRow("29", "original not found", NotFound),
	isoRow("30", "format error", InvalidRequest),
	isoRow("32", "completed partially / referral", ReferToIssuer),
	isoRow("33", "expired card, pick up", ExpiredCard),
	isoFlag("34", "suspected fraud, pick up", FraudSuspected, false, true),
	isoFlag("36", "restricted card, pick up", PickupLostStolen, true, false),
	isoFlag("37", "pick up, call acquirer security", PickupLostStolen, true, true),
	isoFlag("38", "PIN tries exceeded, pick up", PickupLostStolen, true, false),
	isoFlag("41", "lost card, pick up", PickupLostStolen, true, false),
	isoFlag("43", "stolen card, pick up", PickupLostStolen, true, true),
	isoText("46", "closed account", InvalidCard, closedEN, closedTR),
	isoRow("51", "insufficient funds", InsufficientFunds),
	isoText("52", "no checking account", InvalidCard, closedEN, closedTR),
	isoText("53", "no savings account", InvalidCard, closedEN, closedTR),
	isoRow("54", "expired card", ExpiredCard),
	isoText("55", "incorrect PIN", DoNotHonor, "Incorrect card PIN.", "Kart şifresi hatalı."),
	isoText("56", "no card record", InvalidCard, cardNoEN, cardNoTR),
	isoRow("57", "transaction not permitted to cardholder", CardRestricted),
	isoRow("58", "transaction not permitted to terminal", MerchantConfigError),
	isoFlag("59", "suspected fraud", FraudSuspected, false, true),
	isoRow("61", "exceeds amount limit", LimitExceeded),
	isoText("62", "restricted card", CardRestricted, restrictEN, restrictTR),
	isoFlag("63", "security violation", FraudSuspected, false, true),
	isoRow("65", "exceeds frequency limit", LimitExceeded),
	isoRow("75", "PIN tries exceeded", DoNotHonor),
	isoRow("76", "key synchronisation error", SystemError),
	isoRow("77", "inconsistent data", InvalidRequest),
	isoText("78", "blocked card / unsafe PIN / no account", CardRestricted, restrictEN, restrictTR),
	isoText("80", "invalid date", InvalidCard,
		"Please check the card's expiry date.", "Lütfen kartın son kullanma tarihini kontrol edin."),
	// InterPOS 81 means "terminal not active" (§3.6): bank packages refine.
	isoRow("81", "encryption error", SystemError),
	isoRow("82", "CVV failure", InvalidCVV),
	isoRow("N7", "CVV2 failure", InvalidCVV),
	isoRow("83", "cannot verify PIN", SystemError),
	isoRow("85", "declined, no reason given", DoNotHonor),
	isoRow("89", "not approved", DoNotHonor),
	isoRow("91", "issuer or switch inoperative", IssuerUnavailable),
	// 92 is per bank (§0 rule 2): NestPay timeout_unknown, Garanti
	// invalid_request, others invalid_card. The default is the one that
	// cannot lose money; see the package documentation.
	isoRow("92", "financial institution unknown / no routing", TimeoutUnknown),
	isoRow("93", "violation, cannot complete", CardRestricted),
	isoRow("95", "reconciliation error", SystemError),
	isoRow("96", "system malfunction", SystemError),
	isoRow("98", "duplicate reversal", InvalidTransactionState),
	// 99 is not ISO: NestPay's "general error", refined by ERRORCODE (§3.1).
	isoRow("99", "general error", SystemError),
	isoText("1A", "additional customer authentication required", ThreeDSFailed, threeDSReqE, threeDSReqT),
	isoText("R0", "stop payment order", CardRestricted, stoppedEN, stoppedTR),
	isoText("R1", "revocation of authorisation order", CardRestricted, stoppedEN, stoppedTR),
	isoText("R3", "revocation of all authorisations order", CardRestricted, stoppedEN, stoppedTR),
}

// isoIndex indexes isoTable by Raw.
var isoIndex = func() map[string]int {
	m := make(map[string]int, len(isoTable))
	for n, e := range isoTable {
		m[e.Raw] = n
	}
	return m
}()

// normaliseISO trims spaces, upper-cases letters and strips the 00 prefix
// of the four-digit forms VakıfBank and Posnet use ("0005" -> "05").
func normaliseISO(raw string) string {
	s := strings.ToUpper(strings.TrimSpace(raw))
	if len(s) == 4 && strings.HasPrefix(s, "00") && isDigit(s[2]) && isDigit(s[3]) {
		s = s[2:]
	}
	return s
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// ISO returns the ISO 8583 field-39 row for raw. It accepts exactly the
// two-character codes ("05", "N7", "1a") and the four-digit zero-padded
// forms used by VakıfBank and Posnet ("0005" -> "05", "0000" -> "00"); it
// trims surrounding spaces and ignores letter case. Single digits ("5") are
// not accepted.
func ISO(raw string) (Entry, bool) {
	n, ok := isoIndex[normaliseISO(raw)]
	if !ok {
		return Entry{}, false
	}
	return isoTable[n], true
}

// ISOCode maps an ISO 8583 field-39 value to a Code. "00" yields Approved,
// but approval is still decided by the bank's top-level success signal
// (package rule 1). A non-empty value that is not in the table yields
// (DoNotHonor, false), to be logged for catalogue work (returncodes.md §1
// note); an empty value yields (TimeoutUnknown, false), since there is no
// usable answer.
func ISOCode(raw string) (code Code, mapped bool) {
	if strings.TrimSpace(raw) == "" {
		return TimeoutUnknown, false
	}
	e, ok := ISO(raw)
	if !ok {
		return DoNotHonor, false
	}
	return e.Code, true
}
