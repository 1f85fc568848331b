package returncodes

import (
	"fmt"
	"strings"
)

// Code is a normalised, string-typed return code. Its values are stable and
// meant to be stored in databases; the bank's raw code is kept beside it.
// The zero value (empty string) is not a valid Code.
type Code string

// The normalised codes (returncodes.md §1). Values never change once
// released; new codes may be added.
const (
	// Approved means the money was authorised or captured. Only the bank's
	// top-level success signal decides this (see the package rules).
	Approved Code = "approved"
	// DoNotHonor means the issuer declined without a specific reason
	// (ISO 05, 21, 85, 89; VakıfBank 0005).
	DoNotHonor Code = "declined_do_not_honor"
	// ReferToIssuer means the issuer wants voice/manual contact (ISO 01, 02,
	// 32; the NestPay "fake approvals" 08 and 11 [NPN]).
	ReferToIssuer Code = "refer_to_issuer"
	// InsufficientFunds means the balance or credit limit is too low
	// (ISO 51; Garanti 16; VakıfBank 0315).
	InsufficientFunds Code = "declined_insufficient_funds"
	// LimitExceeded means an amount, count or velocity limit of the card was
	// exceeded (ISO 61, 65).
	LimitExceeded Code = "limit_exceeded"
	// ExpiredCard means the card is past its expiry date (ISO 33, 54).
	ExpiredCard Code = "expired_card"
	// InvalidCard means the card number, issuer or account is unknown or
	// malformed (ISO 14, 15, 46, 52, 53, 56, 80).
	InvalidCard Code = "invalid_card"
	// InvalidCVV means the CVV/CVC did not match (ISO 82, N7).
	InvalidCVV Code = "invalid_cvv"
	// InvalidAmount means the amount was rejected by the issuer or gateway
	// (ISO 13; NestPay CORE-2009).
	InvalidAmount Code = "invalid_amount"
	// CardRestricted means the card is not allowed for this kind of
	// transaction, e.g. closed to e-commerce (ISO 57, 62, 78, 93, R0/R1/R3).
	CardRestricted Code = "card_restricted"
	// PickupLostStolen means the issuer ordered the card retained, or
	// reported it lost or stolen (ISO 04, 07, 36, 37, 38, 41, 43). The card
	// must be flagged and further attempts with it blocked.
	PickupLostStolen Code = "pickup_lost_stolen"
	// FraudSuspected means the issuer or gateway suspects fraud or a
	// security violation (ISO 34, 59, 63; NestPay ISO8583-YK black list).
	FraudSuspected Code = "fraud_suspected"
	// ThreeDSFailed means 3-D Secure authentication failed or is not allowed
	// (mdStatus 0, 5-8; ISO 1A asks for 3-D).
	ThreeDSFailed Code = "3ds_failed"
	// DuplicateOrder means the order id was already used at the bank. It is
	// not a decline: an earlier attempt may have been approved, so run a
	// status inquiry and never resend.
	DuplicateOrder Code = "duplicate_order"
	// NotFound means the referenced order or transaction is unknown to the
	// bank (status, void, refund).
	NotFound Code = "not_found"
	// InvalidTransactionState means the operation is not possible in the
	// transaction's current state (already voided or refunded, refund
	// before end of day, ...).
	InvalidTransactionState Code = "invalid_transaction_state"
	// InvalidRequest means the bank found our request malformed or failing
	// validation (ISO 30, 77; NestPay CORE-1xxx; Garanti 92/0002).
	InvalidRequest Code = "invalid_request"
	// AuthError means the merchant credentials, hash/MAC or source IP were
	// rejected (ISO 03; Posnet 0148, E216; PayFlex 9039).
	AuthError Code = "auth_error"
	// MerchantConfigError means the terminal or feature is not enabled for
	// this merchant (ISO 58; InterPOS 81/B810002; mdStatus 9).
	MerchantConfigError Code = "merchant_config_error"
	// IssuerUnavailable means the issuer or switch is down (ISO 91).
	IssuerUnavailable Code = "issuer_unavailable"
	// SystemError means a gateway or acquirer internal error with a definite
	// "not processed" answer (ISO 96, 06, 09, 19).
	SystemError Code = "system_error"
	// TimeoutUnknown means there is no usable answer: the request may have
	// reached the bank, so the outcome must be established by a status
	// inquiry before anything else is tried.
	TimeoutUnknown Code = "timeout_unknown"
)

// Category groups codes by what the merchant should do next. Its values are
// stable strings; see the package documentation for the assignment.
type Category string

// The categories.
const (
	// CategoryApproved holds Approved.
	CategoryApproved Category = "approved"
	// CategorySoftDecline holds issuer declines that may succeed later.
	CategorySoftDecline Category = "soft_decline"
	// CategoryHardDecline holds refusals that fail again unless the card,
	// card data or operation changes.
	CategoryHardDecline Category = "hard_decline"
	// CategoryFraud holds the flag-the-card outcomes (pickup, lost, stolen,
	// fraud).
	CategoryFraud Category = "fraud_pickup"
	// CategoryThreeDS holds 3-D Secure authentication failures.
	CategoryThreeDS Category = "3ds_failure"
	// CategoryMerchantConfig holds errors our side must fix (credentials,
	// configuration, request format).
	CategoryMerchantConfig Category = "merchant_config"
	// CategoryTechnical holds outcomes where nobody decided about the card:
	// outages, internal errors and unknown outcomes.
	CategoryTechnical Category = "technical"
	// CategoryUnknown is the category of an empty or unknown Code.
	CategoryUnknown Category = "unknown"
)

// Category returns the category of c, or CategoryUnknown if c is not a
// valid Code.
func (c Code) Category() Category {
	if i, ok := lookup(c); ok {
		return i.category
	}
	return CategoryUnknown
}

// Valid reports whether c is one of the declared codes.
func (c Code) Valid() bool {
	_, ok := lookup(c)
	return ok
}

// Retryable reports whether the cardholder, or a later merchant-initiated
// attempt, may try again (returncodes.md §1 "retry by cardholder"). It is
// not a licence to retry automatically: the library never auto-retries a
// decline. It is false for Approved, for unknown codes, and for
// TimeoutUnknown and DuplicateOrder, which need a status inquiry first.
func (c Code) Retryable() bool {
	i, ok := lookup(c)
	return ok && i.retryable
}

// Pickup reports whether c orders the card flagged and further attempts
// with it blocked (returncodes.md §1 "flag card": pickup_lost_stolen).
func (c Code) Pickup() bool { return c == PickupLostStolen }

// Fraud reports whether c sends the payment to fraud review
// (returncodes.md §1 "flag card": fraud_suspected). The ISO table's
// [Entry.Fraud] is finer: some pickup codes (07, 37, 43) are also fraud.
func (c Code) Fraud() bool { return c == FraudSuspected }

// Message returns a short cardholder message in Turkish when lang is a
// Turkish tag ("tr", "tr-TR", "tr_TR", any case) and in English otherwise.
// It never reveals lost, stolen or fraud reasons: PickupLostStolen and
// FraudSuspected get the generic "declined, contact your bank" text
// (returncodes.md §0 rule 6). An unknown code gets a neutral text.
func (c Code) Message(lang string) string {
	i, ok := lookup(c)
	if !ok {
		i = unknownInfo
	}
	if isTurkish(lang) {
		return i.tr
	}
	return i.en
}

// OperatorMessage returns a short back-office text in Turkish when lang is
// a Turkish tag and in English otherwise. Unlike Message it names the real
// reason and says what to do (status inquiry, alert the operator, flag the
// card, ...).
func (c Code) OperatorMessage(lang string) string {
	i, ok := lookup(c)
	if !ok {
		i = unknownInfo
	}
	if isTurkish(lang) {
		return i.opTR
	}
	return i.opEN
}

// All returns every Code in declaration order. The slice is a fresh copy.
func All() []Code {
	out := make([]Code, len(catalogue))
	for n, i := range catalogue {
		out[n] = i.code
	}
	return out
}

// ParseCode returns the Code whose value is s, ignoring surrounding spaces
// and letter case. It is meant for database and configuration round trips;
// the error names the bad value.
func ParseCode(s string) (Code, error) {
	c := Code(strings.ToLower(strings.TrimSpace(s)))
	if !c.Valid() {
		return "", fmt.Errorf("returncodes: unknown code %q", s)
	}
	return c, nil
}

// isTurkish reports whether lang is a Turkish language tag: "tr" alone or
// followed by "-" or "_" and a region, in any case.
func isTurkish(lang string) bool {
	lang = strings.TrimSpace(lang)
	if len(lang) < 2 || !strings.EqualFold(lang[:2], "tr") {
		return false
	}
	return len(lang) == 2 || lang[2] == '-' || lang[2] == '_'
}
