// Package posnet is the vpos adapter for Yapı Kredi's POSNET XML virtual
// POS (posnet.md): non-3D sale, pre-authorisation (auth) and capture
// (capt), void (reverse), full, partial and multiple refunds (return),
// status (agreement) and 3-D Secure in the 3d model (OOS/TDS:
// oosRequestData, the bank's gate, oosResolveMerchantData, oosTranData).
//
// # Wire format
//
// Every call is a POST of the form field xmldata holding an ISO-8859-9
// posnetRequest document to one URL (Endpoint.API). Amounts are integer
// kuruş, currencies the two-letter POSNET codes (TL, US, EU; GB, JP, RU may
// be enabled with Config.Currencies), installments two digits ("00" for a
// single payment). A reply is approved exactly when approved is "1" and
// respCode is empty (returncodes.md §0); approved "2" (the order was
// already processed) is a DuplicateOrder answer, never an approval.
//
// # Order ids
//
// posnet.md §3.1 recommends 24 characters for non-3D orderIDs and requires
// 20 for a 3-D Secure XID, both left-padded with '0'. The adapter pads the
// merchant's order id accordingly (sale/auth: 24; 3D XID: 20) and reads
// it back by removing the padding. Because the padding cannot be told
// apart from a leading zero, order ids that start with '0' are refused
// (InvalidRequest, Field OrderID), as are ids longer than 24 (non-3D) or
// 20 (3D) characters and ids with characters other than letters, digits
// and '_'. Later references use the bank's hostlogkey; the status query
// (agreement) tries the 24-character orderID first and then the 3-D
// Secure form, Config.ThreeDPrefix ("TDSC" by default) + XID.
//
// # 3-D Secure and the callback signature
//
// Begin3D is an API call: oosRequestData has the bank encrypt the card and
// the order into posnetData, posnetData2 and digest, which the form posts
// to the gate with mid, posnetID, merchantReturnURL and lang.
//
// The callback's Sign covers the encrypted MerchantPacket and BankPacket
// and can only be checked by the bank. ParseCallback therefore does I/O,
// unlike the other adapters: after structural checks (MerchantPacket,
// BankPacket, Sign, Xid, Amount, TranType and MerchantId present once and
// non-empty; MerchantId this merchant's) it sends oosResolveMerchantData
// with the MAC of posnet.md §6.2, verifies the reply's MAC (§6.3, starting
// with mdStatus) and checks the reply's xid and amount against the
// callback. Only then does the Client bind the callback to its pending
// payment, using the bank's resolved amount and currency (the callback
// carries no currency), so a forged or tampered callback never claims
// the payment and never reaches oosTranData. Successful verifications are
// remembered per Provider so that a replayed callback makes no request.
// Complete3D checks the resolved amount, currency and TranType against
// the pending payment again (a mismatch is InvalidCallback) and then
// provisions with oosTranData.
//
// mdStatus is read with threed.MDStatus and the Client's policy applies
// (1 proceeds; 2-4 only with Options.Accept3DAttempts; 0, 5-8 and 9 are
// declined with returncodes.ThreeDSFailed). Config.AcceptMDStatus9 makes
// 9 (test terminals are not 3D-enrolled) count as an attempt.
//
// # Return codes
//
// codes.go maps respCode: 0148 (MID, TID or IP refused) and E216 (MAC) to
// AuthError, 0127 to DuplicateOrder, 0123 and E219 to NotFound, and the
// zero-padded ISO codes (0051, 0005, ...) through returncodes.ISOCode.
//
// # Not supported
//
// POSNET XML has no history report (posnet.md §4), so Features declares
// neither History nor OrderHistory; World points, VFT and KOI campaigns
// are not exposed; MOTO is not declared (the protocol has no MOTO flag).
package posnet
