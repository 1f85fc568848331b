package posnet_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnet"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// TestConformance runs the provider suite against the fake bank: every
// declared feature must pass.
func TestConformance(t *testing.T) {
	vpostest.RunProviderTests(t, newHarness)
}

// newHarness starts a fake bank for one subtest; it is closed by t.Cleanup.
func newHarness(t *testing.T) vpostest.Harness {
	t.Helper()
	s := posnettest.NewServer()
	t.Cleanup(s.Close)
	return &harness{s: s}
}

// harness implements vpostest.Harness (and UnsignedCallbackFields) over a
// posnettest.Server.
type harness struct{ s *posnettest.Server }

// config is the adapter's Config for the fake bank.
func (h *harness) config() posnet.Config {
	c := h.s.Credentials()
	return posnet.Config{
		MerchantID: c.MerchantID, TerminalID: c.TerminalID, PosnetID: c.PosnetID, EncKey: c.EncKey,
		Endpoint: posnet.Endpoint{API: h.s.APIURL(), Gate3D: h.s.GateURL(), Test: true},
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
		o.Company = "posnet-company"
	}
	if o.POS == "" {
		o.POS = "posnet-pos"
	}
	return posnet.Open(h.config(), &o)
}

func (h *harness) Cards() vpostest.Cards { return h.s.Cards() }

func (h *harness) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	return h.s.ACS(ctx, form, outcome)
}

func (h *harness) Inject(fault vpostest.Fault) bool {
	h.s.Faults().Arm(fault)
	return true
}

func (h *harness) Ledger() *vpostest.Ledger { return h.s.Ledger() }

func (h *harness) Requests() int { return h.s.Faults().Requests() }

func (h *harness) Secrets() []string { return []string{h.s.Credentials().EncKey} }

func (h *harness) UnsignedCallbackFields() []string { return h.s.UnsignedCallbackFields() }

func (h *harness) Close() {
	h.s.Close()
	h.s.HTTPClient().CloseIdleConnections()
}
