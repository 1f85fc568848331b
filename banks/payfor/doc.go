// Package payfor is the vpos adapter for PayFor, the virtual POS platform
// of QNB Finansbank, also run by Ziraat Katılım and used by Enpara.com
// (payfor.md in the project's bank references; comments cite its
// sections). It is not QNB's older NestPay service ("fbwebpos", package
// nestpay) nor QNBpay.
//
//	client, err := payfor.Open(payfor.Config{
//		MerchantID: "085300000009704", UserCode: "QNB_API_KULLANICI_3DPAY",
//		UserPass: pass, MerchantPass: key, Endpoint: payfor.QNBFinansbankProd,
//	}, &vpos.Options{Company: "ACME", POS: "qnb"})
//
// Config.Endpoint is QNBFinansbankTest, QNBFinansbankProd,
// ZiraatKatilimTest or ZiraatKatilimProd (payfor.md §1), or explicit URLs:
// the XML API (…/XMLGate.aspx), the 3-D Secure gate (…/Default.aspx) and
// the 3d_host gate (…/3DHost.aspx). The institution code MbrId is
// Config.MbrID, else the endpoint's (5 QNB Finansbank, 12 Ziraat Katılım),
// else 5. payfor.md gives no host of Enpara's own: an Enpara merchant
// gives the URLs and institution code its bank names as an explicit
// Endpoint.
//
// # Operations
//
// Every server-to-server call is one PayforRequest XML document posted to
// the XML API, authenticated by MbrId, MerchantId, UserCode and UserPass
// (payfor.md §3), answered by a PayforResponse (or a TxnHistoryReport):
//
//	Sale        SecureType NonSecure, TxnType Auth, with the card (MOTO 1 for MOTO)
//	PreAuth     SecureType NonSecure, TxnType PreAuth, with the card
//	Capture     TxnType PostAuth by OrgOrderId, with PurchAmount (full or partial)
//	Void        TxnType Void by OrgOrderId (same day; the order's latest record)
//	Refund      TxnType Refund by OrgOrderId, with PurchAmount (full, partial, repeated)
//	Status      SecureType Inquiry, TxnType OrderInquiry by OrgOrderId (§12.4)
//	History     SecureType Report, TxnType TxnHistory by OrderId or ReqDate (§12.5)
//	Complete3D  SecureType 3DModelPayment with the callback's RequestGuid (3d model)
//
// Amounts are decimal major units with a dot ("100.25"), InstallmentCount
// is "0" for a single payment (never empty), Expiry is MMYY and the
// currency is the ISO 4217 numeric code (payfor.md §2, §10). Order ids are
// at most 50 characters; an amount above 200,000.00 is refused without a
// request (M019, Features.MaxAmount). A Capture or Refund of Amount 0
// (full) that the Client cannot fill from its store first reads the amount
// with an OrderInquiry: PostAuth and Refund must name one.
//
// Approval is ProcReturnCode "00" and nothing else (a reply whose
// TxnResult contradicts it, or whose TransId names another order, is no
// answer: the outcome is unknown and the Client settles it with a status
// inquiry). PayFor's replies carry no transaction id of their own (TransId
// echoes the order id, §12.1), so Result.TransactionID and RRN are
// HostRefNum, the 12-digit reference that reports call F37; it is filled on
// declines too.
//
// Status reads OrderInquiry, which describes the order's original payment
// record (the PostAuth record once a pre-authorisation is captured):
// declined (ProcReturnCode not 00, TxnStatus N), voided (TxnStatus V or
// IsVoided), refunded or partially refunded (IsRefunded, RefundedAmount
// against the captured amount), approved otherwise, unknown while pending
// (TxnStatus P, V000). CapturedAmount is the sale's or the PostAuth's
// amount and 0 for an open pre-authorisation. When the bank flags a refund
// without a RefundedAmount, Status adds up the refunds of the order's
// TxnHistory. An order the bank does not know (V013) is NotFound.
//
// History declares both Features.History and Features.OrderHistory:
// TxnHistory by OrderId returns every transaction of one order (sale or
// pre-authorisation, PostAuth, Void, Refund and failed attempts, oldest
// first); a date range asks TxnHistory by ReqDate for each Europe/Istanbul
// day of the period (at most MaxHistoryDays) and keeps the rows inside it.
// A refund row's amount is its RefundedAmount (payfor.md §12.5).
//
// Not supported: single-refund lookup (Features.RefundLookup: PayFor's
// OrderInquiry reports the refunded total and TxnHistory lists every
// refund, so the Client needs no per-refund query); the 3d_pay_hosting
// model (PayFor has none, §5); recurring payments, ParaPuan (loyalty)
// inquiry and payment, QR and payment links, batch close and end-of-day
// reports (payfor.md §3 and §11 name them but do not specify them); the
// form-encoded API of Default.aspx and its "Key=Value;;" replies (the XML
// API is equivalent, §1).
//
// # Return codes
//
// Normalize maps ProcReturnCode (payfor.md §7, §12.2; returncodes.md §3.5):
// two-digit ISO 8583 host codes through the ISO table (QNB's 34 is a wrong
// CVV2); V013, M027, P002 NotFound; V014 (refund before end of day: void
// instead), V015, V017, V025, V026, V037 InvalidTransactionState; 101310 and
// V029 DuplicateOrder, which the Client settles with a status inquiry;
// V001, V004, V008, M030, M047, M049 AuthError; MR15, V034 and the other 3-D
// Secure codes ThreeDSFailed; M041 InvalidCard; M004, M019 InvalidAmount;
// the other M codes InvalidRequest; V000, V020 and the host connection
// errors V9196, V9199 TimeoutUnknown. V033 ("3-D verification successful")
// never approves.
//
// # 3-D Secure
//
// Three models (payfor.md §5): 3d (SecureType 3DModel) and 3d_pay (3DPay)
// post the card to Endpoint.Gate3D; 3d_host (3DHost) sends the shopper to
// Endpoint.HostedGate3D and is offered only when that is set. Begin3D's
// form carries MbrId, MerchantID, UserCode, SecureType, TxnType (Auth or
// PreAuth), InstallmentCount, Currency, OkUrl, FailUrl, OrderId, an empty
// OrgOrderId, PurchAmount, Lang, a random Rnd and Hash = Base64(SHA-1(MbrId
// + OrderId + PurchAmount + OkUrl + FailUrl + TxnType + InstallmentCount +
// Rnd + MerchantPass)) (§6), plus CardHolderName, Pan, Expiry and Cvv2 in
// 3d and 3d_pay. UserPass is never in a form.
//
// The bank posts its whole PaymentRequest record to OkUrl or FailUrl
// (§12.3). ParseCallback verifies ResponseHash before it reads anything,
// in constant time (Config.VerifyCallback): Base64 of the SHA-1 of
// MerchantId + MerchantPass + OrderId + AuthCode + ProcReturnCode +
// 3DStatus + ResponseRnd + UserCode, or of its SHA-256 for merchants on
// the newer hash setting (no HashType and a 44-character hash, or HashType
// Sha256; §12.3). MerchantId and UserCode are the Config's, so a callback
// for another merchant fails. A callback without ResponseHash is refused,
// even when it reports a failure. Verified by the signature are thus the
// order, the payment result (ProcReturnCode, AuthCode), the 3-D Secure
// outcome (3DStatus) and the merchant. Not signed by the bank, and checked
// instead:
//
//   - every field the hash covers must be posted (the bank posts unused
//     ones empty; a callback without one was edited), and MerchantID must
//     be the Config's, empty only in a failure (the bank's duplicate-order
//     callback); MbrId, when posted, must be the Config's;
//   - PurchAmount, Currency and SecureType are read into the Callback, and
//     the Client refuses a callback whose amount, currency or model differ
//     from the payment that was started (a callback that reports success
//     must carry a readable amount and currency);
//   - TxnType and InstallmentCount, when posted, must match the pending
//     payment (BindCallback);
//   - every approval, in every model, is confirmed with an OrderInquiry
//     before it is reported: the Result's amount and currency are the
//     bank's record, so a booking that differs from the payment started
//     (the form's Currency is not in the request hash, so a shopper could
//     change it at the gate) is refused by the Client and left unknown for
//     an operator rather than reported as approved; an inquiry that fails
//     leaves the outcome unknown for the Client's status inquiries.
//
// HostRefNum, TransId, RequestGuid, Eci and the rest are informational.
// In the 3d model the callback of a successful authentication carries
// ProcReturnCode V033, which is not a payment; ParseCallback sets
// Callback.MerchantProvisions, the Client applies its 3DStatus policy (1
// full authentication; 2, 3, 4 half secure only with
// vpos.Options.Accept3DAttempts; -1, 0 and anything else declined as
// ThreeDSFailed without a request), and Complete3D sends 3DModelPayment
// with the callback's RequestGuid and the order id (no MbrId or
// MerchantId, §3); the bank books what it authenticated and answers 00 or
// a decline. RequestGuid is not signed; the request names the order with
// it, and an approval is confirmed by OrderInquiry as above. In 3d_pay and
// 3d_host the bank has booked or declined already: approved exactly on
// ProcReturnCode 00 (whatever 3DStatus says), a ThreeDSFailed decline when
// 3-D Secure failed (MR15, V034), the mapped code otherwise (101310 for a
// reused order id).
//
// mewebstudio/pos skips the callback hash for Ziraat Katılım ("hash check
// does not work", §1); the adapter does not. That library computes SHA-1
// only, and §12.3 shows that merchants on the newer setting are signed with
// SHA-256, which the adapter verifies too; that this explains the Ziraat
// Katılım note is an assumption. A callback that cannot be verified is
// refused as InvalidCallback, never trusted.
//
// # Testing
//
// Package payfortest is a fake PayFor bank written from the same reference,
// without this package's code. The sandbox contract test (sandbox_test.go)
// runs the provider suite against the bank's test environment when the
// VPOS_SANDBOX_PAYFOR_* variables are set; QNB's public test merchant
// (payfor.md §9) works there.
package payfor
