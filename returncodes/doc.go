// Package returncodes is the normalised return-code catalogue of vpos.
//
// Every Turkish virtual-POS API answers with its own raw codes (NestPay
// ProcReturnCode and ERRORCODE, Garanti Code/ReasonCode, Posnet respCode,
// VakıfBank ResultCode, PayFor V/M codes, Akbank VPS-xxxx, ...). Bank
// packages translate those raw values into a [Code]: a small, string-typed
// value ("declined_insufficient_funds", "pickup_lost_stolen", ...) that is
// stable enough to be stored in databases and compared across banks, in the
// manner of stripe-go's decline codes. Each Code has a [Category], a
// retry hint, flag-card semantics and short cardholder and back-office texts
// in English and Turkish.
//
// The package also carries the ISO 8583 field-39 table as seen through
// Turkish gateways ([ISO], [ISOCode]; returncodes.md §2) and a [Table] type
// that bank packages use for their own raw values.
//
// The facts come from the project's research notes
// (shared/docs/returncodes.md); comments cite that document's source tags,
// e.g. [NPN] (NestPay manual text), [MW] (mewebstudio/pos), [CP]
// (CP.VPOS), [VISA] (Visa decline categories).
//
// # Rules
//
// These rules come from returncodes.md §0 and bind every user of the
// package:
//
//  1. Approval is decided by the bank's own top-level success signal
//     (NestPay Response == "Approved" and ProcReturnCode "00", Posnet
//     approved == "1", PayFlex ResultCode "0000", Akbank "VPS-0000", ...),
//     never by a code lookup alone. [ISOCode]("00") returns [Approved]
//     because that is what the code means, but a bank package must only
//     report approval when the bank's success signal is present. Codes
//     that look like approvals (ISO 08, 10, 11 and NestPay 02; PayFor V033;
//     Kuveyt's card-verified "00") are not payments: the ISO table maps
//     08, 10, 11 and 02 to [ReferToIssuer].
//  2. Raw codes are only meaningful per bank and per field (Kuveyt
//     ResponseCode "28" is not ISO 28; Garanti Code "92" is not ISO 92). A
//     bank package keeps one [Table] per field and falls back to the ISO
//     table only for fields that really carry issuer codes.
//  3. Keep the raw values. Store the bank, the raw code(s) and raw
//     message(s) beside the normalised Code: the catalogue will evolve, the
//     raw record must not.
//  4. Never auto-retry a decline. [Code.Retryable] says whether the
//     cardholder (or a later, merchant-initiated attempt) may try again;
//     it is not a licence for the library to loop. The only automatic
//     action on an ambiguous outcome ([TimeoutUnknown], [DuplicateOrder])
//     is a status inquiry.
//  5. Never reveal lost, stolen or fraud reasons to the cardholder.
//     [Code.Message] gives [PickupLostStolen] and [FraudSuspected] the same
//     generic "declined, contact your bank" text; [Code.OperatorMessage]
//     names the real reason for back-office staff.
//  6. An unmapped non-success code in a well-formed bank reply becomes
//     [DoNotHonor] with mapped == false (so it is logged for catalogue
//     work); only a missing or unusable answer becomes [TimeoutUnknown].
//
// # Categories
//
// Categories group codes by what the merchant should do next. The
// assignment, and why:
//
//	Category         Codes                                   Why
//	approved         approved                                money authorised or captured
//	soft_decline     declined_do_not_honor, refer_to_issuer, the issuer said no for now; the same card
//	                 declined_insufficient_funds,            may work later or after the cardholder
//	                 limit_exceeded                          talks to the bank (Visa categories 2 and 4)
//	hard_decline     expired_card, invalid_card,             the same request will not succeed again;
//	                 invalid_cvv, invalid_amount,            the card data, card or operation must
//	                 card_restricted, not_found,             change (Visa categories 1 and 3). not_found
//	                 invalid_transaction_state               and invalid_transaction_state are refusals
//	                                                         of a back-office operation (void, refund,
//	                                                         status), not of the card, but they share
//	                                                         the "do not repeat unchanged" rule
//	fraud_pickup     pickup_lost_stolen, fraud_suspected     flag the card; never retry
//	3ds_failure      3ds_failed                              authentication, not authorisation, failed;
//	                                                         a new 3-D session may be started
//	merchant_config  auth_error, merchant_config_error,      our side (credentials, allow-listed IP,
//	                 invalid_request                         terminal set-up, integration) must be fixed;
//	                                                         alert the operator
//	technical        issuer_unavailable, system_error,       nobody decided about the card. duplicate_order
//	                 timeout_unknown, duplicate_order        is here, not among the declines, because an
//	                                                         earlier attempt with the same order id may
//	                                                         have been approved: like timeout_unknown it
//	                                                         is resolved by a status inquiry, never shown
//	                                                         as a decline (DESIGN.md "Money moves at most
//	                                                         once")
//
// An empty or unknown Code has category unknown.
//
// Category and [Code.Retryable] are independent: refer_to_issuer is a soft
// decline that is not retryable online, invalid_cvv is a hard decline that
// the cardholder may retry after correcting the code.
//
// # ISO 92
//
// ISO 92 means "financial institution unknown / no routing", but NestPay's
// ISO8583-92 means "timeout, reversal is being attempted" and Garanti uses
// Code 92 for request validation (returncodes.md §0 rule 2, §2). The ISO
// table maps 92 to [TimeoutUnknown]: it is the only choice that cannot lose
// money, since its worst case is an unnecessary status inquiry, whereas
// reading NestPay's 92 as a definite decline could hide a charge whose
// reversal failed. Bank packages that know better override it in their own
// [Table] (Garanti: invalid_request, routing errors: invalid_card).
package returncodes
