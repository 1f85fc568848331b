package nestpay_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// TestConformance runs the provider suite against the fake bank with the
// ver3 hash: every declared feature must pass.
func TestConformance(t *testing.T) {
	vpostest.RunProviderTests(t, func(t *testing.T) vpostest.Harness { return newHarness(t, false) })
}

// TestConformanceLegacyHash runs the suite again with the legacy SHA-1
// hash on both sides (the gate form and the callbacks; the API calls do
// not change).
func TestConformanceLegacyHash(t *testing.T) {
	vpostest.RunProviderTests(t, func(t *testing.T) vpostest.Harness { return newHarness(t, true) })
}

// harness implements vpostest.Harness over a nestpaytest.Server.
type harness struct {
	bank   *nestpaytest.Server
	legacy bool
}

// newHarness starts a fake bank for one subtest; t.Cleanup closes it.
func newHarness(t *testing.T, legacy bool) vpostest.Harness {
	t.Helper()
	var opts []nestpaytest.Option
	if legacy {
		opts = append(opts, nestpaytest.WithLegacyHash())
	}
	bank := nestpaytest.NewServer(opts...)
	t.Cleanup(bank.Close)
	return &harness{bank: bank, legacy: legacy}
}

// config is the merchant's Config at the fake bank.
func (h *harness) config() nestpay.Config {
	c := h.bank.Credentials()
	cfg := nestpay.Config{
		ClientID: c.ClientID, User: c.User, Password: c.Password, StoreKey: c.StoreKey,
		Endpoint: nestpay.Endpoint{API: h.bank.APIURL(), Gate3D: h.bank.GateURL()},
	}
	if h.legacy {
		cfg.HashVersion = nestpay.HashLegacy
	}
	return cfg
}

// Client opens a Client on the fake bank with a copy of opts, routing the
// API through the bank's fault-injecting HTTP client.
func (h *harness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	var o vpos.Options
	if opts != nil {
		o = *opts
	}
	if o.HTTPClient == nil {
		o.HTTPClient = h.bank.HTTPClient()
	}
	return nestpay.Open(h.config(), &o)
}

func (h *harness) Cards() vpostest.Cards { return h.bank.Cards() }

func (h *harness) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	return h.bank.ACS(ctx, form, outcome)
}

func (h *harness) Inject(fault vpostest.Fault) bool {
	h.bank.Faults().Arm(fault)
	return true
}

func (h *harness) Ledger() *vpostest.Ledger { return h.bank.Ledger() }

func (h *harness) Requests() int { return h.bank.Faults().Requests() }

func (h *harness) Secrets() []string {
	c := h.bank.Credentials()
	return []string{c.Password, c.StoreKey}
}

// UnsignedCallbackFields lets the tampering subtest skip the fields the
// bank leaves out of the callback hash. Under the legacy hash that is every
// field outside HASHPARAMS, which never names xid, and the debugging echo
// HASHPARAMSVAL (nestpay.md §7.2, §13.6); the fake's list leaves both out,
// so they are added here. (HASHPARAMS itself is unsigned as well, but
// Config.VerifyCallback refuses every edit of it the suite makes.)
func (h *harness) UnsignedCallbackFields() []string {
	fields := h.bank.UnsignedCallbackFields()
	if h.legacy {
		for _, f := range []string{"xid", "HASHPARAMSVAL"} {
			if !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
	}
	return fields
}

func (h *harness) Close() { h.bank.Close() }

// Compile-time checks.
var (
	_ vpostest.Harness                = (*harness)(nil)
	_ vpostest.UnsignedCallbackFields = (*harness)(nil)
)
