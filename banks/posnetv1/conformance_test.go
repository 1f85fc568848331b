package posnetv1_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnetv1"
	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
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
	s := posnetv1test.NewServer()
	t.Cleanup(s.Close)
	return &harness{s: s}
}

// harness implements vpostest.Harness (and UnsignedCallbackFields) over a
// posnetv1test.Server.
type harness struct{ s *posnetv1test.Server }

// config is the adapter's Config for the fake bank.
func (h *harness) config() posnetv1.Config {
	c := h.s.Credentials()
	return posnetv1.Config{
		MerchantNo: c.MerchantNo, TerminalNo: c.TerminalNo, PosnetID: c.PosnetID, EncKey: c.EncKey,
		Endpoint: posnetv1.Endpoint{API: h.s.APIURL(), Gate3D: h.s.GateURL(), Test: true},
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
		o.Company = "posnetv1-company"
	}
	if o.POS == "" {
		o.POS = "posnetv1-pos"
	}
	return posnetv1.Open(h.config(), &o)
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
