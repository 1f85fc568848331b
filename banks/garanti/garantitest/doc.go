// Package garantitest is a fake Garanti BBVA virtual POS (GVP, "GVPS"):
// an httptest server that speaks the bank's GVPSRequest XML API and runs its
// 3-D Secure gate and a fake issuer ACS, written from the protocol
// reference (../shared/docs/banks/garanti.md, cited below as §n), never
// from the adapter in package garanti. Tests and the conformance suite
// (vpostest.RunProviderTests) run the adapter against it; users run their
// own integration tests against it without sandbox accounts.
//
// # Pointing an adapter at it
//
//	bank := garantitest.NewServer()
//	defer bank.Close()
//	creds := bank.Credentials()
//	// the adapter's configuration:
//	//   API endpoint  bank.APIURL()   (the real .../VPServlet)
//	//   3D gate       bank.GateURL()  (the real .../servlet/gt3dengine)
//	//   MerchantID, TerminalID, ProvUser/ProvPassword (PROVAUT),
//	//   RefundUser/RefundPassword (PROVRFN), StoreKey: from creds
//	//   HTTP client   bank.HTTPClient() (so that vpostest.FaultConnRefused works)
//
// bank.ACS(ctx, form, outcome) plays the shopper for a 3-D Secure form:
// it posts the form to the gate, answers the ACS page and returns the
// callback fields the bank would post to successurl or errorurl.
// bank.SignCallback signs forged callbacks the way the bank does,
// bank.UnsignedCallbackFields lists the callback fields the bank's hash
// does not cover, bank.Ledger() shows what was booked and bank.Faults()
// arms failures. The default credentials are fake (terminal 30691297,
// merchant 7000679, PROVAUT/PROVRFN with long passwords); the cards are
// vpostest.DefaultCards, whose outcomes come from the card book.
//
// # What is emulated
//
// The XML API (POST /VPServlet, raw XML whatever the Content-Type, or a
// form field "data" holding it):
//
//   - Every request is authenticated (§3, §6, §7): Mode TEST or PROD;
//     Version 512 (v0.00/v0.01 with WithLegacyHash, the other refused with
//     92/0651); Terminal/ID and MerchantID (92/0752); ProvUserID PROVAUT or
//     PROVRFN and HashData = UPPER(HEX(SHA512(OrderID + TerminalID +
//     CardNumber + Amount + CurrencyCode + SecurityData))), SecurityData =
//     UPPER(HEX(SHA1(password + terminal id padded to 9 digits))) with the
//     password of that user (legacy: SHA-1, no currency), every part as
//     sent; a wrong one is 92/0651 "User password is incorrect".
//   - sales and preauth with a Card (Number, ExpireDate MMYY, CVV2, which
//     may be left out only with MotoInd Y), Amount in minor units (1 to 12
//     digits; zero is 92/0002 "TxnAmount field must not be zero ..."),
//     CurrencyCode 949, 840, 978, 826, 392 or 643, InstallmentCnt empty (or
//     0, 1) or 2 to 12, Customer/IPAddress mandatory (92/0002, as captured).
//     PROVRFN may not sell and PROVAUT may not void or refund (92/0652).
//   - Card outcomes from the card book: host declines 51, 05, 41, 43, 54,
//     and a wrong CVV as Garanti reports it, Code 12 with SysErrMsg
//     "CVC2/4CSC HATALI" (§12.2, returncodes.md §3.2), never 82; a past
//     ExpireDate is 54; a number failing the Luhn check is 14. Declines carry
//     RetrefNum, BatchNum and SequenceNum but no AuthCode.
//   - postauth (OriginalRetrefNum of the pre-authorisation, or the order
//     id), full or partial, once; void (PROVRFN, amount ignored) of a sale,
//     pre-authorisation or capture on the day and batch of the transaction;
//     refund (PROVRFN), full, partial and several partials up to the
//     captured amount. A follow-up finds its order by OriginalRetrefNum
//     (which must then belong to Order/OrderID when that is sent too) or,
//     without one, by Order/OrderID.
//   - orderinq in the §12.3 shape (Status APPROVED, WAITINGPOSTAUTH, VOID,
//     REFUNDED for full and partial refunds alike, DECLINED; AuthAmount
//     stays the original amount), orderhistoryinq (§12.4: one OrderTxn per
//     transaction, oldest first, refused follow-ups as failed rows) and
//     orderlistinq (§12.5: StartDate and EndDate dd/MM/yyyy HH:mm in
//     Europe/Istanbul, both minutes inclusive, at most 30 days apart, 500
//     rows a page by ListPageNum). Note that orderlistinq rows carry the
//     card's ExpireDate as the real bank's do: redact it in logs.
//   - Replies always carry every block (§12.1), Source HOST for the
//     host's answers and GVPS for the platform's, a Transaction/HashData of
//     the right shape (its real formula is unknown and no client checks it).
//
// The reason codes garanti.md documents are used as documented (0002,
// 0108, 0110, 0208, 0651, 0752, host 05 "RPC-05 condition was raised").
// Where garanti.md found no answer, the fake uses the bank's published
// GVPS reason codes: a second sale or pre-authorisation of an approved
// order id is 92/0104 (duplicate order); a refund of more than is left
// 92/0214; void of an unknown transaction 92/0201, a second void or a void
// of a refunded order 92/0210; postauth of an unknown pre-authorisation
// 92/0102, of a captured, voided one or beyond its amount 92/0209; a user
// not allowed to do an operation 92/0652; a 3D provisioning whose Secure3D
// block does not fit an authentication 92/0804. A void after the batch is
// closed (CloseBatch) or on a later day is the host's 05 (§12.7).
//
// The 3-D Secure gate (POST /servlet/gt3dengine, §5, §12.6) accepts
// secure3dsecuritylevel 3D, 3D_PAY, 3D_FULL and 3D_HALF with the card in
// the form, checks the terminal, PROVAUT, apiversion and secure3dhash
// (SHA-512 with txncurrencycode, §6.2; SHA-1 without it in legacy mode) and
// shows the ACS page (vpostest.WriteACSPage). A form it refuses before the
// ACS (wrong hash, terminal, version, card) is posted back to errorurl as
// the real gate does: mdstatus 7, response Error, procreturncode 99,
// mderrormessage the reason code (0122 for a hash or version mismatch) and
// no hash, hashparams, md, cavv or eci. After the ACS the callback echoes
// the merchant's form fields (never the card fields) and adds the bank's:
// mdstatus per vpostest.ACSOutcome.MDStatus, eci (05/06 Visa, 02/01
// Mastercard), cavv, xid (a UUID), md, txnstatus, MaskedPan (first 8 and
// last 4 digits), rnd, and hashparams
// "clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:",
// hashparamsval and hash = UPPER(HEX(SHA512(hashparamsval + store key)))
// (legacy: Base64 SHA-1). Armed vpostest.FaultBadCallbackSignature signs
// the next callback with a wrong key. The callback page posts itself to
// successurl or errorurl.
//
//   - 3D: the bank only authenticates; successurl for mdstatus 1 to 4. The
//     merchant then provisions through the API: Type sales or preauth,
//     CardholderPresentCode 13, no Card, Secure3D{AuthenticationCode=cavv,
//     SecurityLevel=eci, TxnID=xid, Md=md}. The fake books only when md
//     belongs to an authentication (mdstatus 1 to 4) of that order id,
//     type, amount, currency and installment count with the same cavv, eci
//     and xid, and only once (92/0804 otherwise).
//   - 3D_PAY and 3D_HALF: the bank provisions after mdstatus 1 to 4 (full or
//     half-secure authentication, the set MEWS accepts, §5.3); 3D_FULL only
//     after mdstatus 1. The callback then carries response Approved or
//     Declined, procreturncode (00, the host code, or 92 with the GVPS
//     reason in errmsg), authcode (a single space when declined), hostrefnum
//     (the RetrefNum); successurl only when approved. After a failed
//     authentication nothing is provisioned and those fields are empty.
//     Because half-secure payments are charged, a merchant must decide
//     3D_PAY outcomes on procreturncode, not on mdstatus alone.
//
// Requests are counted (Faults().Requests(), Server.Requests per kind) and
// vpostest.Faults applies to every path (API, gate, ACS): HTTP 500 before
// processing, hang after booking, malformed reply; HTTPClient refuses
// connections while FaultConnRefused is armed. Close releases hanging
// requests first.
//
// By default a refund works on the day of the sale, as the vpostest
// Ledger and the conformance suite expect; WithBatchRules refuses refunds
// of transactions whose batch is still open (92/0208, §12.7) until
// CloseBatch. CloseBatch also marks the reports' Settlement "Y".
//
// # What is not emulated
//
//   - The common payment page and GarantiPay (secure3dsecuritylevel OOS_PAY,
//     3D_OOS_PAY, 3D_OOS_FULL, 3D_OOS_HALF, user PROVOOS): garanti.md says
//     they are not covered by its sources, so the gate answers them with
//     501 rather than inventing a protocol; 3D Host models are therefore
//     not available.
//   - bininq, recurring payments (Recurring), rewards and cheques (always
//     empty or zero), DCC, card holder names (CardHolderName empty), card
//     programmes (CardType empty).
//   - mdstatus 3, 5, 6, 8 and 9 from the ACS (the vpostest ACS offers 1, 0,
//     4 and 2); mdstatus 7 only as the gate's refusal.
//   - The real bank's reply HashData formula and IP allow-listing.
package garantitest
