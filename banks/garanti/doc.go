// Package garanti is the vpos adapter for Garanti BBVA's virtual POS, the
// "GVP" / GVPS protocol: GVPSRequest XML posted to VPServlet, and a signed
// form posted by the shopper's browser to the 3-D Secure gate gt3dengine.
// The protocol facts come from the project's reference notes
// (shared/docs/banks/garanti.md); comments cite their sections.
//
//	cfg := garanti.Config{
//		MerchantID: "7000679", TerminalID: "30691298",
//		ProvPassword: os.Getenv("GARANTI_PROVAUT"), RefundPassword: os.Getenv("GARANTI_PROVRFN"),
//		StoreKey: os.Getenv("GARANTI_STORE_KEY"),
//		Endpoint: garanti.ProductionEndpoint,
//	}
//	client, err := garanti.Open(cfg, nil)
//
// # Coverage
//
// The Provider implements vpos.Provider, vpos.PreAuthorizer, vpos.Reporter
// and vpos.ThreeDSecurer:
//
//	vpos call        Transaction/Type     user     notes
//	Sale             sales                PROVAUT  Card, CardholderPresentCode 0, MotoInd N (Y for MOTO)
//	PreAuth          preauth              PROVAUT  same
//	Capture          postauth             PROVAUT  full or partial; OriginalRetrefNum of the pre-auth
//	Void             void                 PROVRFN  same day; Amount fixed at 100 (ignored by the bank)
//	Refund           refund               PROVRFN  full, partial, several partials
//	Status           orderinq + orderhistoryinq    order state and sums (see below)
//	History (range)  orderlistinq         PROVAUT  Features.History
//	History (order)  orderhistoryinq      PROVAUT  Features.OrderHistory
//	Begin3D          (form to gt3dengine)          secure3dsecuritylevel 3D or 3D_PAY
//	Complete3D       sales / preauth      PROVAUT  3d model: provisioning with Secure3D{cavv, eci, xid, md},
//	                                               CardholderPresentCode 13; 3d_pay: read from the callback
//
// Amounts are integer minor units (10025 for 100.25 TRY); CurrencyCode is
// the ISO 4217 number (TRY 949, USD 840, EUR 978, GBP 826, JPY 392, RUB 643;
// Config.Currencies narrows the list); InstallmentCnt is empty for a single
// payment and 2..12 otherwise. RetrefNum, the bank's reference of a
// transaction, is reported as both Result.TransactionID and Result.RRN; it
// is the OriginalRetrefNum of later captures, voids and refunds. When the
// Client has no record of the original (another system's sale), the
// Provider reads it with an orderinq first.
//
// Garanti requires the shopper's IP address (Customer/IPAddress): Sale,
// PreAuth and Begin3D refuse a request without CustomerIP before any I/O.
//
// # Status
//
// orderinq gives the authorisation (OrderInqResult: PreAuthAmount,
// AuthAmount, Status APPROVED / WAITINGPOSTAUTH / ...), but refunds are
// itemised only by orderhistoryinq (garanti.md §12.3, §12.4), so Status
// asks both: Amount is the sale or pre-authorised amount, CapturedAmount
// the captures of a pre-authorisation (a sale's own amount otherwise),
// RefundedAmount the sum of the approved refund rows, and Status voided
// (a void row, or VoidDate on the sale row), refunded, partially_refunded,
// declined or approved. An order the bank does not know (92/0110) is a
// Result with Return NotFound.
//
// # History
//
// orderlistinq takes a period in whole minutes of Europe/Istanbul time,
// at most 30 days long, and pages by 500 rows (garanti.md §4, §12.5). History
// splits a longer period into 30-day queries, fetches every page when Page
// is 0 (page n alone otherwise, for a period of at most 30 days) and drops
// rows outside [From, To). Rows map TrxType Satis/Iade/Iptal/On Otorizasyon/
// On Otorizasyon Kapama to sale/refund/void/preauth/capture and Status
// Basarili/Onaylandi/Basarisiz/Iptal to approved/declined/voided; masked
// card numbers only, never the ExpireDate the bank includes.
//
// # 3-D Secure
//
// Two models: threed.Model3D ("3D", the default; the merchant provisions
// after the callback) and threed.Model3DPay ("3D_PAY"; the bank provisions
// and the callback carries the result). Config.Models and
// Config.DefaultModel choose among them. The hosted models (3d_host,
// 3d_pay_hosting: Garanti's common payment page, OOS_PAY / 3D_OOS_*
// security levels and GarantiPay) are not offered: garanti.md §4 records
// them only from third-party code, without a verified form, hash or
// callback, and an adapter that guessed would sign money movements on
// guesswork.
//
// A callback is verified before anything is read from it (ParseCallback,
// VerifyCallback): the values of the fields hashparams names, concatenated,
// then the store key, hashed with the Config's scheme and compared in
// constant time with hash. Every field hashparams names must be present,
// hashparamsval (when sent) must equal the signed values, hashparams must
// sign mdstatus and the order id (and procreturncode and response in
// 3D_PAY), and the echoed orderid, terminalid, txnamount, txncurrencycode,
// txntype and secure3dsecuritylevel must be present and consistent; the
// Client then binds order id, amount, currency and model to the payment it
// started. A callback the bank sends unsigned (mdstatus 7, "Sistem Hatasi",
// no hash; garanti.md §12.6) is refused as InvalidCallback: nothing was
// charged, and the pending payment stays pending until the vpos Resolver
// settles it by status inquiry.
//
// mdStatus (garanti.md §5.3; threed.MDStatus): 1 is full authentication; 2,
// 3 and 4 are half-secure attempts; 0, 5, 6, 7 and 8 are failures; 9 is a
// terminal not enrolled for 3-D Secure. In the 3d model the Client
// provisions after mdstatus 1 only, or also after 2-4 with
// vpos.Options.Accept3DAttempts (MEWS accepts 1-4, CP.VPOS 1 only); anything
// else is a ThreeDSFailed decline without a request to the bank. In 3d_pay
// the bank has already decided: the payment is approved exactly when
// procreturncode is "00"; a callback without approval whose authentication
// was not full is a ThreeDSFailed decline, and an authenticated one without
// a payment result is an unknown outcome that the Client settles with
// Status.
//
// # Hash versions
//
// Config.HashVersion selects the scheme (garanti.md §6):
//
//   - HashV512 ("512", the default; Version and apiversion "512"):
//     HashData = UPPER(HEX(SHA512(OrderID + TerminalID + CardNumber +
//     Amount + CurrencyCode + SecurityData))); secure3dhash =
//     UPPER(HEX(SHA512(terminalid + orderid + txnamount + txncurrencycode +
//     successurl + errorurl + txntype + txninstallmentcount + storekey +
//     SecurityData))); the callback hash is UPPER(HEX(SHA512(values +
//     storekey))). The currency code is part of both request hashes, as the
//     bank's own e-mail and the working implementations establish.
//   - HashLegacy ("v0.01"; "v0.00" accepted): the same without the currency
//     code, SHA-1 instead of SHA-512, and a Base64 (not hex) callback hash.
//
// SecurityData = UPPER(HEX(SHA1(password + terminal id left-padded with
// zeros to 9 digits))), with the PROVAUT password, or the PROVRFN password
// for voids and refunds. Neither password is ever sent; both and the store
// key are masked wherever they could appear in logs and hooks.
//
// # Return codes
//
// Approval is Transaction/Response/Code "00" and nothing else. Other
// answers map to returncodes (returncodes.md §3.2): Code 92 is a GVPS
// validation answer read through its ReasonCode (0002 InvalidRequest, or
// InvalidAmount when SysErrMsg names TxnAmount; 0108 and 0110 NotFound; 0208
// InvalidTransactionState; 0651 and 0752 AuthError); Code 12 with SysErrMsg
// "CVC2/4CSC HATALI" is InvalidCVV; 16 is InsufficientFunds; other host
// codes follow the ISO 8583 table. Result.BankCode is "Code" for host
// answers and "Code/ReasonCode" for GVPS ones ("92/0002").
//
// # Testing
//
// Package garantitest is a fake Garanti bank written from the same notes;
// the conformance suite (vpostest.RunProviderTests) runs against it for a
// 512 and a legacy terminal, and against the bank's test environment when
// the VPOS_SANDBOX_GARANTI_* variables are set (see sandbox_test.go).
package garanti
