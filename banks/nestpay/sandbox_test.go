package nestpay_test

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// The sandbox contract test runs the conformance suite against the real
// NestPay test environment when these variables are set:
//
//	VPOS_SANDBOX_NESTPAY_CLIENT_ID, VPOS_SANDBOX_NESTPAY_USER,
//	VPOS_SANDBOX_NESTPAY_PASSWORD, VPOS_SANDBOX_NESTPAY_STORE_KEY
//	VPOS_SANDBOX_NESTPAY_API_URL, VPOS_SANDBOX_NESTPAY_GATE_URL (optional;
//	the generic Asseco test environment, nestpay.AssecoTest, by default)
//
// The public test merchants of nestpay.md §9 work there (e.g. client id
// 700655000200, user ISBANKAPI). The sandbox needs the machine's IP to be
// allow-listed by the bank. Faults, the ledger and the request count are
// unavailable, and the ACS wants a real one-time password, so those
// subtests skip; only the approving test card of nestpay.md §9 is known, so
// the decline subtests skip too. The real platform refuses a refund before
// the sale's end of day (CORE-2508), which the suite's same-day refund
// subtests will report.
const sandboxEnv = "VPOS_SANDBOX_NESTPAY_"

func TestSandbox(t *testing.T) {
	get := func(name string) string { return os.Getenv(sandboxEnv + name) }
	cfg := nestpay.Config{
		ClientID: get("CLIENT_ID"), User: get("USER"), Password: get("PASSWORD"), StoreKey: get("STORE_KEY"),
		Endpoint: nestpay.AssecoTest,
	}
	if cfg.ClientID == "" || cfg.User == "" || cfg.Password == "" || cfg.StoreKey == "" {
		t.Skip("set " + sandboxEnv + "CLIENT_ID, " + sandboxEnv + "USER, " + sandboxEnv + "PASSWORD and " +
			sandboxEnv + "STORE_KEY (optionally " + sandboxEnv + "API_URL and " + sandboxEnv +
			"GATE_URL; default the Asseco test environment) to run the conformance suite against the NestPay sandbox")
	}
	if u := get("API_URL"); u != "" {
		cfg.Endpoint.API = u
	}
	if u := get("GATE_URL"); u != "" {
		cfg.Endpoint.Gate3D = u
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("sandbox configuration: %v", err)
	}
	vpostest.RunProviderTests(t, func(*testing.T) vpostest.Harness { return &sandboxHarness{cfg: cfg} })
}

// sandboxHarness implements vpostest.Harness over the real test
// environment.
type sandboxHarness struct {
	cfg nestpay.Config
}

func (h *sandboxHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	return nestpay.Open(h.cfg, opts)
}

// Cards returns the published test card of nestpay.md §9 (Akbank Visa,
// 3-D Secure enrolled) for the approving and the 3-D Secure outcomes; no
// declining cards are published.
func (h *sandboxHarness) Cards() vpostest.Cards {
	card := vpos.Card{Number: "4355084355084358", ExpMonth: 12, ExpYear: 2030, CVV: "000", Holder: "Test Kart"}
	return vpostest.Cards{Approve: card, ThreeD: card}
}

// ACS cannot play the sandbox's ACS, which asks for a real one-time
// password.
func (h *sandboxHarness) ACS(context.Context, *threed.Form, vpostest.ACSOutcome) (url.Values, error) {
	return nil, vpostest.ErrACSUnavailable
}

func (h *sandboxHarness) Inject(vpostest.Fault) bool { return false }
func (h *sandboxHarness) Ledger() *vpostest.Ledger   { return nil }
func (h *sandboxHarness) Requests() int              { return -1 }
func (h *sandboxHarness) Secrets() []string          { return []string{h.cfg.Password, h.cfg.StoreKey} }
func (h *sandboxHarness) Close()                     {}
func (h *sandboxHarness) UnsignedCallbackFields() []string {
	return []string{"encoding", "nationalidno"}
}
