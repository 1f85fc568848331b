package threed

import "strings"

// Status is the normalised outcome of cardholder authentication, whatever
// vocabulary the bank uses (mdStatus digits, 3-D Secure transaction status
// letters). It is string-typed so that it stays stable in databases.
type Status string

// The authentication outcomes.
const (
	// StatusAuthenticated is full 3-D Secure authentication: mdStatus 1,
	// transaction status Y.
	StatusAuthenticated Status = "authenticated"
	// StatusAttempted is "half secure": the card or its issuer is not
	// enrolled, or only an attempt was recorded (mdStatus 2, 3, 4,
	// transaction status A). Liability usually still shifts (ECI 06/01),
	// but whether to accept it is the merchant's choice; see Policy.
	StatusAttempted Status = "attempted"
	// StatusFailed is an authentication the cardholder or issuer did not
	// pass, or that could not be performed (mdStatus 0, 5, 6, 7, 8,
	// transaction status N or R).
	StatusFailed Status = "failed"
	// StatusError is an outcome that says nothing about the cardholder: a
	// missing or unrecognised value, mdStatus 9 (merchant or terminal not
	// enrolled for 3-D Secure, a configuration problem), or transaction
	// status U or E.
	StatusError Status = "error"
)

// Valid reports whether s is one of the four Status values.
func (s Status) Valid() bool {
	switch s {
	case StatusAuthenticated, StatusAttempted, StatusFailed, StatusError:
		return true
	}
	return false
}

// mdStatuses maps each known mdStatus value to its outcome and meaning.
var mdStatuses = map[string]struct {
	status  Status
	meaning string
}{
	"0": {StatusFailed, "authentication failed (wrong password or code, or invalid signature)"},
	"1": {StatusAuthenticated, "full 3-D Secure authentication"},
	"2": {StatusAttempted, "card or cardholder not enrolled in 3-D Secure (half secure)"},
	"3": {StatusAttempted, "card's issuer not enrolled in 3-D Secure (half secure)"},
	"4": {StatusAttempted, "authentication attempt: cardholder chose to enrol later (half secure)"},
	"5": {StatusFailed, "authentication could not be performed"},
	"6": {StatusFailed, "3-D Secure error"},
	"7": {StatusFailed, "system error"},
	"8": {StatusFailed, "unknown card number"},
	"9": {StatusError, "merchant or terminal not enrolled for 3-D Secure (non-3D transaction)"},
}

// MDStatus interprets the mdStatus value posted back by NestPay, Garanti,
// Posnet, PayFor, InterPOS, Akbank and Tosla: 1 is StatusAuthenticated;
// 2, 3 and 4 are StatusAttempted; 0, 5, 6, 7 and 8 are StatusFailed; 9
// (merchant not enrolled for 3D), an empty value and anything unrecognised
// are StatusError. Surrounding white space is ignored.
//
// In 3d_pay and the hosted models, mdStatus alone does not tell whether the
// card was charged; see the package documentation.
func MDStatus(md string) Status {
	if e, ok := mdStatuses[strings.TrimSpace(md)]; ok {
		return e.status
	}
	return StatusError
}

// MDStatusMeaning returns a short English description of an mdStatus value,
// suitable for logs and back-office screens. It never echoes md itself.
func MDStatusMeaning(md string) string {
	md = strings.TrimSpace(md)
	if e, ok := mdStatuses[md]; ok {
		return e.meaning
	}
	if md == "" {
		return "mdStatus missing"
	}
	return "unrecognised mdStatus"
}

// TransStatus interprets a 3-D Secure transaction status letter: the 3DS
// 1.0.2 PaRes "TX status", the EMV 3-D Secure transStatus, and PayFlex
// (VakıfBank MPI) callback Status. Y is StatusAuthenticated, A is
// StatusAttempted, N and R (rejected) are StatusFailed; U, E, an empty value
// and anything else are StatusError. Case and surrounding white space are
// ignored.
func TransStatus(s string) Status {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "Y":
		return StatusAuthenticated
	case "A":
		return StatusAttempted
	case "N", "R":
		return StatusFailed
	}
	return StatusError
}

// Policy decides whether an authentication outcome lets the merchant send
// the provision in the 3d model. The zero Policy is strict: only
// StatusAuthenticated is allowed.
type Policy struct {
	// AcceptAttempts also allows StatusAttempted ("half secure", mdStatus
	// 2, 3, 4). Some acquiring contracts permit it; many merchants refuse it.
	AcceptAttempts bool
}

// Allows reports whether the policy lets the merchant provision after an
// authentication that ended in s. StatusFailed, StatusError and unknown
// values are never allowed.
func (p Policy) Allows(s Status) bool {
	switch s {
	case StatusAuthenticated:
		return true
	case StatusAttempted:
		return p.AcceptAttempts
	}
	return false
}
