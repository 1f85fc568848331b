package vpostest

import (
	"context"
	"errors"
	"net/url"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// Harness connects the conformance suite to one protocol's bank: its fake,
// or its sandbox when credentials are in the environment. RunProviderTests
// makes a fresh Harness for every subtest.
type Harness interface {
	// Client returns a Client for this harness's bank built with opts: the
	// suite supplies Store, Hooks, Logger and timeouts, and the harness
	// passes them to its protocol's Open. When opts.HTTPClient is nil the
	// harness may set one (a fake bank routes faults through it).
	Client(ctx context.Context, opts *vpos.Options) (*vpos.Client, error)
	// Cards returns the test cards for each outcome. A sandbox harness
	// leaves zero the cards the bank publishes none for; their subtests skip.
	Cards() Cards
	// ACS plays the cardholder's browser: it submits form to the bank's 3D
	// gate, answers the ACS with outcome and returns the callback the bank
	// would post to the merchant.
	ACS(ctx context.Context, form *threed.Form, outcome ACSOutcome) (url.Values, error)
	// Inject arms fault for the next request (FaultNone clears what is
	// armed). It reports false when the bank cannot inject faults (sandbox),
	// and the fault subtests skip then.
	Inject(fault Fault) bool
	// Ledger is what the bank booked; nil in sandbox mode.
	Ledger() *Ledger
	// Requests counts the requests that reached the bank (API, 3D gate and
	// ACS); -1 when unknown (sandbox).
	Requests() int
	// Secrets lists values that must never appear in any log, hook, error,
	// stored record or Result: passwords, store keys, signing secrets.
	Secrets() []string
	// Close releases the fake bank.
	Close()
}

// UnsignedCallbackFields is implemented by harnesses whose protocol leaves
// some callback fields out of the signature (nestpay.md: Ziraat's
// nationalidno). The tampering subtest skips those fields.
type UnsignedCallbackFields interface {
	UnsignedCallbackFields() []string
}

// ErrACSUnavailable is what a Harness's ACS returns when it cannot play the
// cardholder (a sandbox whose ACS wants a real one-time password); the 3-D
// Secure subtests skip then.
var ErrACSUnavailable = errors.New("vpostest: the harness cannot drive this bank's ACS")
