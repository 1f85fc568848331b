package refpos

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// NewHarness starts a Bank for one conformance subtest and returns the
// vpostest.Harness over it; the bank is closed by t.Cleanup. It has the
// signature vpostest.RunProviderTests wants:
//
//	vpostest.RunProviderTests(t, refpos.NewHarness)
func NewHarness(t *testing.T) vpostest.Harness {
	t.Helper()
	b := NewBank()
	t.Cleanup(b.Close)
	return &harness{
		bank:    b,
		api:     b.Faults().HTTPClient(),
		browser: &http.Client{Timeout: 30 * time.Second},
	}
}

// harness implements vpostest.Harness over a Bank.
type harness struct {
	bank    *Bank
	api     *http.Client // routes FaultConnRefused
	browser *http.Client // the shopper's browser: plain, no faults
}

// Client opens a Client on the bank with a copy of opts: the bank's
// fault-injecting HTTP client when opts has none, and the company and POS
// labels "refpos-company" and "refpos-pos" when empty.
func (h *harness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	var o vpos.Options
	if opts != nil {
		o = *opts
	}
	if o.HTTPClient == nil {
		o.HTTPClient = h.api
	}
	if o.Company == "" {
		o.Company = "refpos-company"
	}
	if o.POS == "" {
		o.POS = "refpos-pos"
	}
	merchant, password, key := h.bank.Credentials()
	return Open(Config{Endpoint: h.bank.URL(), MerchantID: merchant, Password: password, StoreKey: key}, &o)
}

func (h *harness) Cards() vpostest.Cards { return h.bank.Cards() }

func (h *harness) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	b := vpostest.Browser{Client: h.browser}
	return b.RunACS(ctx, form, outcome)
}

func (h *harness) Inject(fault vpostest.Fault) bool {
	h.bank.Faults().Arm(fault)
	return true
}

func (h *harness) Ledger() *vpostest.Ledger { return h.bank.Ledger() }

func (h *harness) Requests() int { return h.bank.Faults().Requests() }

func (h *harness) Secrets() []string {
	_, password, key := h.bank.Credentials()
	return []string{password, key}
}

func (h *harness) Close() {
	h.bank.Close()
	h.api.CloseIdleConnections()
	h.browser.CloseIdleConnections()
}
