// Package posnettest is a fake Yapı Kredi POSNET virtual POS: an httptest
// server that speaks the bank's XML service and runs its 3-D Secure (OOS)
// gate and a fake issuer ACS, written from the protocol reference
// (../shared/docs/banks/posnet.md, cited below as §n), never from the
// adapter in package posnet.
//
// # Pointing an adapter at it
//
//	bank := posnettest.NewServer()
//	defer bank.Close()
//	creds := bank.Credentials() // mid, tid, posnetid, ENCKEY
//	//   XML service  bank.APIURL()   (the real .../PosnetWebService/XML)
//	//   3D gate      bank.GateURL()  (the real .../3DSWebService/YKBPaymentService)
//	//   HTTP client  bank.HTTPClient() (so that vpostest.FaultConnRefused works)
//
// The default credentials are posnet.md's public test account (mid
// 6706598320, tid 67005551, posnetid 27426, ENCKEY
// "10,10,10,10,10,10,10,10"), so the §6.4 worked examples hold against it.
// FirstHash, RequestMAC and ResponseMAC are the §6 formulas.
//
// # What is emulated
//
// The XML service (POST, form field xmldata, URL-encoded or raw; a body
// that is the XML itself is accepted too; ISO-8859-9 or UTF-8). Replies are
// 200, text/xml, ISO-8859-9 posnetResponse documents (§11.1). Element names
// are matched case-insensitively (hostLogKey and hostlogkey both work).
//
//   - mid and tid must be the terminal's, else 0148 "INVALID MID TID IP.
//     Hatalı IP:<caller's IP>".
//   - sale and auth: orderID exactly 24 characters, left-padded with 0
//     (§3.1, the bank's default); amount in kuruş (digits, no separator);
//     currencyCode TL, US, EU, GB, JP or RU; installment "00" or "02" to
//     "12" (TL only); ccno (Luhn, else 0014), expDate YYMM (a past one is
//     0054), cvc. The card book answers: declines carry the ISO code
//     zero-padded (0051, 0005, 0041, 0043, 0054, 0082) and no hostlogkey.
//     A reused order id is approved 2, 0127, with the first hostlogkey and
//     authCode. Approved replies carry hostlogkey (18 digits), authCode,
//     tranDate (yyMMddHHmmss, when tranDateRequired is 1), instInfo and
//     pointInfo (zero points).
//   - capt (hostLogKey of the auth, amount, currencyCode), once, at most the
//     authorised amount; reverse with transaction sale, auth or capt and a
//     hostLogKey or orderID (same Istanbul day only; an auth must have its
//     capt reversed first; reversing capt voids the whole pre-authorisation,
//     a limit of vpostest.Ledger); return (amount, currencyCode, hostLogKey
//     or orderID), full, partial or several partials up to what was taken.
//   - agreement (orderID): one transaction per operation, newest first,
//     with the order id as referenced, masked ccno "4000 00** **** 0006",
//     Turkish amount "1.234,56", tranDate "2006-01-02 15:04:05.000", state
//     Sale, Auth, Capt, Reverse or Return and txnStatus 1 (0 for a decline).
//   - Follow-ups refer to a non-3D order by its zero-padded 24-character
//     orderID and to a 3-D Secure order by "TDSC" + XID (or "TDS_" + XID,
//     §3.1); the other form is 0123.
//
// 3-D Secure (§5): oosRequestData (posnetid, card, amount, currency,
// installment, XID of exactly 20 characters, tranType Sale or Auth) returns
// data1, data2 and a 32-hex sign. The gate takes mid, posnetID, posnetData,
// posnetData2, digest and merchantReturnURL and shows the ACS page
// (vpostest.WriteACSPage); wrong data posts back a callback with empty
// MerchantPacket, BankPacket, Sign, Xid and MerchantId (§5.3). After the
// ACS the page posts MerchantPacket, BankPacket, Sign, CCPrefix, TranType,
// Amount ("125,50"), Xid and MerchantId to merchantReturnURL.
//
// How the packets are made is the fake's choice (posnet.md treats them as
// opaque, §11.3): data1, data2, MerchantPacket and BankPacket are random
// upper-hex tokens of a server-side session that holds the masked card and
// the payment; sign and Sign are the first 16 bytes of
// HMAC-SHA256(firstHash, data1+data2 / MerchantPacket+BankPacket) in upper
// hex. A changed packet or Sign is refused with 0444 "SIGN GECERSIZ";
// vpostest.FaultBadCallbackSignature makes the next callback carry a wrong
// Sign. The callback carries no amount in kuruş; oosResolveMerchantData
// does.
//
// oosResolveMerchantData (bankData, merchantData, sign, mac) checks the
// §6.2 MAC over the session's XID, amount and currency (E216 "Mac Doğrulama
// hatalı" otherwise) and answers xid (the 20-character XID), amount,
// currency, installment, txStatus (Y, A or N), mdStatus
// (vpostest.ACSOutcome.MDStatus: 1, 0, 4, 2), mdErrorMessage and the §6.3
// mac. oosTranData (bankData and mac required; merchantData and sign
// checked when sent, §11.1; wpAmount 0) books the session after mdStatus 1
// to 4 (0130, invented, otherwise), once: a second one is approved 2, 0127
// with the first references. Its reply repeats the resolve block.
//
// Codes posnet.md does not document are the fake's own: 0124 the
// transaction's state forbids the operation (second reverse, return of a
// reversed sale, capture of a sale or of a captured auth, reverse on a
// later day), 0125 amount exceeds what is left, 0129 a field is missing or
// malformed (respText "HATALI ALAN: <field>"), 0130 oosTranData after a
// failed authentication.
//
// vpostest.Faults applies to every path (API, gate, ACS); HTTPClient
// refuses connections while FaultConnRefused is armed; Close releases
// hanging requests first. The Ledger keys orders by the order id without
// its zero padding and TDSC prefix.
//
// # What is not emulated
//
// World points (pointUsage, pointInquiry, pointReturn, saleWP; wpAmount
// must be 0), VFT and KOI campaigns, Joker Vadaa, the IP allow-list, the
// reply mac of financial operations (its formula is unknown; the fake
// leaves it out), the merchant parameter allowing 1-24 character order
// ids, the YKB_ form of the resolve xid, mdStatus 3 and 5 to 9 (the
// vpostest ACS offers 1, 0, 4 and 2), end-of-day batches (a return works on
// the day of the sale too, as vpostest.Ledger allows).
package posnettest
