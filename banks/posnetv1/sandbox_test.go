package posnetv1_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnetv1"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// sandboxVars are the environment variables of the sandbox contract test;
// VPOS_SANDBOX_POSNETV1_API_URL and _GATE_URL are optional
// (posnetv1.TestEndpoint by default).
var sandboxVars = []string{
	"VPOS_SANDBOX_POSNETV1_MERCHANT_NO", "VPOS_SANDBOX_POSNETV1_TERMINAL_NO",
	"VPOS_SANDBOX_POSNETV1_POSNET_ID", "VPOS_SANDBOX_POSNETV1_ENC_KEY",
}

// TestSandbox runs the provider suite against Albaraka's test environment
// (posnet.md §10) when the VPOS_SANDBOX_POSNETV1_* variables are set: no
// ledger, no request count, no faults and no ACS, so those checks skip.
func TestSandbox(t *testing.T) {
	var missing []string
	for _, v := range sandboxVars {
		if os.Getenv(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("sandbox credentials not set: %s (optional: VPOS_SANDBOX_POSNETV1_API_URL, VPOS_SANDBOX_POSNETV1_GATE_URL)", strings.Join(missing, ", "))
	}
	env := func(name string) string { return os.Getenv("VPOS_SANDBOX_POSNETV1_" + name) }
	cfg := posnetv1.Config{
		MerchantNo: env("MERCHANT_NO"), TerminalNo: env("TERMINAL_NO"),
		PosnetID: env("POSNET_ID"), EncKey: env("ENC_KEY"), Endpoint: posnetv1.TestEndpoint,
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
type sandboxHarness struct{ cfg posnetv1.Config }

func (h *sandboxHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	return posnetv1.Open(h.cfg, opts)
}

// Cards are the published test card of posnet.md §10 (Visa
// 4506347010299085, 09/26, CVV 000, 3D SMS code 34020); no decline cards
// are published, so those subtests skip.
func (h *sandboxHarness) Cards() vpostest.Cards {
	c := vpos.Card{Number: "4506347010299085", ExpMonth: 9, ExpYear: 2026, CVV: "000", Holder: "Test Kart"}
	return vpostest.Cards{Approve: c, ThreeD: c}
}

func (h *sandboxHarness) ACS(context.Context, *threed.Form, vpostest.ACSOutcome) (url.Values, error) {
	return nil, vpostest.ErrACSUnavailable
}

func (h *sandboxHarness) Inject(vpostest.Fault) bool { return false }

func (h *sandboxHarness) Ledger() *vpostest.Ledger { return nil }

func (h *sandboxHarness) Requests() int { return -1 }

func (h *sandboxHarness) Secrets() []string { return []string{h.cfg.EncKey} }

func (h *sandboxHarness) Close() {}
