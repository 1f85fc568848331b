package garanti_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// TestConformance runs the provider suite against the fake bank (a version
// 512 terminal): every declared feature must pass.
func TestConformance(t *testing.T) {
	vpostest.RunProviderTests(t, newHarness)
}

// TestConformanceLegacyHash runs the suite against a legacy (SHA-1)
// terminal: the request HashData, secure3dhash and callback hash all change
// scheme.
func TestConformanceLegacyHash(t *testing.T) {
	if testing.Short() {
		t.Skip("the legacy-hash suite is long; -short runs the 512 one only")
	}
	vpostest.RunProviderTests(t, newLegacyHarness)
}

func newHarness(t *testing.T) vpostest.Harness       { return startHarness(t, false) }
func newLegacyHarness(t *testing.T) vpostest.Harness { return startHarness(t, true) }

// startHarness starts a fake bank for one subtest; it is closed by
// t.Cleanup.
func startHarness(t *testing.T, legacy bool) vpostest.Harness {
	t.Helper()
	var opts []garantitest.Option
	if legacy {
		opts = append(opts, garantitest.WithLegacyHash())
	}
	s := garantitest.NewServer(opts...)
	t.Cleanup(s.Close)
	return &harness{s: s, legacy: legacy}
}

// harness implements vpostest.Harness (and UnsignedCallbackFields) over a
// garantitest.Server.
type harness struct {
	s      *garantitest.Server
	legacy bool
}

// config is the adapter's Config for the fake bank.
func (h *harness) config() garanti.Config {
	c := h.s.Credentials()
	cfg := garanti.Config{
		MerchantID: c.MerchantID, TerminalID: c.TerminalID,
		ProvUser: c.ProvUser, ProvPassword: c.ProvPassword,
		RefundUser: c.RefundUser, RefundPassword: c.RefundPassword,
		StoreKey: c.StoreKey,
		Endpoint: garanti.Endpoint{Test: true, API: h.s.APIURL(), Gate3D: h.s.GateURL()},
	}
	if h.legacy {
		cfg.HashVersion = garanti.HashLegacy
	}
	return cfg
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
		o.Company = "garanti-company"
	}
	if o.POS == "" {
		o.POS = "garanti-pos"
	}
	return garanti.Open(h.config(), &o)
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

func (h *harness) Secrets() []string {
	c := h.s.Credentials()
	return []string{c.ProvPassword, c.RefundPassword, c.StoreKey}
}

func (h *harness) UnsignedCallbackFields() []string { return h.s.UnsignedCallbackFields() }

func (h *harness) Close() {
	h.s.Close()
	h.s.HTTPClient().CloseIdleConnections()
}
