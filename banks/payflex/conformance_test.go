package payflex_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// TestConformance runs the provider suite against the fake bank: every
// declared feature must pass.
func TestConformance(t *testing.T) {
	vpostest.RunProviderTests(t, newHarness)
}

// newHarness starts a fake bank for one subtest; it is closed by
// t.Cleanup.
func newHarness(t *testing.T) vpostest.Harness {
	t.Helper()
	s := payflextest.NewServer()
	t.Cleanup(s.Close)
	return &harness{s: s}
}

// harness implements vpostest.Harness (and UnsignedCallbackFields) over a
// payflextest.Server.
type harness struct {
	s *payflextest.Server
}

// fakeConfig is the adapter's Config for the fake bank s.
func fakeConfig(s *payflextest.Server) payflex.Config {
	c := s.Credentials()
	return payflex.Config{
		MerchantID: c.MerchantID, Password: c.Password, TerminalNo: c.TerminalNo, MerchantType: c.MerchantType,
		Endpoint: payflex.Endpoint{
			Test: true, VPOS: s.VPOSURL(), MPI: s.MPIURL(), Search: s.SearchURL(),
			CPRegister: s.CPRegisterURL(), CPGate: s.CPGateURL(), CPQuery: s.CPQueryURL(),
		},
	}
}

// Client opens a Client on the fake with a copy of opts: the fake's
// fault-injecting HTTP client when opts has none, and labels when empty.
func (h *harness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	var o vpos.Options
	if opts != nil {
		o = *opts
	}
	if o.HTTPClient == nil {
		o.HTTPClient = h.s.HTTPClient()
	}
	if o.Company == "" {
		o.Company = "payflex-company"
	}
	if o.POS == "" {
		o.POS = "payflex-pos"
	}
	return payflex.Open(fakeConfig(h.s), &o)
}

func (h *harness) Cards() vpostest.Cards { return h.s.Cards() }

func (h *harness) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	return h.s.ACS(ctx, form, outcome)
}

// Inject arms fault on the fake. FaultBadCallbackSignature is refused
// (the BadSignature subtest skips): PayFlex's MPI callback carries no
// signature (payflex.md §4.3), so there is nothing to break, and the fake
// sends its usual callback. The unsigned-callback risks are covered by
// TestForgedCallback instead.
func (h *harness) Inject(fault vpostest.Fault) bool {
	if fault == vpostest.FaultBadCallbackSignature {
		return false
	}
	h.s.Faults().Arm(fault)
	return true
}

func (h *harness) Ledger() *vpostest.Ledger { return h.s.Ledger() }

func (h *harness) Requests() int { return h.s.Faults().Requests() }

func (h *harness) Secrets() []string { return []string{h.s.Credentials().Password} }

func (h *harness) UnsignedCallbackFields() []string { return h.s.UnsignedCallbackFields() }

func (h *harness) Close() {
	h.s.Close()
	h.s.HTTPClient().CloseIdleConnections()
}
