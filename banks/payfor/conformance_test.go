package payfor_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payfor"
	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// TestConformance runs the provider suite against the fake bank (written
// from payfor.md by another engineer than the adapter): every declared
// feature must pass.
func TestConformance(t *testing.T) {
	vpostest.RunProviderTests(t, newHarness)
}

// newHarness starts a fake bank for one subtest; it is closed by
// t.Cleanup.
func newHarness(t *testing.T) vpostest.Harness {
	t.Helper()
	s := payfortest.NewServer()
	t.Cleanup(s.Close)
	return &harness{s: s}
}

// fakeConfig is the adapter's Config for the fake bank s.
func fakeConfig(s *payfortest.Server) payfor.Config {
	c := s.Credentials()
	return payfor.Config{
		MbrID: c.MbrID, MerchantID: c.MerchantID, UserCode: c.UserCode, UserPass: c.UserPass, MerchantPass: c.MerchantPass,
		Endpoint: payfor.Endpoint{Test: true, API: s.APIURL(), Gate3D: s.Gate3DURL(), HostedGate3D: s.HostedGate3DURL()},
	}
}

// harness implements vpostest.Harness (and UnsignedCallbackFields) over a
// payfortest.Server.
type harness struct{ s *payfortest.Server }

// Client opens a Client on the fake with a copy of opts: the fake's
// fault-injecting HTTP client when opts has none.
func (h *harness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	var o vpos.Options
	if opts != nil {
		o = *opts
	}
	if o.HTTPClient == nil {
		o.HTTPClient = h.s.HTTPClient()
	}
	return payfor.Open(fakeConfig(h.s), &o)
}

func (h *harness) Cards() vpostest.Cards { return h.s.Cards() }

func (h *harness) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	return h.s.ACS(ctx, form, outcome)
}

func (h *harness) Inject(fault vpostest.Fault) bool { h.s.Faults().Arm(fault); return true }

func (h *harness) Ledger() *vpostest.Ledger { return h.s.Ledger() }

func (h *harness) Requests() int { return h.s.Faults().Requests() }

func (h *harness) Secrets() []string {
	c := h.s.Credentials()
	return []string{c.UserPass, c.MerchantPass}
}

func (h *harness) UnsignedCallbackFields() []string { return h.s.UnsignedCallbackFields() }

func (h *harness) Close() {
	h.s.Close()
	h.s.HTTPClient().CloseIdleConnections()
}
