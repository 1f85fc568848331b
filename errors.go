package vpos

import (
	"errors"
	"strings"

	"github.com/sanalpos/vpos/returncodes"
)

// ErrorCode is the coarse kind of a failure. It is string-typed so that it
// is stable in databases and logs.
type ErrorCode string

// The error codes. See Error.
const (
	// InvalidRequest: the request failed validation before any I/O, or the
	// bank rejected it as malformed. Field names the culprit.
	InvalidRequest ErrorCode = "invalid_request"
	// Unsupported: the provider does not declare the feature; no I/O was done.
	Unsupported ErrorCode = "unsupported"
	// Auth: the bank refused the merchant's credentials, signature or source
	// IP, or the terminal is not configured for the operation.
	Auth ErrorCode = "auth"
	// Declined: the bank answered and said no. Return holds the reason.
	Declined ErrorCode = "declined"
	// Duplicate: the order already has an approved or unresolved operation
	// of the same kind; nothing was sent.
	Duplicate ErrorCode = "duplicate"
	// NotFound: the bank (or the store) does not know the order.
	NotFound ErrorCode = "not_found"
	// InvalidCallback: a 3-D Secure callback failed signature verification or
	// does not match the transaction that was started.
	InvalidCallback ErrorCode = "invalid_callback"
	// Unavailable: the bank could not be reached (the request never left) or
	// answered with a definite "not processed" system error.
	Unavailable ErrorCode = "unavailable"
	// UnknownOutcome: the request may have reached the bank but no usable
	// answer came back, and a status inquiry could not settle it. Do not
	// resend; settle it with Status or let the store's resolver do it.
	UnknownOutcome ErrorCode = "unknown_outcome"
	// Canceled: the caller's context was cancelled or its deadline passed.
	// For a money-moving call the stored record stays unknown until settled.
	Canceled ErrorCode = "canceled"
)

// Error is the error type of every Client method. A nil error means the bank
// approved. Match it with errors.Is against the sentinels (ErrDeclined, ...)
// or with errors.As to read the bank's codes.
type Error struct {
	// Code is the kind of failure.
	Code ErrorCode
	// Op is the operation that failed.
	Op Op
	// OrderID is the merchant's order id, when known.
	OrderID string
	// Field names the request field at fault for InvalidRequest.
	Field string
	// Return is the normalised return code.
	Return returncodes.Code
	// BankCode and BankMessage are the bank's raw code and text (redacted).
	BankCode    string
	BankMessage string
	// Msg is a short description (lowercase, no card data).
	Msg string
	// Err is the underlying cause, if any.
	Err error

	sentinel bool
}

// Error formats the error as "vpos: sale order 42: declined: 51 yetersiz bakiye".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("vpos: ")
	if e.Op != "" {
		b.WriteString(string(e.Op))
		b.WriteString(" ")
	}
	if e.OrderID != "" {
		b.WriteString("order ")
		b.WriteString(e.OrderID)
		b.WriteString(" ")
	}
	b.WriteString(strings.ReplaceAll(string(e.Code), "_", " "))
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	if e.BankCode != "" || e.BankMessage != "" {
		b.WriteString(": bank said ")
		b.WriteString(strings.TrimSpace(e.BankCode + " " + e.BankMessage))
	}
	if e.Return != "" && e.Return != returncodes.Approved {
		b.WriteString(" (")
		b.WriteString(string(e.Return))
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrDeclined) and friends match by Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.sentinel && t.Code == e.Code
}

// Sentinel errors, one per ErrorCode, for errors.Is.
var (
	ErrInvalidRequest  = &Error{Code: InvalidRequest, sentinel: true}
	ErrUnsupported     = &Error{Code: Unsupported, sentinel: true}
	ErrAuth            = &Error{Code: Auth, sentinel: true}
	ErrDeclined        = &Error{Code: Declined, sentinel: true}
	ErrDuplicate       = &Error{Code: Duplicate, sentinel: true}
	ErrNotFound        = &Error{Code: NotFound, sentinel: true}
	ErrInvalidCallback = &Error{Code: InvalidCallback, sentinel: true}
	ErrUnavailable     = &Error{Code: Unavailable, sentinel: true}
	ErrUnknownOutcome  = &Error{Code: UnknownOutcome, sentinel: true}
	ErrCanceled        = &Error{Code: Canceled, sentinel: true}
)

// CodeOf returns the ErrorCode of err ("" for nil, UnknownOutcome for
// errors that are not *Error).
func CodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return UnknownOutcome
}

func invalidField(field, msg string) *Error {
	return &Error{Code: InvalidRequest, Field: field, Msg: msg, Return: returncodes.InvalidRequest}
}

// InvalidField returns an InvalidRequest error naming field; providers use
// it for bank-specific validation done before any I/O.
func InvalidField(field, msg string) error { return invalidField(field, msg) }

// ErrorCodeFor maps a normalised return code to the ErrorCode the Client
// reports for a bank answer that is not an approval.
func ErrorCodeFor(rc returncodes.Code) ErrorCode {
	switch rc {
	case returncodes.NotFound:
		return NotFound
	case returncodes.DuplicateOrder:
		return Duplicate
	case returncodes.InvalidRequest:
		return InvalidRequest
	case returncodes.AuthError, returncodes.MerchantConfigError:
		return Auth
	case returncodes.IssuerUnavailable, returncodes.SystemError:
		return Unavailable
	case returncodes.TimeoutUnknown, "":
		return UnknownOutcome
	default:
		return Declined
	}
}
