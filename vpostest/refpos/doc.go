// Package refpos is the reference protocol: a deliberately simple bank
// protocol that has every feature vpos knows (all four 3-D Secure models,
// pre-authorisation with partial capture, partial and multiple refunds,
// installments, six currencies, history, MOTO), a fake bank that speaks it
// (Bank) and an adapter for it (Provider, Open).
//
// It exists to validate the conformance suite, as gocloud's memblob
// validates blob/drivertest: vpostest.RunProviderTests(t, refpos.NewHarness)
// must pass, so that the suite's deliberately broken providers, which must
// each fail the subtest they break, are measured against a provider that
// fails nothing. Because the protocol is
// simple, a failure of the suite against refpos points at the suite, the
// Client or the vpostest building blocks, not at bank quirks. It is also a
// small worked example of what a bank package contains: Config with Validate
// and VerifyCallback, a thin Provider over vpos.Transport, a fake bank and a
// harness.
//
// The two halves share no encoding, decoding or signing code. The fake bank
// (bank.go, bank3d.go) is written from the protocol reference below, not
// from the adapter (config.go, provider.go, threed.go), so that it catches
// the adapter's misreadings instead of repeating them.
//
//	bank := refpos.NewBank()
//	defer bank.Close()
//	merchant, password, key := bank.Credentials()
//	client, err := refpos.Open(refpos.Config{
//		Endpoint: bank.URL(), MerchantID: merchant, Password: password, StoreKey: key,
//	}, nil)
//
// # The reference protocol
//
// This section is the protocol's specification; both halves implement it.
//
// The bank has a base URL, the endpoint. A merchant has a merchant id, an API
// password and a store key (the secret that signs 3-D Secure forms). Amounts
// are integers in minor units of the currency (kuruş, cents; yen for JPY);
// currencies are ISO 4217 alphabetic codes; the bank accepts TRY, USD, EUR,
// GBP, JPY and RUB, amounts from 1 to 99999999999 and installments 0 to 12
// (0 and 1 are a single payment). Order ids are 1 to 64 characters of
// letters, digits, '-', '_' and '.'. Times are RFC 3339; the bank writes
// them in Europe/Istanbul time to the second.
//
// # API requests
//
// Every server-to-server call is POST {endpoint}/api with a JSON object
// body (Content-Type application/json). The bank refuses unknown fields.
//
//	field            type    used by                           meaning
//	merchant         string  all                               merchant id
//	password         string  all                               API password
//	op               string  all                               sale, preauth, capture, void, refund,
//	                                                           status, history, provision
//	order_id         string  all (optional for history)        the merchant's order id
//	amount           int     sale, preauth, provision;         minor units; for capture 0 or absent
//	                         capture, refund                   captures all, for refund refunds the rest
//	currency         string  sale, preauth, provision;         ISO alphabetic; for capture and refund,
//	                         capture, refund (optional)        if present, must be the order's
//	installments     int     sale, preauth                     0..12
//	pan              string  sale, preauth                     card number, digits only
//	expiry           string  sale, preauth                     "MMYY"
//	cvv              string  sale, preauth                     3 or 4 digits; may be absent when moto
//	moto             bool    sale, preauth                     mail/telephone order
//	from, to         string  history                           RFC 3339 bounds of [from, to); both
//	                                                           required unless order_id is given
//	md               string  provision                         the token of a 3d-model callback
//	accept_attempts  bool    provision                         also provision after mdStatus 2, 3, 4
//
// # API replies
//
// The bank answers HTTP 200 with a JSON object for every request it could
// read, including refusals; anything else (a 5xx, a body that is not such an
// object, a result without a code) is no answer at all.
//
//	field         meaning
//	result        "approved", "declined" (the issuer or 3-D Secure said no) or
//	              "error" (the request was refused; nothing changed)
//	code          "00" exactly when approved; else a code below
//	message       human text (never card data)
//	order_id      the order
//	trans_id      the bank's id of this operation (each operation has its own)
//	auth_code     authorisation code (approved sale, preauth, provision; status)
//	rrn           retrieval reference number (sale, preauth, provision; status)
//	amount        the operation's amount (the capture's, the refund's, ...);
//	              for status, the authorised amount of the order
//	status        the order's state after the operation: approved, declined,
//	              voided, refunded, partially_refunded (a captured preauth
//	              stays approved with captured > 0)
//	kind          sale or preauth: what the order started with
//	captured      total captured (a sale is captured at once)
//	refunded      total refunded
//	currency, installments, masked_pan (first 6, last 4)
//	order_code    status only: the code of the order's authorisation
//	              ("00", or the decline code of a declined order)
//	created       status only: when the order was authorised
//	time          when the bank answered
//	rows          history only: one object per journal entry, oldest first,
//	              with seq, time, order_id, op (sale, preauth, capture, void,
//	              refund), result (approved or declined), code, amount,
//	              currency, installments, trans_id, auth_code and rrn (of an
//	              authorisation), masked_pan
//
// # Codes
//
//	code   result    meaning                                         returncodes
//	00     approved  approved                                        Approved
//	51     declined  insufficient funds                              InsufficientFunds
//	05     declined  do not honour                                   DoNotHonor
//	41     declined  lost card, pick up                              PickupLostStolen
//	43     declined  stolen card, pick up                            PickupLostStolen
//	54     declined  expired card                                    ExpiredCard
//	82     declined  CVV mismatch                                    InvalidCVV
//	3DS    declined  3-D Secure outcome does not allow the payment   ThreeDSFailed
//	DUP    error     order id already has an approved, voided or     DuplicateOrder
//	                 refunded order (a declined one may be retried)
//	NF     error     no such order (or no such 3-D Secure session)   NotFound
//	STATE  error     not possible in the order's state               InvalidTransactionState
//	AMT    error     capture or refund of more than is left          InvalidAmount
//	AUTH   error     merchant or password rejected                   AuthError
//	REQ    error     malformed request or field                      InvalidRequest
//	SYS    error     internal error, not processed                   SystemError
//
// Other two-character codes are ISO 8583 response codes and normalise
// through returncodes.ISOCode.
//
// # Operations
//
// sale and preauth authorise a card: the bank answers the card's outcome
// (in the fake: vpostest.CardBook; a card whose expiry month has passed by
// the bank's clock is 54). A decline is recorded (status of the order:
// declined) and the order id may be tried again. capture takes an approved
// preauth once, fully or partly (the rest of the hold is released). void
// cancels an approved order on the Istanbul day it was authorised, before
// any refund; a captured preauth is voided whole. refund returns money of a
// sale or captured preauth, in one or several parts. status describes an
// order; an unknown order is NF. history lists the journal entries with
// from <= time < to (optionally of one order); it does not page.
//
// # 3-D Secure
//
// The merchant sends the shopper's browser to POST {endpoint}/3d/gate with
// an application/x-www-form-urlencoded form:
//
//	merchant, order_id, amount, currency, installments   as in the API
//	kind            sale or preauth
//	model           3d, 3d_pay, 3d_host or 3d_pay_hosting
//	ok_url          where the bank posts the shopper back after success
//	fail_url        ... after failure (ok_url when empty)
//	lang            optional: tr or en
//	pan, expiry, cvv  the card, in the 3d and 3d_pay models only; absent in
//	                3d_host and 3d_pay_hosting, where the shopper types the
//	                card on the bank's page
//	rnd             a fresh random string
//	hash            the signature
//
// Signature: hash = base64(HMAC-SHA256(store key, S)), standard base64 with
// padding, where S is every other field of the form, sorted by name, each
// value written as name=value with name and value escaped as in
// application/x-www-form-urlencoded (Go's url.QueryEscape: space is '+'),
// joined by '&'. (Escaping makes S unambiguous: a value holding "&" or "="
// cannot impersonate another field.) Empty values are signed too. Callbacks
// are signed the same way.
//
// The gate refuses (HTTP 403 page, no callback) a form whose hash is
// missing, repeated or wrong, or whose merchant is unknown, and (HTTP 400)
// one with a repeated or invalid field. Otherwise it shows the ACS page
// (vpostest.WriteACSPage): one form per ACS outcome, posting an opaque
// session id and the chosen outcome to {endpoint}/3d/acs. In the hosted
// models the card is the bank's 3-D Secure test card (Cards.ThreeD).
//
// The ACS answer maps to md_status: success 1, failure 0, attempt 4, not
// enrolled 2; eci is 05 for 1, 06 for 2, 3 and 4, 07 otherwise. Each ACS
// page is answered once. Then:
//
//   - 3d model: the bank remembers an md token bound to the order, amount,
//     currency, installments, kind and md_status, and posts to ok_url when
//     md_status is 1, 2, 3 or 4, else to fail_url. Nothing is booked.
//   - 3d_pay, 3d_host, 3d_pay_hosting: with md_status 1 the bank books the
//     sale or preauth (card outcome as in the API); any other md_status
//     books nothing and is result declined, code 3DS. It posts to ok_url
//     when the result is approved, else to fail_url.
//
// The bank answers with an HTML page whose only form posts itself to the
// chosen URL (onload submit). The callback fields:
//
//	order_id, amount, currency, installments, kind, model   from the gate form
//	md_status       1, 0, 4 or 2
//	eci             05, 06 or 07
//	md_message      the 3-D Secure step's text
//	md              3d model only: the token to provision with
//	result, code, message, trans_id, auth_code, rrn, masked_pan
//	                pay models only: the payment, as in an API reply
//	hash            the signature, as above, over all the other fields
//
// 3d-model provisioning: the merchant sends op "provision" with md,
// order_id, amount and currency (and accept_attempts). The bank answers NF
// for an unknown md, REQ when order, amount or currency differ from the
// authenticated ones, declined 3DS unless md_status is 1 (or 2, 3, 4 with
// accept_attempts), and otherwise books as a sale or preauth would, DUP
// included (a provision sent twice books once).
//
// # Faults
//
// Every request to the bank (API, gate and ACS) goes through
// vpostest.Faults.Wrap and is counted (Faults.Requests): HTTP 500 without
// processing, hang after booking, malformed reply after booking. Connection
// refused is applied by Faults.HTTPClient, which adapters must use. When
// vpostest.FaultBadCallbackSignature is armed, the next callback is signed
// with a wrong key.
//
// # Decisions
//
//   - "AMT" (over-capture, over-refund) normalises to InvalidAmount rather
//     than InvalidTransactionState: the order could take the operation, not
//     that amount.
//   - A status reply for a known order is approved with code 00 whatever
//     the order's state. The adapter reports Result.Status from "status",
//     and for a declined order sets Approved false and Return/BankCode from
//     order_code, so that a status inquiry that settles an unknown sale
//     reports the decline reason. An unknown order is a Result with Return
//     NotFound and an empty Status.
//   - A reply whose result and code disagree ("approved" without "00", or
//     "00" without "approved") is not a definite answer: the adapter
//     returns vpos.ErrUnknownOutcome and the Client settles it by status.
//   - The 3d model's attempt policy is the Client's (Options.Accept3DAttempts);
//     the adapter sends it as accept_attempts, so the bank enforces the same
//     rule. In the pay models only md_status 1 books: the bank has no
//     merchant policy to consult, and a half-secure payment must not move
//     money the Client would then have to refuse.
//   - The bank keeps no full card number: at the gate it judges the card
//     (outcome from the card book) and keeps only the outcome and the masked
//     number, which is what it books later. Session ids, md tokens and rnd
//     are crypto/rand base32 text.
//   - Gate and callback carry "kind" so that 3-D Secure pre-authorisations
//     work; the callback carries "md_message" for the 3-D step, distinct
//     from the payment's "message".
package refpos
