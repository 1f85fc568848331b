// Package payflex is the vpos adapter for PayFlex, the virtual POS of
// VakıfBank ("VPOS 7/24") and Ziraat Bankası (and other banks running
// Provus/PayFlex): MPI 3-D Secure enrollment plus VPOS v4 XML provisions
// and after-sales (payflex.md in the project's bank references).
//
// Open(cfg, opts) returns a *vpos.Client; New returns the Provider for
// vpos.NewClient. Config holds the merchant id, password, terminal number
// and MPI merchant type, and an Endpoint: VakifbankTest, VakifbankProd,
// VakifbankGatewayTest, VakifbankGatewayProd, ZiraatTest, ZiraatProd, or
// explicit URLs. PayFlex signs nothing: the merchant is authenticated by
// MerchantId + Password + the allow-listed source IP (ResultCode 1105
// otherwise, an AuthError).
//
// # Operations
//
//   - Sale and PreAuth: VposRequest TransactionType Sale / Auth with the
//     card, posted as the single form field prmstr.
//   - Capture: TransactionType Capture of the Auth's TransactionId, full or
//     partial.
//   - Void: TransactionType Cancel (same day; after the batch closed the
//     bank answers 2202, and a refund is needed instead).
//   - Refund: TransactionType Refund, full, partial and repeated, each
//     under its own TransactionId (see Refunds below).
//   - Status: the transaction search (SearchRequest by OrderId, Search.aspx;
//     Endpoint.Search, or the VPOS URL when empty). It reports the order's
//     sale or pre-authorisation: declined (its ResultCode is not 0000),
//     voided (IsCanceled or IsReversed), refunded (IsRefunded) or approved,
//     with its TransactionId, amount and currency. An order the bank does
//     not know is NotFound. This is what lets the Client settle a sale,
//     capture or cancel whose reply was lost. Ziraat publishes
//     no test search URL (ZiraatTest leaves Search empty).
//   - Captures, cancels and refunds name the original by its TransactionId
//     (the Client passes the stored BankTransactionID); when it is unknown
//     the adapter finds it with a search by order id.
//
// No History: VPOS v4 has no date-range or order history query (payflex.md
// §10.6). No MOTO.
//
// # Refunds
//
// The search reports a refunded sale with IsRefunded only, which does not
// tell a partial refund from a full one (payflex.md §10.5). So every refund
// is sent with a TransactionId of the merchant's choosing (the bank echoes
// one it is given, §10.1): the Client's RequestID, the id of the refund's
// own stored record, new for each refund. A search by that TransactionId
// finds that one refund (Status with StatusRequest.RequestID;
// Features.RefundLookup), which lets the Client
//
//   - settle a refund whose reply was lost: booked when the bank holds an
//     approved Refund of the order under the id, not booked when it holds
//     nothing (a refusal creates no transaction, §10.2);
//   - report an order's refunded amount: Status answers IsRefunded as
//     StatusRefunded with RefundedAmount 0 (unknown), and the Client sums
//     the refunds it sent that the bank confirms, as partially refunded or
//     refunded. Refunds made outside the library (the bank's merchant
//     panel) cannot be counted; with none it can count, the answer stays
//     "refunded", Extra refunded_amount "unknown".
//
// That the search by the TransactionId of a refund returns the refund
// record is inferred in payflex.md (§10.5); the sandbox contract test
// (TestSandbox, Refund and Status subtests) checks it against the bank.
//
// # 3-D Secure (3d model)
//
// Begin3D sends the MPI VerifyEnrollmentRequest (form fields, with the
// card) and, when VERes Status is Y, returns the ACS redirect form (PaReq,
// TermUrl, MD). A card the MPI does not enroll (N, U, E) ends the payment
// at Begin3D with a ThreeDSFailed decline. SessionInfo carries the order id,
// which the MPI echoes in its callback.
//
// PayFlex's MPI callback is NOT signed (payflex.md §4.3). The adapter
// therefore never treats it as proof of anything:
//
//   - approval is decided only from the server-to-server VPOS provision
//     reply (ResultCode 0000), never from the callback's Status; the bank
//     checks the provision's ECI, CAVV and MpiTransactionId against its own
//     MPI record (1115, 1116, 1117, 1126, 1128 are ThreeDSFailed declines);
//   - the Client binds the callback to the pending transaction before
//     provisioning: its order id (SessionInfo) must name a payment started
//     with Begin3D, and its PurchAmount and PurchCurrency must match the
//     amount and currency that were started; the provision is sent for the
//     pending amount, and when the bank's reply states a different amount
//     the Client refuses it;
//   - the VerifyEnrollmentRequestId (sent back as MpiTransactionId) is a
//     fresh random nonce with an HMAC under the merchant password over the
//     order id, so ParseCallback refuses a callback whose id was not issued
//     for the order it names: one order's genuine authentication cannot be
//     replayed against another;
//   - ParseCallback sets Callback.MerchantProvisions, so the Client applies
//     its policy first: Status Y (and A when Options.Accept3DAttempts) goes
//     on to the provision; N, U, E and R are declined without I/O.
//
// A forged callback that names a pending order's genuine
// VerifyEnrollmentRequestId with Status Y and a made-up CAVV reaches the
// bank and is declined there; since the Client claims the pending payment
// for that delivery, the shopper's genuine callback afterwards replays the
// decline (a new attempt needs a new order id). Complete3D sends no card
// data (the adapter does not keep it after Begin3D) and, by default, no
// amount (CP.VPOS style; the bank's 1127 refuses them in a 3DS provision);
// Config.Send3DAmount adds CurrencyAmount and CurrencyCode. The callback
// carries no shopper IP, so the provision's ClientIp is Config.ClientIP
// (DefaultClientIP when empty), as for captures, cancels and refunds.
//
// # Common Payment v4 (3d_pay and 3d_host)
//
// The Provider implements VakıfBank's hosted payment page (payflex.md §9;
// cp.go) for threed.Model3DPay and threed.Model3DHost:
//
//   - Begin3D posts RegisterTransaction (Endpoint.CPRegister) with
//     TransactionType Sale or Auth, Amount, AmountCode, OrderID, IsSecure
//     true, SuccessUrl/FailUrl and the CPHash HashedData; for 3d_pay the
//     card goes in the registration (BrandNumber, PAN, CVV, ExpireMonth,
//     ExpireYear, CardHoldersName), for 3d_host the shopper types it on the
//     bank's page. A reply ErrorCode (5007 wrong hash, 6027 wrong password,
//     ...) ends the payment there. The form is a GET to CommonPaymentUrl
//     (or Endpoint.CPGate) with Ptkn = the PaymentToken.
//   - The bank authenticates, books, and redirects the browser to
//     SuccessUrl or FailUrl with Rc, Message, TransactionId, PaymentToken,
//     OrderID, ... as query fields. That redirect is NOT signed: anyone can
//     type Rc=0000. ParseCallback reads only OrderID and PaymentToken from
//     it and believes nothing else (its Status is StatusError, "says nothing").
//   - Complete3D confirms server to server with the VposTransaction query
//     (Endpoint.CPQuery, derived from CPRegister when empty) and builds the
//     Result from that reply alone: approved exactly when its Rc is 0000 and
//     it names this order, this PaymentToken and the transaction type
//     started; Amount and Currency are the reply's, so the Client refuses
//     a booking that differs from the pending payment. A token the bank
//     does not know (9601: a forged redirect, or one sent before the
//     shopper paid) or another order's token is an InvalidCallback that
//     leaves the record undecided, never a decline (the shopper may still be
//     paying) and never an approval; a refused or unreadable query is an
//     unknown outcome the Client settles with Status.
//
// The redirect carries no amount or currency, so before the Client claims
// the payment, BindCallback asks the bank (the same read-only query) what
// was booked for the token and refuses a result whose order, amount or
// currency differs from the payment that was started: the payment stays
// pending and the genuine redirect still completes it. Features declares
// 3d_pay and 3d_host when the endpoint has a RegisterTransaction URL
// (VakıfBank); Ziraat's PayFlex offers the MPI 3d model only.
//
// # Return codes
//
// ResultCode is mapped per returncodes.md §3.4: 0000 approved; the
// zero-padded ISO 8583 codes through the ISO table; 1105, 9039, 5001, 6027
// AuthError; 1006, 1061, 0966 DuplicateOrder; 0540, 0983, 9601, 1007
// NotFound; 1083, 1059, 0982, 1065 InvalidTransactionState; 1115-1117,
// 1126, 1128 ThreeDSFailed; and so on (codes.go). The raw code is kept in
// BankCode and ResultDetail in BankMessage.
package payflex
