// Package payflextest is a fake VakıfBank / Ziraat PayFlex virtual POS
// ("VPOS 7/24"): an httptest server that speaks the MPI enrollment, the VPOS
// v4 prmstr XML API, the transaction search and the Common Payment v4
// hosted page, written from the protocol reference
// (../shared/docs/banks/payflex.md, cited as §n), never from the adapter in
// package payflex. Tests and the conformance suite run the adapter against
// it; users run their integration tests against it without sandbox
// accounts.
//
// # Pointing an adapter at it
//
//	bank := payflextest.NewServer()
//	defer bank.Close()
//	creds := bank.Credentials() // MerchantID, Password, TerminalNo, MerchantType
//	// VPOS v4       bank.VPOSURL()        (…/VposService/v3/Vposreq.aspx)
//	// search        bank.SearchURL()      (…/UIService/Search.aspx)
//	// MPI           bank.MPIURL()         (…/MPIAPI/MPI_Enrollment.aspx)
//	// CP register   bank.CPRegisterURL()  (…/CommonPayment/api/RegisterTransaction)
//	// CP page       bank.CPGateURL()      (…/CommonPayment/SecurePayment)
//	// CP query      bank.CPQueryURL()     (…/CommonPayment/api/VposTransaction)
//	// HTTP client   bank.HTTPClient()     (so that vpostest.FaultConnRefused works)
//
// # What is emulated
//
// VPOS v4 (§4.4, §5, §10): a form field prmstr holding a VposRequest (a raw
// XML body is accepted too). Every request is checked: MerchantId (9039),
// Password (5001), TerminalNo for Sale, Auth and Capture (0962; optional for
// Cancel and Refund, but checked when sent), ClientIp (1096),
// TransactionType (1082), a reused TransactionId (1006). Sale and Auth
// without MPI fields need TransactionDeviceSource (1121), CurrencyCode 949,
// 840, 978, 826, 392 or 643 (1077), CurrencyAmount "100.00" style (1047),
// NumberOfInstallments empty, 0, 1 or 2..12 and TRY only (1060, 1104),
// OrderId (1078), Pan with Luhn (1051), Expiry YYYYMM (1052), Cvv 3-4 digits
// (1050). Outcomes come from the card book: host declines 0051, 0005, 0041,
// 0043, 0054 (also for a past Expiry) and 0312 "RED-GEÇERSİZ KART" for the
// wrong-CVV card; declines carry a TransactionId, Rrn and AuthCode 000000.
// An order id with an approved, cancelled or refunded transaction is 1061.
// A TransactionId sent is echoed, otherwise a 32-character id is generated.
//
// Follow-ups name the sale, Auth or Capture by ReferenceTransactionId
// (unknown: 0540; a refund, cancel or declined reference: 1089; empty:
// 1054) and get a new TransactionId, AuthCode and Rrn:
//
//   - Capture of an Auth, full or partial, once (not an Auth 0320, second
//     capture 1065, cancelled 1088, more than authorised 0323);
//   - Cancel the same Istanbul day (later 2202; again 1083; after a refund
//     1089); cancelling a captured Auth voids the whole order;
//   - Refund, partial and repeated (CurrencyAmount required, 1047; of a
//     cancelled sale 0982; more than the sale 0984; more than is left 1046;
//     nothing left 1059; an uncaptured Auth 1089).
//
// Refusals are the three-element frame ResultCode, ResultDetail,
// InstallmentTable (§10.2) and change nothing.
//
// Search (§6, §10.5): SearchRequest by TransactionId (wins) or OrderId (the
// approved sale/Auth, else the last attempt), with IsCanceled and IsRefunded
// (full and partial alike) taken from the ledger. Wrong merchant or password
// 9065, no criteria 4000, nothing found 9601 (fake's choice), all as
// ResponseInfo Status Error.
//
// MPI 3-D Secure (§4): VerifyEnrollmentRequest (form fields) answers an
// IPaySecure with VERes Status Y, PaReq, TermUrl, MD and ACSUrl for every
// valid card; a wrong MerchantId, MerchantPassword or MerchantType is Status
// E with MessageErrorCode 2005, other validation errors Status E with a
// ResultCode-table code (reused VerifyEnrollmentRequestId 1128, BrandName
// not matching the PAN 1100, ...). The ACS page (vpostest.WriteACSPage)
// posts to the MPI's TermUrl, which posts the unsigned callback (§4.3) to
// SuccessUrl for Status Y (success) or A (attempt) and to FailureUrl for N
// (failure) or U (not enrolled); Eci 05/06 Visa, 02/01 Mastercard, a
// 28-character Cavv for Y and A.
//
// The 3-D provision is a Sale or Auth with MpiTransactionId, ECI and CAVV.
// The bank trusts its MPI record, never the callback: MpiTransactionId
// empty 1114, unknown or another merchant's 1115, already provisioned 1128,
// no ACS answer yet 1126, Status N or U 0400, ECI or CAVV missing 0581,
// ECI differs 1116, CAVV differs 1117. Card data and amount may be left out
// (CP.VPOS style, §4.4); when sent they must equal the enrollment (1126).
// Amount, currency, installments and card come from the enrollment, so a
// forged callback can never book: Status=Y typed by an attacker changes
// nothing at the bank. Replies carry ECI and ThreeDSecureType 2.
//
// Common Payment v4 (§9): RegisterTransaction (form fields; HashedData per
// CPHash, wrong 5007; HostMerchantId 6018, MerchantPassword 6027,
// HostTerminalId 0962; IsSecure must be true, else 1111) answers an XML
// CommonPaymentResponse with CommonPaymentUrl and PaymentToken. The browser
// GETs CommonPaymentUrl?Ptkn=token; without a registered card (3D Host) a
// card page prefilled with Cards().ThreeD is shown, with one (3D Pay) it
// goes straight to the ACS. After the ACS the bank books (ThreeDSecureType
// 3) and sends Rc, Message, TransactionId, PaymentToken, ErrorCode, HostRc,
// OrderID, AuthCode, Rrn as a GET to SuccessUrl (Rc 0000) or FailUrl. The
// merchant confirms with VposTransaction (HostMerchantId, MerchantPassword,
// HostTerminalId, PaymentToken, TransactionId). The booked transaction can
// be cancelled and refunded through VPOS v4.
//
// Every endpoint is wrapped by Faults().Wrap. Nothing signs a callback, so
// UnsignedCallbackFields lists them all. The fake never keeps a full PAN or
// a CVV.
//
// # Left out
//
// IP allow-listing (1105), sub-dealers, recurring payments, batch close
// (BatchClosedSuccessSearch) and end-of-day, points and campaigns,
// InstallmentTable content, the Ziraat HostDate format, Common Payment
// without 3-D (IsSecure false) and AllowNotEnrolledCard, cancelling a
// refund, IsReversed. Layouts payflex.md marks as inferred (the IPaySecure
// reply, the search reply) and those it does not give (the Common Payment
// replies) are the fake's choice, documented on the types.
package payflextest
