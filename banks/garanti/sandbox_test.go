package garanti_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// sandboxVars are the environment variables of the sandbox contract test;
// the *_URL ones are optional (garanti.TestEndpoint by default).
var sandboxVars = []string{
	"VPOS_SANDBOX_GARANTI_MERCHANT_ID", "VPOS_SANDBOX_GARANTI_TERMINAL_ID",
	"VPOS_SANDBOX_GARANTI_PROV_USER", "VPOS_SANDBOX_GARANTI_PROV_PASSWORD",
	"VPOS_SANDBOX_GARANTI_REFUND_USER", "VPOS_SANDBOX_GARANTI_REFUND_PASSWORD",
	"VPOS_SANDBOX_GARANTI_STORE_KEY",
}

// TestSandbox runs the provider suite against Garanti's test environment
// (garanti.md §1, §8) when the VPOS_SANDBOX_GARANTI_* variables are set:
// no ledger, no request count, no faults, and no ACS (its page wants a
// real one-time password), so those checks skip. The server's egress IP
// must be allow-listed by the bank.
func TestSandbox(t *testing.T) {
	var missing []string
	for _, v := range sandboxVars {
		if os.Getenv(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("sandbox credentials not set: %s (optional: VPOS_SANDBOX_GARANTI_API_URL, VPOS_SANDBOX_GARANTI_GATE_URL)", strings.Join(missing, ", "))
	}
	env := func(name string) string { return os.Getenv("VPOS_SANDBOX_GARANTI_" + name) }
	cfg := garanti.Config{
		MerchantID: env("MERCHANT_ID"), TerminalID: env("TERMINAL_ID"),
		ProvUser: env("PROV_USER"), ProvPassword: env("PROV_PASSWORD"),
		RefundUser: env("REFUND_USER"), RefundPassword: env("REFUND_PASSWORD"),
		StoreKey: env("STORE_KEY"),
		Endpoint: garanti.TestEndpoint,
	}
	if u := env("API_URL"); u != "" {
		cfg.Endpoint.API = u
	}
	if u := env("GATE_URL"); u != "" {
		cfg.Endpoint.Gate3D = u
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("sandbox Config: %v", err)
	}
	vpostest.RunProviderTests(t, func(t *testing.T) vpostest.Harness { return &sandboxHarness{cfg: cfg} })
}

// sandboxHarness implements vpostest.Harness over the bank's test
// environment.
type sandboxHarness struct{ cfg garanti.Config }

func (h *sandboxHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	return garanti.Open(h.cfg, opts)
}

// Cards are the published test cards of garanti.md §8: 4282209004348015
// (08/30, non-3D and 3D) approves, 5549608789641500 (04/27) is 3-D Secure
// enrolled. No decline cards are published, so those subtests skip.
func (h *sandboxHarness) Cards() vpostest.Cards {
	return vpostest.Cards{
		Approve: vpos.Card{Number: "4282209004348015", ExpMonth: 8, ExpYear: 2030, CVV: "123", Holder: "Test Kart"},
		ThreeD:  vpos.Card{Number: "5549608789641500", ExpMonth: 4, ExpYear: 2027, CVV: "464", Holder: "Test Kart"},
	}
}

func (h *sandboxHarness) ACS(context.Context, *threed.Form, vpostest.ACSOutcome) (url.Values, error) {
	return nil, vpostest.ErrACSUnavailable
}

func (h *sandboxHarness) Inject(vpostest.Fault) bool { return false }

func (h *sandboxHarness) Ledger() *vpostest.Ledger { return nil }

func (h *sandboxHarness) Requests() int { return -1 }

func (h *sandboxHarness) Secrets() []string {
	return []string{h.cfg.ProvPassword, h.cfg.RefundPassword, h.cfg.StoreKey}
}

func (h *sandboxHarness) Close() {}
