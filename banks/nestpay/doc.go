// Package nestpay is the vpos adapter for NestPay, the Asseco SEE / Payten
// "EST" virtual POS that most Turkish banks run: Akbank (legacy
// sanalakpos), İşbank, Halkbank, Ziraat Bankası, TEB, Şekerbank, QNB
// Finansbank's older "fbwebpos", Anadolubank, ING, Alternatif Bank, Türkiye
// Finans and Cardplus. One protocol serves them all; the bank is chosen by
// the Endpoint (IsbankProd, ZiraatTest, AkbankProd, AssecoTest, ...), and
// every bank of the protocol reference has a test and a production value.
//
//	client, err := nestpay.Open(nestpay.Config{
//		ClientID: "700655000200", User: "ISBANKAPI", Password: pw, StoreKey: key,
//		Endpoint: nestpay.IsbankProd,
//	}, &vpos.Options{Company: "ACME", POS: "isbank"})
//
// The facts come from the project's protocol reference
// (shared/docs/banks/nestpay.md); comments cite its sections.
//
// # What it covers
//
// Server to server, one XML document (CC5Request, answered by a
// CC5Response) per call to …/fim/api: sale (Type Auth), pre-authorisation
// (PreAuth) and its capture, full or partial (PostAuth), void of the whole
// order before the bank's end of day (Void), full, partial and multiple
// refunds (Credit), the status of an order (Extra ORDERSTATUS) and the
// history of an order (Extra ORDERHISTORY). Installments (Taksit, 2 to 12;
// empty for a single payment) and the currencies of nestpay.md §3 (TRY,
// USD, EUR, GBP, JPY, RUB as ISO 4217 numeric codes) are supported; amounts
// are sent as decimal major units ("100.25"). Requests are written in
// ISO-8859-9, as the banks declare theirs, so Turkish letters in names and
// e-mail addresses travel as the bank expects; replies are read in the
// charset they declare (ISO-8859-9, UTF-8, Windows-1254, ...).
//
// All four 3-D Secure models (storetype): 3d, 3d_pay, 3d_host and
// 3d_pay_hosting. Begin3D builds the form for the bank's gate
// (…/fim/est3Dgate; Akbank's hosted pages have a gate of their own, see
// Endpoint.HostedGate3D); the Client's Complete3D hands the callback to
// ParseCallback, which verifies the signature before reading anything,
// then, in the 3d model, the provision is sent with the callback's md,
// xid, eci and cavv; in the other models the bank has already charged and
// the result is read from the signed callback.
//
// Not covered: MOTO (the protocol documents no mail/telephone order flag,
// so Features.MOTO is false), recurring payments (PbOrder) and their
// cancellation, İşbank's IMECE card query, loyalty points.
//
// # History
//
// NestPay has no date-range query (nestpay.md §4; mewebstudio/pos throws
// NotImplemented for it). The provider declares Features.OrderHistory, not
// Features.History: Client.History with an OrderID returns that order's
// transactions (its sale or pre-authorisation, captured or voided in place
// as the bank keeps it, its refunds and failed attempts), and a date-range
// request is refused as unsupported without any request to the bank.
// End-of-day reconciliation of a whole day reads the bank's merchant-panel
// export instead.
//
// Status reads ORDERSTATUS. The bank describes one transaction of the
// order there (the latest successful one); when that is a refund, Status
// also reads the order's history to report the sale's amounts and the sum
// of the refunds, so Result.Status is approved, declined, voided, refunded
// or partially_refunded, and CapturedAmount tells a captured
// pre-authorisation from an open one.
//
// # Approval and return codes
//
// Only Response "Approved" together with ProcReturnCode "00" approves.
// The codes ISO 8583 calls approvals with conditions (02, 08, 10, 11, the
// "fake approvals" of the NestPay manual) are declines (refer to issuer).
// A reply whose Response is missing or contradicts its ProcReturnCode is no
// answer: the outcome is unknown and the Client settles it with a status
// inquiry. Declines and errors are normalised by Normalize from
// ProcReturnCode, Extra/ERRORCODE (CORE-nnnn, BM-nnnn, ISO8583-nn, ...) and
// ErrMsg (returncodes.md §3.1); CORE-2507 (duplicate order) is
// returncodes.DuplicateOrder and ISO8583-92 (timeout, reversal in progress)
// returncodes.TimeoutUnknown, both settled by a status inquiry.
//
// # mdStatus
//
// mdStatus 1 is full authentication; 2, 3 and 4 are "half secure"
// attempts; 0 and 5 to 8 are failures (threed.MDStatus). In the 3d model
// the Client provisions only after full authentication, or after an
// attempt too with vpos.Options.Accept3DAttempts; otherwise the payment is
// declined as returncodes.ThreeDSFailed without contacting the bank. In
// the models where the bank provisions, the bank's payment fields decide:
// a callback with Response "Approved" and ProcReturnCode "00" is a payment
// whatever mdStatus says (a bank that charged must not be reported as a
// decline), a callback that failed 3-D Secure and carries no approval is a
// decline for the 3-D Secure reason (MDStatusReturn), and a fully
// authenticated callback without any payment fields is an unknown outcome
// that the Client settles with a status inquiry.
//
// # Hashes
//
// Config.HashVersion selects the signature of gate forms and callbacks
// (nestpay.md §7). HashVer3, the default and mandatory at Payten since
// July 2024: Base64 of SHA-512 over the values of every posted field but
// hash and encoding, sorted by field name in PHP's natural case-insensitive
// order (that of Payten's own sample), each value escaped ("\" to "\\",
// then "|" to "\|") and joined by "|", with the store key last. Callbacks
// are verified the same way over every posted field but HASH, encoding and
// Ziraat's unsigned nationalidno. HashLegacy, the deprecated SHA-1 hash:
// requests sign clientid, oid, amount, okUrl, failUrl, islemtipi, taksit
// and rnd; callbacks sign the fields their HASHPARAMS names, which must
// include clientid, oid and mdStatus (and Response, ProcReturnCode and
// AuthCode when present), since a list that left them out would let a
// tampered callback pass. Under the legacy hash the other callback fields
// are not signed; the Client still refuses a callback whose order, amount,
// currency or model differ from the payment that was started.
//
// Config.VerifyCallback judges the signature alone, in constant time, for
// applications that handle callbacks themselves; Config.SignCallback is
// its test counterpart. A callback without a signature is refused even
// when it reports a failed authentication.
//
// # Testing
//
// Package nestpaytest is a fake NestPay bank written from the same
// reference, without this package's code; the conformance suite
// (vpostest.RunProviderTests) runs against it with the ver3 and the
// legacy hash, and against the real test environment when the
// VPOS_SANDBOX_NESTPAY_* variables are set (sandbox_test.go).
package nestpay
