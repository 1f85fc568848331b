package payflex_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// sandboxVars are the environment variables of the sandbox contract test;
// VPOS_SANDBOX_PAYFLEX_BANK ("vakifbank", the default, or "ziraat") picks
// the test endpoint, and the *_URL ones override its URLs.
var sandboxVars = []string{
	"VPOS_SANDBOX_PAYFLEX_MERCHANT_ID", "VPOS_SANDBOX_PAYFLEX_PASSWORD", "VPOS_SANDBOX_PAYFLEX_TERMINAL_NO",
}

// TestSandbox runs the provider suite against the bank's test environment
// (payflex.md §1, §8) when the VPOS_SANDBOX_PAYFLEX_* variables are set:
// no ledger, no request count, no faults, and no ACS (its page wants the
// cardholder's password), so those checks skip. The server's egress IP
// must be allow-listed by the bank (ResultCode 1105 otherwise).
func TestSandbox(t *testing.T) {
	var missing []string
	for _, v := range sandboxVars {
		if os.Getenv(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("sandbox credentials not set: %s (optional: VPOS_SANDBOX_PAYFLEX_BANK, VPOS_SANDBOX_PAYFLEX_VPOS_URL, VPOS_SANDBOX_PAYFLEX_MPI_URL, VPOS_SANDBOX_PAYFLEX_SEARCH_URL)", strings.Join(missing, ", "))
	}
	env := func(name string) string { return os.Getenv("VPOS_SANDBOX_PAYFLEX_" + name) }
	cfg := payflex.Config{
		MerchantID: env("MERCHANT_ID"), Password: env("PASSWORD"), TerminalNo: env("TERMINAL_NO"),
		Endpoint: payflex.VakifbankTest,
	}
	if strings.EqualFold(env("BANK"), "ziraat") {
		cfg.Endpoint = payflex.ZiraatTest
	}
	if u := env("VPOS_URL"); u != "" {
		cfg.Endpoint.VPOS = u
	}
	if u := env("MPI_URL"); u != "" {
		cfg.Endpoint.MPI = u
	}
	if u := env("SEARCH_URL"); u != "" {
		cfg.Endpoint.Search = u
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("sandbox Config: %v", err)
	}
	vpostest.RunProviderTests(t, func(t *testing.T) vpostest.Harness { return &sandboxHarness{cfg: cfg} })
}

// sandboxHarness implements vpostest.Harness over the bank's test
// environment.
type sandboxHarness struct{ cfg payflex.Config }

func (h *sandboxHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	return payflex.Open(h.cfg, opts)
}

// Cards are the published test cards of payflex.md §8: 4938410157705591
// (12/29, CVV 453, 3D password 123456) for non-3D and 3D. No decline cards
// are published, so those subtests skip.
func (h *sandboxHarness) Cards() vpostest.Cards {
	card := vpos.Card{Number: "4938410157705591", ExpMonth: 12, ExpYear: 2029, CVV: "453", Holder: "Test Kart"}
	return vpostest.Cards{Approve: card, ThreeD: card}
}

func (h *sandboxHarness) ACS(context.Context, *threed.Form, vpostest.ACSOutcome) (url.Values, error) {
	return nil, vpostest.ErrACSUnavailable
}

func (h *sandboxHarness) Inject(vpostest.Fault) bool { return false }

func (h *sandboxHarness) Ledger() *vpostest.Ledger { return nil }

func (h *sandboxHarness) Requests() int { return -1 }

func (h *sandboxHarness) Secrets() []string { return []string{h.cfg.Password} }

func (h *sandboxHarness) Close() {}
