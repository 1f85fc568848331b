package posnet_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnet"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// sandboxVars are the environment variables of the sandbox contract test;
// the *_URL ones are optional (posnet.TestEndpoint by default).
var sandboxVars = []string{
	"VPOS_SANDBOX_POSNET_MERCHANT_ID", "VPOS_SANDBOX_POSNET_TERMINAL_ID",
	"VPOS_SANDBOX_POSNET_POSNET_ID", "VPOS_SANDBOX_POSNET_ENC_KEY",
}

// TestSandbox runs the provider suite against Yapı Kredi's test
// environment (posnet.md §1, §8) when the VPOS_SANDBOX_POSNET_* variables
// are set: no ledger, no request count, no faults and no ACS, so those
// checks skip. The server's egress IP must be allow-listed by the bank
// (otherwise every call answers 0148).
func TestSandbox(t *testing.T) {
	var missing []string
	for _, v := range sandboxVars {
		if os.Getenv(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("sandbox credentials not set: %s (optional: VPOS_SANDBOX_POSNET_API_URL, VPOS_SANDBOX_POSNET_GATE_URL)", strings.Join(missing, ", "))
	}
	env := func(name string) string { return os.Getenv("VPOS_SANDBOX_POSNET_" + name) }
	cfg := posnet.Config{
		MerchantID: env("MERCHANT_ID"), TerminalID: env("TERMINAL_ID"),
		PosnetID: env("POSNET_ID"), EncKey: env("ENC_KEY"),
		Endpoint: posnet.TestEndpoint, AcceptMDStatus9: true,
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
type sandboxHarness struct{ cfg posnet.Config }

func (h *sandboxHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	return posnet.Open(h.cfg, opts)
}

// Cards are the published test card of posnet.md §8 (Visa
// 4048095010857528, 05/28, CVV 454); no decline cards are published, so
// those subtests skip.
func (h *sandboxHarness) Cards() vpostest.Cards {
	c := vpos.Card{Number: "4048095010857528", ExpMonth: 5, ExpYear: 2028, CVV: "454", Holder: "Test Kart"}
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
