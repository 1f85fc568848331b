// Package nestpaytest is a fake NestPay (Asseco/Payten "EST") bank for
// tests: the XML API and the 3-D Secure gate that İşbank, Akbank (legacy),
// Halkbank, Ziraat, TEB, Şekerbank, QNB (fbwebpos), ING, Anadolubank and the
// other NestPay banks run, on a loopback httptest.Server. It is written from
// the protocol reference (docs/banks/nestpay.md) and shares no code with the
// vpos NestPay adapter, so it catches the adapter's misreadings instead of
// repeating them.
//
// # Using it in your tests
//
//	bank := nestpaytest.NewServer()
//	defer bank.Close()
//	creds := bank.Credentials()
//
// Point the NestPay adapter at it: the API endpoint is bank.APIURL() (the
// real path, /fim/api), the 3-D Secure gate is bank.GateURL()
// (/fim/est3Dgate); the client id, API user, API password and store key are
// creds.ClientID, creds.User, creds.Password and creds.StoreKey; and the
// HTTP client is bank.HTTPClient(), which the fault injector needs for
// vpostest.FaultConnRefused. With the vpos NestPay adapter that is, in
// outline, a nestpay.Config whose endpoint holds the two URLs and whose
// credentials are the four values above, opened with
// &vpos.Options{HTTPClient: bank.HTTPClient()}.
//
// The test cards are bank.Cards() (vpostest.DefaultCards unless WithCards):
// each gives its outcome (approve, 51 insufficient funds, 05 do not honour,
// 41 lost, 43 stolen, 54 expired, 82 CVV error); any other Luhn-valid card
// is approved. bank.Ledger() shows what the bank booked, bank.Faults() arms
// faults for the next request and counts requests, bank.EndOfDay() closes
// the batch. To play the shopper of a 3-D Secure payment, give the
// merchant's gate form to bank.ACS with the ACS outcome you want; it returns
// the fields the bank posts to okUrl or failUrl.
//
// # The XML API
//
// POST /fim/api takes a CC5Request as the raw body (whatever the
// Content-Type), or as DATA=<xml>, URL-encoded or verbatim; the request
// prolog may declare UTF-8, ISO-8859-1 or ISO-8859-9. The reply is always
// 200 OK, text/xml, a CC5Response declared and encoded ISO-8859-9 (Turkish
// letters as Latin-5 bytes, anything else as character references).
// Payment, post-auth, void and credit replies carry the nine elements
// OrderId, GroupId, Response, AuthCode, HostRefNum, ProcReturnCode, TransId,
// ErrMsg and Extra in that order; Extra always has TRXDATE, ERRORCODE and
// NUMCODE.
//
//   - Name, Password and ClientId must match, else the EST "Insufficient
//     permissions" reply (ProcReturnCode 99, Extra/HOSTMSG).
//   - Type Auth / PreAuth with Number (PAN), Expires (MM/YY), Cvv2Val,
//     Total ("100.25", "1.1", "1"), Currency (949, 840, 978, 826, 392, 643)
//     and Taksit (empty for a single payment, 2..12 in TRY; OYGO's
//     Instalment is read too). A missing OrderId is numbered by the bank.
//     Issuer declines answer Response Declined, ProcReturnCode NN,
//     ERRORCODE ISO8583-NN with a Turkish ErrMsg; an expired card answers
//     54, a malformed CVV 82.
//   - Type Auth / PreAuth with Number = the callback md (3d and 3d_host
//     models): PayerTxnId, PayerSecurityLevel and PayerAuthenticationCode,
//     Total, Currency and Taksit must match the authentication when sent
//     and are taken from it when not. The md must belong to an
//     authentication of this order with mdStatus 1, 2, 3 or 4 (half secure
//     is the merchant's choice, nestpay.md §6.3) and is used once.
//   - PostAuth captures an open pre-authorisation once, fully (no Total) or
//     partly; the rest of the hold is released.
//   - Void cancels the sale (or the captured pre-authorisation) of the
//     current batch, by OrderId or by the sale's TransId.
//   - Credit refunds, by OrderId or TransId: no Total refunds the rest,
//     several partial credits are allowed up to the captured amount.
//   - Extra/ORDERSTATUS=QUERY and Extra/ORDERHISTORY=QUERY answer in the
//     shapes of nestpay.md §13.3 and §13.4: amounts in minor units, TAB
//     separated ORDERSTATUS and TRXn records (TRX1 the newest), TRANS_STAT
//     A (open pre-auth), C (sale, captured pre-auth or credit of the
//     current batch), S (the same after EndOfDay), V (voided, with
//     VOID_DTTM), D (failed). The status describes the latest successful
//     transaction: after a refund the credit (CHARGE_TYPE_CD C).
//
// Error codes (ProcReturnCode 99, Response Error, NUMCODE 99nnnn unless
// noted): CORE-2507 duplicate order id; CORE-2008 no voidable sale (also
// for a second void, an unknown order, a settled sale), no open pre-auth
// for PostAuth, no refundable sale for Credit; CORE-2506 capture of more
// than was pre-authorised or of zero; CORE-2504 zero refund; CORE-2508
// refund before end of day (WithBatchRules only); 215021 "Net Tutar 0."
// when nothing is left to refund and "Iade tutari net tutari asiyor." for
// an over-refund (Response Declined); CORE-2012 malformed PAN and unknown,
// reused, failed or mismatched md; CORE-2011 malformed Expires; CORE-2015
// missing Number; CORE-2009 zero Total; CORE-1024 negative Total;
// CORE-1018 malformed Total; CORE-1010 unknown currency; CORE-2603 bad
// Taksit; CORE-2001 unknown Type; CORE-1006 bad Mode; CORE-1015 OrderId
// over 64 characters; CORE-1001 a body that is not a CC5Request.
// Status of an unknown order: "No record found for <oid>", ProcReturnCode
// 99, Response Declined; history of an unknown order: ProcReturnCode 05,
// TRXCOUNT 0.
//
// # The 3-D Secure gate
//
// POST /fim/est3Dgate (any letter case) takes the merchant's form for
// storetype 3d, 3d_pay, 3d_host and 3d_pay_hosting (any case). The hash is
// checked first: ver3 (hashAlgorithm=ver3; SHA-512 over every field but
// hash and encoding, natural case-insensitive name order, `\` and `|`
// escaped, store key last; see HashVer3), and with WithLegacyHash also the
// legacy SHA-1 of clientid, oid, amount, okUrl, failUrl, islemtipi, taksit,
// rnd and the store key (or without islemtipi and taksit). A refused form
// (bad hash HPP-1005, unknown clientid HPP-1006, malformed card HPP-1001,
// other field errors HPP-1007) is answered with an auto-submitting form to
// failUrl carrying the echoed fields, Response=Error, ProcReturnCode=99,
// ErrMsg and ErrorCode, no mdStatus and no signature.
//
// For 3d and 3d_pay the card comes in the form (pan,
// Ecom_Payment_Card_ExpDate_Month, Ecom_Payment_Card_ExpDate_Year, cv2) and
// the gate shows the issuer's ACS page (vpostest.WriteACSPage). For 3d_host
// and 3d_pay_hosting the gate shows the bank's payment page, a plain HTML
// form asking for the card, then the ACS page. The ACS answer gives mdStatus
// by vpostest.ACSOutcome.MDStatus (1 success, 0 failure, 4 attempt, 2 not
// enrolled), and the bank posts the callback to the merchant with an
// auto-submitting form; it never calls the merchant itself.
//
// The callback echoes every field the merchant posted except the card
// number, CVV and hash, and adds ReturnOid, mdStatus, mdErrorMsg, txstatus,
// md (<BIN6>:<64 hex>:<4 digits>:##<clientid>), xid, eci and cavv (with a
// full or attempted authentication), maskedCreditCard, MaskedPan, the
// expiry, merchantID, merchantName, clientIp and the other fields of
// nestpay.md §6.2; taksit is always present.
//
//   - 3d and 3d_host authenticate only: the merchant provisions through the
//     API with the md. The callback goes to okUrl for mdStatus 1 to 4 and to
//     failUrl otherwise.
//   - 3d_pay and 3d_pay_hosting: the bank provisions after a full
//     authentication (mdStatus 1) and adds Response, ProcReturnCode,
//     AuthCode, HostRefNum, TransId, ErrMsg, ErrCode, SettleId and EXTRA_*
//     fields. Half-secure (2, 3, 4) and failed authentications are not
//     charged (Response Declined, ProcReturnCode 99): NestPay clients accept
//     only mdStatus 1 in these models. The callback goes to okUrl when
//     approved, failUrl otherwise.
//
// Callbacks are signed with ver3 (HASH over every field but HASH and
// encoding) or, with WithLegacyHash, with HASHPARAMS, HASHPARAMSVAL and the
// SHA-1 HASH. vpostest.FaultBadCallbackSignature makes the next callback
// carry a wrong signature. SignCallback re-signs any field set the way the
// bank does.
//
// # Faults
//
// Every request (API, gate, payment page, ACS) goes through
// vpostest.Faults.Wrap: FaultHTTP500 answers 500 without booking,
// FaultHangAfterBook books and never answers, FaultMalformedReply books and
// answers a truncated body; FaultConnRefused needs HTTPClient.
//
// # What the fake leaves out
//
// Recurring orders (PbOrder, RECURRINGID, recurring cancel), the İşbank
// IMECE card query, Extra/PREAMT over-capture (a capture above the
// pre-authorised amount is refused, as the vpostest.Ledger books one
// capture up to the hold), voids of credits, Ziraat's nationalidno,
// loyalty points, DCC and the merchant panel's reports. Error codes the
// reference does not give (duplicate order text, over-refund text, the gate
// HPP codes other than HPP-1001, md errors) are the fake's own choice and
// marked so above.
//
// No full card number or CVV is kept: the ledger and the 3-D Secure
// sessions hold masked numbers, and generated references use only the
// digits 0 to 5 so that the test CVVs cannot appear in a reply.
package nestpaytest
