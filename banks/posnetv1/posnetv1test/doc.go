// Package posnetv1test is a fake Albaraka Türk POSNET V1 virtual POS: an
// httptest server that speaks the bank's JSON service and runs its 3-D
// Secure gate and a fake issuer ACS, written from the protocol reference
// (../shared/docs/banks/posnet.md §10 and §12, cited below as §n), never
// from the adapter in package posnetv1.
//
// # Pointing an adapter at it
//
//	bank := posnetv1test.NewServer()
//	defer bank.Close()
//	creds := bank.Credentials() // MerchantNo, TerminalNo, PosnetID, EncKey
//	//   JSON service  bank.APIURL() + "/Sale" ... (the real .../MerchantJSONAPI.svc)
//	//   3D gate       bank.GateURL()  (the real .../SecureProcess/SecureVerification.aspx)
//	//   HTTP client   bank.HTTPClient() (so that vpostest.FaultConnRefused works)
//
// The default credentials are §10's test account (MerchantNo 6702640212,
// TerminalNo 67C16990, PosnetID 1010062861356072, ENCKEY
// "10,10,10,10,10,10,10,10"). MAC is §10's formula; the worked examples
// of §10 are its tests.
//
// # The JSON service
//
// POST application/json to APIURL()+"/Sale", "/Auth", "/Capture",
// "/Reverse", "/Return" or "/TransactionInquiry" (operation names are
// matched case-insensitively; others are 404, non-POST 405). Replies are
// 200 application/json, errors too. Every request needs ApiType "JSON",
// ApiVersion "V100", the terminal's MerchantNo and TerminalNo (else 0148
// "INVALID MID TID IP. Hatalı IP:<caller's IP>"), MACParams and MAC:
// MAC must be Base64(SHA-256(the values of the fields MACParams names,
// joined without separator, + ENCKEY)), else E216 "Mac Doğrulama hatalı".
// The fake's rule is that MACParams names at least MerchantNo and
// TerminalNo; which other fields it names is the client's choice. Fields
// are looked up by name at any depth, for the MAC and for the operation
// alike (top level first, then nested objects such as
// CardInformationData and ThreeDSecureData); a JSON number and a string of
// digits are the same ("Amount": 175 or "175"); a named field that is
// absent counts as "".
//
//   - Sale and Auth: OrderId exactly 20 characters, left-padded with 0;
//     Amount in kuruş; CurrencyCode TL, US, EU, GB, JP or RU;
//     InstallmentCount "0" (or "1") single, "2" to "12" TL only; CardNo
//     (Luhn, else 0014), ExpireDate YYMM (a past one is 0054), Cvc2. The
//     card book answers: declines carry the ISO code zero-padded (0051,
//     0005, 0041, 0043, 0054, 0082). A reused order id is 0127
//     "ORDERID DAHA ONCE KULLANILMIS". Replies are §12's frame:
//     ServiceResponseData{ResponseCode "00", ResponseDescription
//     "Onaylandı"}, AuthCode (6 digits), ReferenceCode (18 digits, the
//     HostLogKey), PointDataList (six zero-point entries), InstallmentData
//     and MessageData null; errors carry null AuthCode, ReferenceCode and
//     PointDataList.
//   - Follow-ups name their transaction by ReferenceCode (of any of the
//     order's transactions) or by OrderId: the 20-character id of a non-3D
//     order, "TDS_" + it for a 3-D Secure order (§10); the other form, or
//     an unknown reference, is E219 "Kayıt Bulunamadı".
//   - Capture (ReferenceCode or OrderId of an Auth, Amount, CurrencyCode):
//     full or partial, once; more than authorised is 0125.
//   - Reverse (ReferenceCode or OrderId, optional TransactionType Sale,
//     Auth or Capture): same Istanbul day only; an Auth whose Capture
//     stands must have the Capture reversed first; reversing the Capture
//     voids the whole pre-authorisation (a limit of vpostest.Ledger).
//   - Return (ReferenceCode or OrderId, Amount, CurrencyCode): full,
//     partial or several partials up to what was taken.
//   - TransactionInquiry (OrderId or ReferenceCode): ResponseCode "0000"
//     "Başarılı" and TransactionData, one row per operation, newest first:
//     Amount "1.234,56", AuthCode, CardNo "400000******0006", CurrencyCode,
//     HostLogKey, OrderId (as follow-ups name the order),
//     TransactionDate "2006-01-0215:04:05.000" (no space, Istanbul time),
//     TransactionStatus "1" (0 for a decline) and TransactionType Sale,
//     Auth, Capture, Reverse or Return.
//
// # 3-D Secure
//
// The gate takes §10's form with the card on it (UseOOS=0): MerchantNo,
// TerminalNo, PosnetID, TransactionType (Sale or Auth), OrderId (20
// characters), Amount (kuruş), CurrencyCode, InstallmentCount,
// MerchantReturnURL, TxnState=INITIAL, CardNo, ExpiredDate (YYMM), Cvv,
// MacParams and Mac. MacParams must name MerchantNo, TerminalNo, CardNo
// and Amount; its names Cvc2 and ExpireDate stand for the posted Cvv and
// ExpiredDate (§10's quirk). A form that fails a check gets a plain-text
// 400 page (the real gate's error page is not documented). Otherwise the
// gate shows the ACS page (vpostest.WriteACSPage), and after the ACS the
// page posts to MerchantReturnURL (§12): CCPrefix, TranType, Amount
// (kuruş), OrderId, MerchantId, CAVV (28-character Base64, empty unless
// MdStatus is 1 or 4), CAVVAlgorithm 3, ECI (Visa 05/06/07, Mastercard
// 02/01/00), MD, MdErrorMessage, MdStatus (vpostest.ACSOutcome.MDStatus:
// 1, 0, 4, 2), SecureTransactionId (16 digits), CurrencyCode (ISO number,
// 949), InstalmentCode, VtfCode, PointAmount, MacParams
// "ECI:CAVV:MdStatus:MdErrorMessage:MD:SecureTransactionId" and Mac =
// MAC(ENCKEY, those values). vpostest.FaultBadCallbackSignature makes the
// next callback carry a wrong Mac.
//
// The provision is a Sale (or Auth, as the form's TransactionType) with
// ThreeDSecureData{SecureTransactionId, CavvData, Eci, MdStatus, MD}
// (MACParams as §10: MerchantNo:TerminalNo:SecureTransactionId:CavvData:
// Eci:MdStatus). The bank checks those against the authentication it ran
// (0444 "3D VERISI GECERSIZ" otherwise, also for an unknown
// SecureTransactionId and for an OrderId, Amount or CurrencyCode, when
// sent, that is not the form's), books only after MdStatus 1 (0130,
// invented, otherwise; returncodes.md §3.3: V1 accepts 1 only) and only
// once: a second provision of the same authentication is 0127. The card
// book decides the provision's outcome.
//
// Codes posnet.md does not document are the fake's own: 0124 the
// transaction's state forbids the operation (second reverse, capture of a
// sale or of a captured auth, reverse on a later day, a provision whose
// operation is not the form's TransactionType), 0125 amount exceeds what
// is left, 0129 a field is missing or malformed (ResponseDescription
// "HATALI ALAN: <field>"), 0130 provision after a failed authentication.
// E216 for a wrong MAC is the XML service's code (§7).
//
// vpostest.Faults applies to every path (API, gate, ACS); HTTPClient
// refuses connections while FaultConnRefused is armed; Close releases
// hanging requests first. The Ledger keys orders by the order id without
// its zero padding.
//
// # What is not emulated
//
// UseOOS=1 (card entry on the bank's page), CipheredData / IsEncrypted
// "Y", points (PointAmount is ignored; PointDataList is
// all zeros), KOICode campaigns, InstallmentData and MessageData contents,
// the IP allow-list, end-of-day batches (a Return works on the day of the
// sale too, as vpostest.Ledger allows), mdStatus 3 and 5 to 9 (the
// vpostest ACS offers 1, 0, 4 and 2), the MC challenge MdErrorMessage
// text, and a MAC on replies (posnet.md documents none).
package posnetv1test
