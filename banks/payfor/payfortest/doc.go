// Package payfortest is a fake QNB Finansbank PayFor virtual POS (the
// platform Ziraat Katılım and Enpara run too): an httptest server that
// speaks the XML API (XMLGate.aspx), its form encoding (Default.aspx), the
// 3-D Secure gates of 3DModel, 3DPay and 3DHost and a fake issuer ACS. It
// is written from the protocol reference (../shared/docs/banks/payfor.md,
// cited as §n, and returncodes.md), never from the adapter in package
// payfor, so it catches the adapter's misreadings instead of repeating
// them.
//
// # Pointing an adapter at it
//
//	bank := payfortest.NewServer()
//	defer bank.Close()
//	creds := bank.Credentials() // MbrID "5", MerchantID, UserCode, UserPass, MerchantPass
//	// XML API       bank.APIURL()           (…/Gateway/XMLGate.aspx)
//	// form API      bank.FormAPIURL()       (…/Gateway/Default.aspx, Key=Value;; replies)
//	// 3DModel/3DPay bank.Gate3DURL()        (…/Gateway/Default.aspx)
//	// 3DHost        bank.HostedGate3DURL()  (…/Gateway/3DHost.aspx)
//	// HTTP client   bank.HTTPClient()       (so that vpostest.FaultConnRefused works)
//
// The test cards are bank.Cards() (vpostest.DefaultCards unless
// WithCards): each gives its outcome (approve, 51, 05, 41, 43, 54, 82);
// any other good card is approved. bank.Ledger() shows what the bank
// booked, bank.Faults() arms faults, bank.EndOfDay() closes the batch. To
// play the shopper of a 3-D Secure payment, give the merchant's gate form
// to bank.ACS with the ACS outcome you want; it returns the fields the
// bank posts to OkUrl or FailUrl.
//
// # The API (§1, §3, §4, §12.1, §12.2)
//
// XMLGate.aspx takes a PayforRequest document (UTF-8, or ISO-8859-9 when
// declared) and answers 200 OK with a PayforResponse, one element per line;
// Default.aspx takes the same fields as a form and answers Key=Value;;
// text. A body that is not a PayforRequest is M042. Every request is
// checked first: MbrId (M013), MerchantId (V001), UserCode and UserPass
// (M016 / M017 when empty, V004 when wrong). SecureType must be NonSecure,
// Inquiry, Report or 3DModelPayment (M014), TxnType one the SecureType
// allows (M015).
//
// Payment, post-auth, void, refund and 3DModelPayment replies carry
// AuthCode, HostRefNum, ProcReturnCode, TransId, ErrMsg, CardHolderName,
// ArtiTaksit, BankInternalResponseMessage, PAYFORFROMXMLREQUEST and
// SESSION_SYSTEM_USER in that order (§12.1). TransId is the order id
// (OrgOrderId for follow-ups), HostRefNum a 12-digit RRN filled on
// declines and errors too, AuthCode "S" + 5 digits on approvals only,
// ErrMsg "Onaylandı" on success.
//
//   - Auth and PreAuth (SecureType NonSecure): OrderId 1-50 characters
//     (M025), Currency 949, 840, 978, 826, 392 or 643 (M002), PurchAmount
//     dot decimal (M012 malformed or missing, M004 zero or negative, M019
//     above 200,000), InstallmentCount "0" (or "1") or 2..12, never empty
//     (M025), Pan 13-19 digits (M008) passing Luhn (M041), Expiry MMYY
//     (M006), Cvv2 (M005 when empty, unless MOTO=1). Issuer declines come
//     from the card book with the ISO code as ProcReturnCode; an expired
//     card answers 54, a malformed CVV 82. A used order id is 101310 (§12.2,
//     §12.6); an order id may be tried again after a decline.
//   - PostAuth by OrgOrderId captures an open PreAuth once, fully when
//     PurchAmount is not sent, else up to the pre-authorised amount:
//     unknown order, a sale or a declined pre-auth V013, voided V017,
//     already captured V025, more than pre-authorised V027.
//   - Void by OrgOrderId cancels the latest successful authorisation or
//     capture (the PostAuth when there is one) the same Istanbul day and
//     before EndOfDay; it marks that record TxnStatus V with VoidDate,
//     VoidTime and VoidUserCode and adds a Void record. Unknown V013,
//     second void V017, after a refund V037, after the batch closed or on
//     a later day V018.
//   - Refund by OrgOrderId, full (no PurchAmount) or partial, several times
//     up to the captured amount: unknown or nothing captured V013, voided
//     V017, more than is left V015, nothing left V037. With
//     WithBatchRules a refund before EndOfDay is V014 with the sale's
//     AuthCode, and the refused attempt is listed in the history (Refund / N
//     / V014, IrcCode 99962).
//   - Void and refund replies carry a new AuthCode and HostRefNum and an
//     empty CardHolderName (§12.2). Currency, when sent, must be the
//     order's (M002).
//   - OrderInquiry (SecureType Inquiry) by OrgOrderId (or OrderId) answers
//     the 121-field PayforResponse of §12.4 describing the original payment
//     record: the sale, the PreAuth, or the PostAuth once captured, with
//     TxnStatus Y or V, IsVoided, IsRefunded and RefundedAmount, VoidDate
//     and VoidTime, InsertDatetime d.MM.yyyy HH:mm:ss, TrxDate, D3Status -1
//     for non-3D payments, InstallmentCount empty for a single payment. An
//     order with no successful payment shows its latest attempt (a decline
//     with its ISO code, an unfinished 3-D payment V000, a 3DModel
//     authentication V033, a failed one V034 or MR15). An unknown order is
//     V013, TxnStatus P, IrcCode 99961, InsertDatetime 1.01.0001 00:00:00.
//   - TxnHistory (SecureType Report) by OrderId lists every record of the
//     order oldest first; by ReqDate (yyyyMMdd) every record of that
//     Istanbul day, 3-D attempts included. The reply is the
//     TxnHistoryReport document of §12.5 (on Default.aspx too), one
//     PaymentRequestExtended per record, non-empty elements only, Pan an
//     opaque 32-character token, IsBatchClosed in ExtraParameters. An
//     unknown order (or a request with neither OrderId nor ReqDate)
//     answers one V013 record with INCOMING_DATA echoing the request, the
//     password masked; a malformed ReqDate the same with M025; a day
//     without transactions an empty report.
//   - 3DModelPayment (no MbrId and MerchantId, §3) provisions a 3DModel
//     authentication by its RequestGuid, once; OrderId, when sent, must be
//     the authentication's. Unknown, used or failed guids are V013.
//
// # The 3-D Secure gates (§5, §6, §12.3, §12.6)
//
// Default.aspx takes the forms of SecureType 3DModel and 3DPay,
// 3DHost.aspx those of 3DHost (the other way round is M014). The form
// fields are those of §5.1; the request Hash (§6, RequestHash) is checked
// after MbrId, MerchantID and UserCode. A refused form is answered with an
// auto-submitting form to FailUrl carrying RequestGuid 0, 3DStatus -1,
// ProcReturnCode and ErrMsg and the echoed request fields, signed with
// ResponseHash (unsigned when MbrId or MerchantID is unknown): M013,
// V001, V004, M030 wrong hash, M014, M015, M025, M010, M007, M002, M012,
// M004, M019, M008, M041, M006, M005 and 101310 for an order id already
// booked. Without a usable FailUrl or OkUrl the gate answers a plain error
// page.
//
// The gate answers 3DModel and 3DPay with the issuer's ACS page
// (vpostest.WriteACSPage) and 3DHost with the bank's card page (Pan,
// Expiry, Cvv2, CardHolderName) and then the ACS page. The ACS answer
// gives 3DStatus 1 (success), -1 (failure), 4 (attempt) or 2 (not
// enrolled) and the bank posts the callback with an auto-submitting form;
// it never calls the merchant itself. The callback is the 119-field record
// of §12.3 in the bank's order, the posted fields echoed (never Pan, Cvv2,
// Expiry or UserCode), CardMask masked, TransactionDate dd.MM.yyyy
// HH:mm:ss, PayerTxnId, PayerAuthenticationCode and Eci for
// authentications, ReturnUrl, ResponseRnd, ResponseHash and HashType=Sha1.
//
//   - 3DModel: an authentication (3DStatus 1, 2 or 4) posts ProcReturnCode
//     V033, TxnResult Failed, TxnStatus N, no AuthCode to OkUrl and keeps
//     RequestGuid for one 3DModelPayment (accepting half-secure is the
//     merchant's choice); a failure posts V034 to FailUrl.
//   - 3DPay and 3DHost: after a full authentication the bank books and
//     posts the payment result (00 with AuthCode and HostRefNum to OkUrl, an
//     issuer decline or 101310 to FailUrl); a failed or half-secure
//     authentication is not charged and posts MR15 to FailUrl.
//
// ResponseHash is Base64(SHA-1(MerchantID + MerchantPass + OrderId +
// AuthCode + ProcReturnCode + 3DStatus + ResponseRnd + UserCode)) (§6, §8,
// §12.3); WithSHA256ResponseHash signs with SHA-256 and omits HashType, as
// the 2024 capture. UnsignedCallbackFields lists every other callback
// field. vpostest.FaultBadCallbackSignature makes the next signed callback
// carry a wrong ResponseHash; SignCallback re-signs any field set the way
// the bank does.
//
// # Faults and hygiene
//
// Every request (API, gates, card page, ACS) goes through
// vpostest.Faults.Wrap: FaultHTTP500 answers 500 without booking,
// FaultHangAfterBook books and never answers, FaultMalformedReply books and
// answers a truncated body; FaultConnRefused needs HTTPClient. No full card
// number or CVV is kept: records and sessions hold masked numbers and a
// token from a SHA-256 of the number; the expiry is never written.
// Generated references use only the digits 0 to 5 and random Base64 values
// are drawn again when they hold three digits from 6 to 9, so that the
// test CVVs cannot appear in a reply. Times are Istanbul times.
//
// # Left out
//
// The Ziraat Katılım host and its MbrId 12, ParaPuan inquiry and points,
// batch close, end-of-day detail, installment and ParaPuan auth, payment
// links, QR and recurring payments (§3, §11, §12.6); IP restriction
// (M047); pre-auth expiry (V026); over-capture within a tolerance (§12.6
// says 2.01 captured as 2.03 is accepted; the vpostest.Ledger captures at
// most the pre-authorised amount, so the fake refuses it with V027); SHA-256
// request hashes; the real timing fields (sent as 0). Codes and texts the
// reference does not give are the fake's choice, marked "fake's wording"
// in codes.go: V018 for a void after the batch closed, V037 for a void
// after a refund and a refund with nothing left, V027, M042, M013,
// M016/M017 and the texts of V004, V015, V017. Inferred layouts (the
// refund and void refusals, the form-encoded inquiry, TxnHistory over
// Default.aspx, the empty daily history, half-secure 3DStatus values)
// follow the captured shapes closest to them.
package payfortest
